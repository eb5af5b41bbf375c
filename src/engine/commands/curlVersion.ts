// `curl -V` of Debian bookworm's curl 7.88.1 (the kind node image's), as the real binary prints it.
import { CURL_VERSION_LINE } from './curlWriteOut.ts';

export const CURL_VERSION = `curl 7.88.1 (x86_64-pc-linux-gnu) ${CURL_VERSION_LINE}
Release-Date: 2023-02-20, security patched: 7.88.1-10+deb12u14
Protocols: dict file ftp ftps gopher gophers http https imap imaps ldap ldaps mqtt pop3 pop3s rtmp rtsp scp sftp smb smbs smtp smtps telnet tftp
Features: alt-svc AsynchDNS brotli GSS-API HSTS HTTP2 HTTPS-proxy IDN IPv6 Kerberos Largefile libz NTLM NTLM_WB PSL SPNEGO SSL threadsafe TLS-SRP UnixSockets zstd
`;
