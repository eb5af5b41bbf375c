// The verbose lines that differ between the two curl builds Proxyscope runs: Debian bookworm's
// 7.88.1 (kind nodes) and Alpine's 8.7.1 (nicolaka/netshoot v0.13, built from Alpine edge in
// May 2024). Texts from curl's lib/ at tags curl-7_88_1 and curl-8_7_1: 8.x shows what the
// name resolved to (hostip.c show_resolve_info: no AAAA in an IPv4 cluster, so "IPv6: (none)"),
// says when the request is out (request.c), drops the connection number from "Connected to"
// and "Closing connection" (url.c), and names the local address of a failed connect
// (cf-socket.c).

import { CURL_VERSION } from './curlVersion.ts';

export type CurlVersion = '7.88.1' | '8.7.1';

export interface CurlDialect {
  userAgent: string;
  /** `curl -V` (the Debian one is the real binary's; see CURL_VERSION_8_7_1 for Alpine's). */
  versionText: string;
  /** After a fresh lookup of a name (not an address), before "Trying". */
  resolved(host: string, port: number, ipv4: string): string;
  connected(host: string, ip: string, port: number, id: number): string;
  /** After the request headers (and body) went out. */
  requestSent(bodyBytes: number): string;
  closing(id: number): string;
  reusing(id: number, host: string): string;
  connectFailed(ip: string, port: number, local: { ip: string; port: number }, error: string): string;
}

const CURL_7_88_1: CurlDialect = {
  userAgent: 'curl/7.88.1',
  versionText: CURL_VERSION,
  resolved: () => '',
  connected: (host, ip, port, id) => `* Connected to ${host} (${ip}) port ${port} (#${id})\n`,
  requestSent: () => '',
  closing: (id) => `* Closing connection ${id}\n`,
  reusing: (id, host) => `* Re-using existing connection #${id} with host ${host}\n`,
  connectFailed: (ip, port, _local, error) => `* connect to ${ip} port ${port} failed: ${error}\n`,
};

// Alpine's build (x86_64-alpine-linux-musl, released 2024-03-27): the library versions are the
// ones Alpine edge packaged in May 2024, reconstructed from its package index, not printed by
// the image itself; websockets (ws/wss) were still off by default in 8.7.
const CURL_VERSION_8_7_1 = `curl 8.7.1 (x86_64-alpine-linux-musl) libcurl/8.7.1 OpenSSL/3.3.0 zlib/1.3.1 brotli/1.1.0 zstd/1.5.6 c-ares/1.28.1 libidn2/2.3.7 libpsl/0.21.5 nghttp2/1.62.1
Release-Date: 2024-03-27
Protocols: dict file ftp ftps gopher gophers http https imap imaps ipfs ipns mqtt pop3 pop3s rtsp smb smbs smtp smtps telnet tftp
Features: alt-svc AsynchDNS brotli HSTS HTTP2 HTTPS-proxy IDN IPv6 Largefile libz NTLM PSL SSL threadsafe TLS-SRP UnixSockets zstd
`;

const CURL_8_7_1: CurlDialect = {
  userAgent: 'curl/8.7.1',
  versionText: CURL_VERSION_8_7_1,
  // curl resolves "localhost" itself, to both loopback addresses.
  resolved: (host, port, ipv4) => `* Host ${host}:${port} was resolved.\n* IPv6: ${host.toLowerCase() === 'localhost' ? '::1' : '(none)'}\n* IPv4: ${ipv4}\n`,
  connected: (host, ip, port) => `* Connected to ${host} (${ip}) port ${port}\n`,
  requestSent: (bodyBytes) => (bodyBytes > 0 ? `* upload completely sent off: ${bodyBytes} bytes\n` : '* Request completely sent off\n'),
  closing: () => '* Closing connection\n',
  reusing: (_id, host) => `* Re-using existing connection with host ${host}\n`,
  connectFailed: (ip, port, local, error) => `* connect to ${ip} port ${port} from ${local.ip} port ${local.port} failed: ${error}\n`,
};

export function curlDialect(version: CurlVersion): CurlDialect {
  return version === '8.7.1' ? CURL_8_7_1 : CURL_7_88_1;
}
