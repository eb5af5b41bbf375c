// curl 7.88.1's `--write-out` (src/tool_writeout.c) and progress meter (lib/progress.c): the
// parts of curl's output that are formats over one transfer's numbers.

/** What one transfer leaves behind for `-w` and the progress meter. */
export interface TransferInfo {
  url: string;
  urlnum: number;
  method: string;
  exitcode: number;
  /** The error text (`curl: (N) …` without the prefix), empty on success. */
  errormsg: string;
  filename?: string;
  /** 0 when no response arrived. */
  httpCode: number;
  /** "1.1", "1" or "0" (no response). */
  httpVersion: string;
  contentType?: string;
  /** Response header fields (for %header{…}, %{header_json}, %{num_headers}). */
  headers: [string, string][];
  localIp: string;
  localPort: number;
  remoteIp: string;
  remotePort: number;
  numConnects: number;
  sizeDownload: number;
  sizeHeader: number;
  sizeRequest: number;
  sizeUpload: number;
  /** Microseconds since the transfer started. */
  tNamelookup: number;
  tConnect: number;
  tPretransfer: number;
  tStarttransfer: number;
  tTotal: number;
}

export const CURL_VERSION_LINE =
  'libcurl/7.88.1 OpenSSL/3.0.19 zlib/1.2.13 brotli/1.0.9 zstd/1.5.4 libidn2/2.3.3 libpsl/0.21.2 (+libidn2/2.3.3) libssh2/1.10.0 nghttp2/1.52.0 librtmp/2.3 OpenLDAP/2.5.13';

/** trspeed(): bytes per second over `us` microseconds. */
export const speed = (bytes: number, us: number): number => (us < 1 ? bytes * 1_000_000 : Math.floor((bytes * 1_000_000) / us));

const seconds = (us: number): string => `${Math.floor(us / 1_000_000)}.${String(us % 1_000_000).padStart(6, '0')}`;

type Value = { kind: 'str'; v: string | undefined } | { kind: 'long'; v: number | undefined; code?: boolean } | { kind: 'time'; v: number } | { kind: 'off'; v: number };

const str = (v: string | undefined): Value => ({ kind: 'str', v });
const long = (v: number | undefined, code = false): Value => ({ kind: 'long', v, code });

/** The variables of tool_writeout.c, in its (alphabetical) order: %{json} prints them so. */
const VARIABLES: [string, (t: TransferInfo) => Value][] = [
  ['certs', () => str('')],
  ['content_type', (t) => str(t.contentType)],
  ['errormsg', (t) => str(t.exitcode ? t.errormsg : undefined)],
  ['exitcode', (t) => long(t.exitcode)],
  ['filename_effective', (t) => str(t.filename)],
  ['ftp_entry_path', () => str(undefined)],
  ['http_code', (t) => long(t.httpCode, true)],
  ['http_connect', () => long(0, true)],
  ['http_version', (t) => str(t.httpVersion)],
  ['local_ip', (t) => str(t.localIp)],
  ['local_port', (t) => long(t.localPort)],
  ['method', (t) => str(t.method)],
  ['num_certs', () => long(0)],
  ['num_connects', (t) => long(t.numConnects)],
  ['num_headers', (t) => long(t.headers.length)],
  ['num_redirects', () => long(0)],
  ['proxy_ssl_verify_result', () => long(0)],
  ['redirect_url', () => str(undefined)],
  ['referer', () => str(undefined)],
  ['remote_ip', (t) => str(t.remoteIp)],
  ['remote_port', (t) => long(t.remotePort)],
  ['response_code', (t) => long(t.httpCode, true)],
  ['scheme', () => str('HTTP')],
  ['size_download', (t) => ({ kind: 'off', v: t.sizeDownload })],
  ['size_header', (t) => long(t.sizeHeader)],
  ['size_request', (t) => long(t.sizeRequest)],
  ['size_upload', (t) => ({ kind: 'off', v: t.sizeUpload })],
  ['speed_download', (t) => ({ kind: 'off', v: speed(t.sizeDownload, t.tTotal) })],
  ['speed_upload', (t) => ({ kind: 'off', v: speed(t.sizeUpload, t.tTotal) })],
  ['ssl_verify_result', () => long(0)],
  ['time_appconnect', () => ({ kind: 'time', v: 0 })],
  ['time_connect', (t) => ({ kind: 'time', v: t.tConnect })],
  ['time_namelookup', (t) => ({ kind: 'time', v: t.tNamelookup })],
  ['time_pretransfer', (t) => ({ kind: 'time', v: t.tPretransfer })],
  ['time_redirect', () => ({ kind: 'time', v: 0 })],
  ['time_starttransfer', (t) => ({ kind: 'time', v: t.tStarttransfer })],
  ['time_total', (t) => ({ kind: 'time', v: t.tTotal })],
  ['url', (t) => str(t.url)],
  ['url_effective', (t) => str(t.url)],
  ['urlnum', (t) => long(t.urlnum)],
];
const SPECIAL = new Set(['header_json', 'json', 'onerror', 'stderr', 'stdout']);

function plain(v: Value): string {
  switch (v.kind) {
    case 'str':
      return v.v ?? '';
    case 'long':
      return v.v === undefined ? '' : v.code ? String(v.v).padStart(3, '0') : String(v.v);
    case 'time':
      return seconds(v.v);
    case 'off':
      return String(v.v);
  }
}

function json(v: Value): string {
  switch (v.kind) {
    case 'str':
      return v.v === undefined ? 'null' : JSON.stringify(v.v);
    case 'long':
      return v.v === undefined ? 'null' : String(v.v);
    case 'time':
      return seconds(v.v);
    case 'off':
      return String(v.v);
  }
}

/** `%{json}`: every variable as one JSON object, then curl_version. */
function allJson(t: TransferInfo): string {
  const fields = VARIABLES.map(([name, get]) => `"${name}":${json(get(t))}`);
  return `{${fields.join(',')},"curl_version":${JSON.stringify(CURL_VERSION_LINE)}}`;
}

/** `%{header_json}`: lower-cased names, each with its values, one per line. */
function headerJson(t: TransferInfo): string {
  const names: string[] = [];
  const values = new Map<string, string[]>();
  for (const [k, v] of t.headers) {
    const n = k.toLowerCase();
    if (!values.has(n)) {
      names.push(n);
      values.set(n, []);
    }
    values.get(n)!.push(v);
  }
  return `{${names.map((n) => `${JSON.stringify(n)}:${JSON.stringify(values.get(n))}`).join(',\n')}\n}`;
}

/** Expands a `-w` format; returns the pieces in order with the stream each goes to. */
export function writeOut(format: string, t: TransferInfo): { fd: 1 | 2; text: string }[] {
  const pieces: { fd: 1 | 2; text: string }[] = [];
  let fd: 1 | 2 = 1;
  const emit = (text: string, to: 1 | 2 = fd): void => {
    const last = pieces.at(-1);
    if (last && last.fd === to) last.text += text;
    else if (text) pieces.push({ fd: to, text });
  };
  let i = 0;
  while (i < format.length) {
    const ch = format[i]!;
    const next = format[i + 1];
    if (ch === '%' && next !== undefined) {
      if (next === '%') {
        emit('%');
        i += 2;
      } else if (next === '{') {
        const end = format.indexOf('}', i);
        if (end < 0) {
          emit('%{');
          i += 2;
          continue;
        }
        const name = format.slice(i + 2, end);
        i = end + 1;
        const known = VARIABLES.find(([n]) => n === name.toLowerCase());
        if (known) emit(plain(known[1](t)));
        else if (SPECIAL.has(name.toLowerCase())) {
          const n = name.toLowerCase();
          if (n === 'onerror' && t.exitcode === 0) break;
          if (n === 'stdout') fd = 1;
          if (n === 'stderr') fd = 2;
          if (n === 'json') emit(allJson(t));
          if (n === 'header_json') emit(headerJson(t));
        } else emit(`curl: unknown --write-out variable: '${name}'\n`, 2);
      } else if (format.startsWith('header{', i + 1)) {
        const end = format.indexOf('}', i);
        if (end < 0) {
          emit('%header{');
          i += 8;
          continue;
        }
        const name = format.slice(i + 8, end).toLowerCase();
        const h = t.headers.find(([k]) => k.toLowerCase() === name);
        if (h) emit(h[1]);
        i = end + 1;
      } else {
        emit(`%${next}`);
        i += 2;
      }
    } else if (ch === '\\' && next !== undefined) {
      emit(next === 'n' ? '\n' : next === 'r' ? '\r' : next === 't' ? '\t' : `\\${next}`);
      i += 2;
    } else {
      emit(ch);
      i++;
    }
  }
  return pieces;
}

// ---- progress meter ---------------------------------------------------------------------------

export const METER_HEADER =
  '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n' +
  '                                 Dload  Upload   Total   Spent    Left  Speed\n';

/** max5data(): a size in at most five columns. */
function max5(n: number): string {
  if (n < 100000) return String(n).padStart(5);
  if (n < 10000 * 1024) return `${String(Math.floor(n / 1024)).padStart(4)}k`;
  if (n < 100 * 1024 * 1024) return `${String(Math.floor(n / 1048576)).padStart(2)}.${Math.floor((n % 1048576) / 104857.6)}M`;
  return `${String(Math.floor(n / 1048576)).padStart(4)}M`;
}

function time2str(s: number): string {
  if (s <= 0) return '--:--:--';
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${String(h).padStart(2)}:${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

export interface MeterState {
  /** Bytes received so far and expected in all (Content-Length), when known. */
  downloaded: number;
  expected?: number;
  /** Microseconds since the transfer started. */
  us: number;
  /** The final update of a finished transfer (current speed over the whole span). */
  done?: boolean;
}

/** One redraw of the meter: `\r` and the line (no newline; curl adds one when done). */
export function meterLine(m: MeterState): string {
  const dlspeed = speed(m.downloaded, m.us);
  const known = m.expected !== undefined;
  const size = known ? m.expected! : m.downloaded;
  const pct = (part: number, whole: number): number => (whole > 10000 ? Math.floor(part / Math.floor(whole / 100)) : whole > 0 ? Math.floor((part * 100) / whole) : 0);
  const dlpct = known && dlspeed > 0 ? pct(m.downloaded, size) : 0;
  const total = pct(m.downloaded, size);
  const estimate = known && dlspeed > 0 ? Math.floor(size / dlspeed) : 0;
  const spent = Math.floor(m.us / 1_000_000);
  // The final update compares against the first sample (taken at the start).
  const current = m.done ? Math.floor((m.downloaded * 1000) / Math.max(1, Math.floor(m.us / 1000))) : dlspeed;
  const left = estimate > 0 ? estimate - spent : 0;
  return `\r${String(total).padStart(3)} ${max5(size)}  ${String(dlpct).padStart(3)} ${max5(m.downloaded)}    0     0  ${max5(dlspeed)}      0 ${time2str(estimate)} ${time2str(spent)} ${time2str(left)} ${max5(current)}`;
}
