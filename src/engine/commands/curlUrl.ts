// The URL of a curl command line as curl 7.88.1 / 8.x take it apart (only http:// is modelled):
// host, port, the request target and the Host header.

export interface Url {
  /** As typed (url / url_effective). */
  text: string;
  host: string;
  port: number;
  /** Path and query as sent in the request line. */
  target: string;
  /** The Host header: the port only when it is not the scheme's default. */
  hostHeader: string;
}

type UrlResult = { ok: true; url: Url } | { ok: false; code: number; message: string };

const badUrl: UrlResult = { ok: false, code: 3, message: 'URL using bad/illegal format or missing URL' };

export function parseUrl(text: string): UrlResult {
  if (/[\s]/.test(text) || text === '') return badUrl;
  let rest = text;
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/{0,3}/.exec(text);
  if (scheme && (text.includes('://') || /^[a-zA-Z][a-zA-Z0-9+.-]*:\/[^/]/.test(text))) {
    const name = scheme[1]!.toLowerCase();
    if (name !== 'http') {
      // Only plain HTTP is modelled; other schemes are refused as libcurl refuses unknown ones.
      return { ok: false, code: 1, message: `Protocol "${scheme[1]}" not supported or disabled in libcurl` };
    }
    rest = text.slice(scheme[0].length);
  }
  const end = rest.search(/[/?#]/);
  let authority = end < 0 ? rest : rest.slice(0, end);
  let pathPart = end < 0 ? '' : rest.slice(end);
  const at = authority.lastIndexOf('@');
  if (at >= 0) authority = authority.slice(at + 1);
  const hash = pathPart.indexOf('#');
  if (hash >= 0) pathPart = pathPart.slice(0, hash);
  if (pathPart === '' || pathPart.startsWith('?')) pathPart = `/${pathPart}`;
  let host = authority;
  let port = 80;
  const colon = authority.lastIndexOf(':');
  if (colon >= 0 && colon > authority.lastIndexOf(']')) {
    host = authority.slice(0, colon);
    const p = authority.slice(colon + 1);
    if (p !== '') {
      if (!/^\d+$/.test(p) || Number(p) > 65535) return badUrl;
      port = Number(p);
    }
  }
  if (host === '') return badUrl;
  const hostHeader = port === 80 ? host : `${host}:${port}`;
  return { ok: true, url: { text, host, port, target: pathPart, hostHeader } };
}
