// `curl` as Debian bookworm ships it (7.88.1, the kind node image's; netshoot's 8.7.1 differs
// in a few verbose lines, see curlDialect.ts): HTTP/1.1 over the
// simulated network. The connection is `network.connect` from the shell's host (a node now,
// pods later); the answer comes from the program that accepted it (apps/http.ts). Texts are
// 7.88.1's, checked against the real binary: verbose lines, error messages and exit codes,
// the progress meter, `-w` variables. Waiting never blocks: a timeout advances the virtual
// clock by as long as curl would have waited.
//
// The shell does not tell a command whether its stdout is a terminal; curl is written as if it
// were (no progress meter when the body goes to stdout, header names not bold), so `-o FILE`
// shows the meter and `{ [N bytes data]` lines as on a terminal.

import { isIPv4 } from '../api/kinds/ip.ts';
import type { Node } from '../api/types.ts';
import { serveHttp, utf8Length, type HttpRequest, type HttpResponse } from '../apps/http.ts';
import type { ConnectFrom, ConnectionTrace } from '../network/types.ts';
import type { NodeWorld } from '../nodeshell/types.ts';
import type { CommandContext, CommandDescriptor, CommandResult, OutputChunk } from '../shell/types.ts';
import type { Simulation } from '../simulation.ts';
import { METER_HEADER, meterLine, writeOut, type TransferInfo } from './curlWriteOut.ts';
import { parseCurlArgs, type CurlOptions } from './curlArgs.ts';
import { curlDialect, type CurlDialect, type CurlVersion } from './curlDialect.ts';
import { parseUrl, type Url } from './curlUrl.ts';

const TRY = "curl: try 'curl --help' or 'curl --manual' for more information\n";
/** Linux 6.1 gives up on an unanswered SYN after tcp_syn_retries=6: 1+2+…+64 s. */
const KERNEL_SYN_TIMEOUT_MS = 127_003;
/** A next hop that never answers ARP: three solicitations a second apart, then EHOSTUNREACH. */
const ARP_FAIL_MS = 3_003;

export const CURL_HELP = `Usage: curl [options...] <url>
 -d, --data <data>          HTTP POST data
 -f, --fail                 Fail fast with no output on HTTP errors
 -h, --help <category>      Get help for commands
 -i, --include              Include protocol response headers in the output
 -o, --output <file>        Write to file instead of stdout
 -O, --remote-name          Write output to a file named as the remote file
 -s, --silent               Silent mode
 -T, --upload-file <file>   Transfer local FILE to destination
 -u, --user <user:password> Server user and password
 -A, --user-agent <name>    Send User-Agent <name> to server
 -v, --verbose              Make the operation more talkative
 -V, --version              Show version number and quit

This is not the full help, this menu is stripped into categories.
Use "--help category" to get an overview of all categories.
For all options use the manual or "--help all".
`;


// ---- output -----------------------------------------------------------------------------------

class Output {
  readonly chunks: OutputChunk[] = [];
  write(fd: 1 | 2, text: string): void {
    if (text === '') return;
    const last = this.chunks.at(-1);
    if (last && last.fd === fd) last.text += text;
    else this.chunks.push({ fd, text });
  }
  out(text: string): void {
    this.write(1, text);
  }
  err(text: string): void {
    this.write(2, text);
  }
  result(exitCode: number): CommandResult {
    const pick = (fd: 1 | 2): string => this.chunks.filter((c) => c.fd === fd).map((c) => c.text).join('');
    return { stdout: pick(1), stderr: pick(2), exitCode, chunks: this.chunks };
  }
}

// ---- one invocation ---------------------------------------------------------------------------

export interface CurlDeps<W> {
  sourceOf: (world: W) => ConnectFrom;
  sim: (world: W) => Simulation;
  /** Name → IPv4 address as the host's resolver would answer (undefined: not found). */
  resolve?: (world: W, name: string) => string | undefined;
  /** Which curl the host has (7.88.1 unless said). */
  version?: (world: W) => CurlVersion;
}

interface Connection {
  id: number;
  key: string;
  /** Open (network.connect with keepOpen) until curl or the server closes it. */
  trace: ConnectionTrace;
  /** Microseconds for a round trip, from the handshake's hops. */
  rtt: number;
}

/** How a transfer failed: curl's exit code and error text. */
interface Failure {
  code: number;
  message: string;
}

class Run<W> {
  readonly o = new Output();
  private nextId = 0;
  /** Kept-alive connections by host:port (curl's connection cache). */
  private readonly pool = new Map<string, Connection>();
  private readonly resolved = new Set<string>();
  private readonly sim: Simulation;
  private readonly meter: boolean;
  private readonly toFile: boolean;
  private readonly d: CurlDialect;

  constructor(
    private readonly ctx: CommandContext<W>,
    private readonly deps: CurlDeps<W>,
    private readonly opts: CurlOptions,
  ) {
    this.sim = deps.sim(ctx.world);
    this.d = curlDialect(deps.version?.(ctx.world) ?? '7.88.1');
    this.toFile = opts.output !== undefined && opts.output !== '-';
    this.meter = this.toFile && !opts.silent && !opts.noProgressMeter;
  }

  private verbose(text: string): void {
    if (this.opts.verbose) this.o.err(text);
  }

  private meterStart(): void {
    if (this.meter) this.o.err(METER_HEADER + meterLine({ downloaded: 0, us: 0 }));
  }

  /** Redraws once a second while waiting from `fromUs` to `toUs` (the last second is the final line's). */
  private meterWait(fromUs: number, toUs: number): void {
    if (!this.meter) return;
    for (let s = Math.floor(fromUs / 1_000_000) + 1; s < Math.floor(toUs / 1_000_000); s++) this.o.err(meterLine({ downloaded: 0, us: s * 1_000_000 }));
  }

  private meterEnd(downloaded: number, expected: number | undefined, us: number): void {
    if (this.meter) this.o.err(`${meterLine({ downloaded, ...(expected !== undefined ? { expected } : {}), us, done: true })}\n`);
  }

  private resolve(host: string): string | undefined {
    if (isIPv4(host)) return host;
    if (host.toLowerCase() === 'localhost') return '127.0.0.1';
    return this.deps.resolve?.(this.ctx.world, host.toLowerCase());
  }

  transfer(urlText: string, urlnum: number): number {
    const o = this.o;
    const opts = this.opts;
    const method = opts.method ?? (opts.head ? 'HEAD' : opts.data !== undefined ? 'POST' : 'GET');
    const info: TransferInfo = {
      url: urlText, urlnum, method, exitcode: 0, errormsg: '', httpCode: 0, httpVersion: '0', headers: [],
      localIp: '', localPort: 0, remoteIp: '', remotePort: 0, numConnects: 0,
      sizeDownload: 0, sizeHeader: 0, sizeRequest: 0, sizeUpload: 0,
      tNamelookup: 0, tConnect: 0, tPretransfer: 0, tStarttransfer: 0, tTotal: 0,
      ...(this.toFile ? { filename: opts.output! } : {}),
    };
    const finish = (f?: Failure): number => {
      if (f) {
        info.exitcode = f.code;
        info.errormsg = f.message;
        if (!opts.silent || opts.showError) o.err(`curl: (${f.code}) ${f.message}\n`);
      }
      if (opts.writeOut !== undefined) for (const p of writeOut(opts.writeOut, info)) o.write(p.fd, p.text);
      return f?.code ?? 0;
    };

    const parsed = parseUrl(urlText);
    if (!parsed.ok) return finish({ code: parsed.code, message: parsed.message });
    const url = parsed.url;
    this.meterStart();
    const key = `${url.host}:${url.port}`;
    // Addresses and "localhost" need no lookup; a name asks docker's DNS (about 2 ms).
    let us = isIPv4(url.host) || url.host.toLowerCase() === 'localhost' ? 12 : 1_843;
    const ip = this.resolve(url.host);
    if (ip === undefined) {
      // The meter is not finished here: the error follows its first line directly.
      const message = `Could not resolve host: ${url.host}`;
      this.verbose(`* ${message}\n${this.d.closing(this.nextId++)}`);
      return finish({ code: 6, message });
    }
    info.tNamelookup = us;

    // A kept-alive connection to the same host and port is used again (same backend).
    let conn = this.pool.get(key);
    if (conn) {
      this.verbose(`* Found bundle for host: ${bundleAddress(key)} [serially]\n* Can not multiplex, even if we wanted to\n${this.d.reusing(conn.id, url.host)}`);
      info.tConnect = us;
    } else {
      if (this.resolved.has(key)) this.verbose(`* Hostname ${url.host} was found in DNS cache\n`);
      else if (!isIPv4(url.host)) this.verbose(this.d.resolved(url.host, url.port, ip));
      this.resolved.add(key);
      const id = this.nextId++;
      this.verbose(`*   Trying ${ip}:${url.port}...\n`);
      const trace = this.sim.network.connect({ from: this.deps.sourceOf(this.ctx.world), to: ip, port: url.port, proto: 'tcp', source: 'curl', keepOpen: true });
      const rtt = roundTrip(trace);
      if (trace.outcome !== 'connected') return this.connectFailed(trace, url, ip, id, us, rtt, info, finish);
      us += rtt;
      info.tConnect = us;
      info.numConnects = 1;
      conn = { id, key, trace, rtt };
      this.verbose(this.d.connected(url.host, ip, url.port, id));
    }
    info.remoteIp = ip;
    info.remotePort = url.port;
    info.localIp = conn.trace.client.ip;
    info.localPort = conn.trace.client.port;
    const rtt = conn.rtt;

    // The request.
    const req = this.request(method, url);
    const head = [`${method} ${url.target} HTTP/1.1`, ...req.headers.map(([k, v]) => (v === '' ? `${k}:` : `${k}: ${v}`))];
    info.sizeRequest = head.reduce((n, l) => n + utf8Length(l) + 2, 2) + utf8Length(req.body);
    info.sizeUpload = utf8Length(req.body);
    this.verbose(head.map((l) => `> ${l}\r\n`).join('') + '> \r\n');
    if (req.body) this.verbose(`} [${utf8Length(req.body)} bytes data]\n`);
    this.verbose(this.d.requestSent(utf8Length(req.body)));
    us += 30;
    info.tPretransfer = us;

    this.sim.network.send(conn.trace, 'client', info.sizeRequest);
    const answer = serveHttp(this.sim, conn.trace, req);
    this.pool.delete(key);
    if (answer.kind === 'close') {
      const limit = opts.maxTime !== undefined ? opts.maxTime * 1000 : undefined;
      if (limit !== undefined && limit > 0 && answer.afterMs > limit - us / 1000) {
        const waited = Math.round(limit) + 1;
        this.sim.advance(waited);
        this.meterWait(us, waited * 1000);
        info.tTotal = waited * 1000;
        const message = `Operation timed out after ${waited} milliseconds with 0 bytes received`;
        this.verbose(`* ${message}\n`);
        this.meterEnd(0, undefined, info.tTotal);
        this.verbose(this.d.closing(conn.id));
        this.sim.network.close(conn.trace, 'client');
        return finish({ code: 28, message });
      }
      if (answer.afterMs > 0) this.sim.advance(answer.afterMs);
      this.meterWait(us, us + answer.afterMs * 1000);
      us += rtt + answer.afterMs * 1000;
      info.tTotal = us;
      // The server hung up: its FIN comes first.
      this.sim.network.close(conn.trace, 'server');
      this.verbose('* Empty reply from server\n');
      this.meterEnd(0, undefined, us);
      this.verbose(this.d.closing(conn.id));
      return finish({ code: 52, message: 'Empty reply from server' });
    }
    return this.response(answer.response, method, url, conn, us + rtt + 150, info, finish);
  }

  /** curl exits: the connections it kept alive are closed (curl's FIN first). */
  closeAll(): void {
    for (const conn of this.pool.values()) this.sim.network.close(conn.trace, 'client');
    this.pool.clear();
  }

  private request(method: string, url: Url): HttpRequest {
    const opts = this.opts;
    // -H replaces a default header (or removes it with "Name:"); custom Host takes Host's place.
    const custom = opts.headers.map(parseHeader).filter((h): h is NonNullable<typeof h> => h !== undefined);
    const named = (n: string): boolean => custom.some((h) => h.name.toLowerCase() === n.toLowerCase());
    const headers: [string, string][] = [];
    const hostH = custom.find((h) => h.name.toLowerCase() === 'host');
    if (hostH) {
      if (hostH.value !== undefined) headers.push([hostH.name, hostH.value]);
    } else headers.push(['Host', url.hostHeader]);
    if (!named('User-Agent')) headers.push(['User-Agent', opts.userAgent ?? this.d.userAgent]);
    if (!named('Accept')) headers.push(['Accept', '*/*']);
    const body = opts.data ?? '';
    if (opts.data !== undefined) {
      if (!named('Content-Length')) headers.push(['Content-Length', String(utf8Length(body))]);
      if (!named('Content-Type')) headers.push(['Content-Type', 'application/x-www-form-urlencoded']);
    }
    for (const h of custom) if (h.name.toLowerCase() !== 'host' && h.value !== undefined) headers.push([h.name, h.value]);
    return { method, target: url.target, headers, body };
  }

  private connectFailed(trace: ConnectionTrace, url: Url, ip: string, id: number, us: number, rtt: number, info: TransferInfo, finish: (f?: Failure) => number): number {
    const opts = this.opts;
    const maxMs = opts.maxTime !== undefined && opts.maxTime > 0 ? opts.maxTime * 1000 : undefined;
    const connMs = opts.connectTimeout !== undefined && opts.connectTimeout > 0 ? opts.connectTimeout * 1000 : undefined;
    const local = trace.outcome === 'unreachable' && !trace.hops.some((h) => h.packetLabel === 'ICMP');
    const error = trace.error ?? 'Connection timed out';
    // How long the kernel takes to report the failure, when nothing cuts it short.
    const kernelMs = trace.outcome === 'timeout' ? KERNEL_SYN_TIMEOUT_MS : local && error === 'No route to host' ? ARP_FAIL_MS : 0;
    const closing = (): void => this.verbose(this.d.closing(id));
    const failAfter = (ms: number, why: string): string => `Failed to connect to ${url.host} port ${url.port} after ${ms} ms: ${why}`;
    const wait = (ms: number): void => {
      this.sim.advance(ms);
      this.meterWait(us, ms * 1000);
      info.tTotal = ms * 1000;
    };

    const limit = Math.min(maxMs ?? Infinity, connMs ?? Infinity);
    if (kernelMs > 0 && limit < kernelMs) {
      const waited = Math.round(limit) + 1;
      wait(waited);
      if (maxMs !== undefined && maxMs <= (connMs ?? Infinity)) {
        const message = `Connection timed out after ${waited} milliseconds`;
        this.verbose(`* ${message}\n`);
        this.meterEnd(0, undefined, info.tTotal);
        closing();
        return finish({ code: 28, message });
      }
      const message = failAfter(waited, 'Timeout was reached');
      this.verbose(`* ipv4 connect timeout after ${Math.round(limit)}ms, move on!\n* ${message}\n`);
      this.meterEnd(0, undefined, info.tTotal);
      closing();
      return finish({ code: 28, message });
    }
    const ms = kernelMs > 0 ? kernelMs : Math.floor((us + rtt) / 1000);
    if (kernelMs > 0) wait(kernelMs);
    else info.tTotal = us + rtt;
    const message = failAfter(ms, "Couldn't connect to server");
    this.verbose(local && kernelMs === 0 ? `* Immediate connect fail for ${ip}: ${error}\n` : this.d.connectFailed(ip, url.port, trace.client, error));
    // "localhost" also has ::1; nothing listens there either (the simulation has no IPv6 sockets).
    if (url.host.toLowerCase() === 'localhost' && trace.outcome === 'refused') this.verbose(`*   Trying [::1]:${url.port}...\n* connect to ::1 port ${url.port} failed: Connection refused\n`);
    this.verbose(`* ${message}\n`);
    this.meterEnd(0, undefined, info.tTotal);
    closing();
    // connect() timing out is CURLE_OPERATION_TIMEDOUT even though the text is the generic one.
    return finish({ code: trace.outcome === 'timeout' ? 28 : 7, message });
  }

  private response(res: HttpResponse, method: string, url: Url, conn: Connection, us: number, info: TransferInfo, finish: (f?: Failure) => number): number {
    const opts = this.opts;
    const statusLine = `HTTP/${res.version} ${res.status} ${res.reason}`;
    const lines = [statusLine, ...res.headers.map(([k, v]) => `${k}: ${v}`)];
    info.tStarttransfer = us;
    info.httpCode = res.status;
    info.httpVersion = res.version === '1.0' ? '1' : '1.1';
    info.headers = res.headers;
    info.sizeHeader = lines.reduce((n, l) => n + utf8Length(l) + 2, 2);
    const ct = res.headers.find(([k]) => k.toLowerCase() === 'content-type');
    if (ct) info.contentType = ct[1];
    const cl = res.headers.find(([k]) => k.toLowerCase() === 'content-length');
    const expected = cl ? Number(cl[1]) : undefined;
    // The server writes the whole response at once (headers, and the body unless HEAD).
    this.sim.network.send(conn.trace, 'server', info.sizeHeader + (method === 'HEAD' ? 0 : utf8Length(res.body)));
    // A server that said it closes (HTTP/1.0, `Connection: close`) closes first, else curl does.
    const serverCloses = res.close || res.version === '1.0';
    const hangUp = (): void => this.sim.network.close(conn.trace, serverCloses ? 'server' : 'client');
    const include = opts.include || opts.head;
    let file = '';
    const toStdout = (text: string): void => {
      if (this.toFile) file += text;
      else this.o.out(text);
    };

    if (res.version === '1.0') this.verbose('* HTTP 1.0, assume close after body\n');
    for (const l of lines) {
      this.verbose(`< ${l}\r\n`);
      if (include) toStdout(`${l}\r\n`);
    }
    if (include) toStdout('\r\n');
    const failed = (opts.fail || opts.failWithBody) && res.status >= 400;
    if (failed && !opts.failWithBody) {
      const message = `The requested URL returned error: ${res.status}`;
      this.verbose(`* ${message}\n`);
      info.tTotal = us + 20;
      this.meterEnd(0, expected, info.tTotal);
      this.verbose(this.d.closing(conn.id));
      hangUp();
      if (file && !this.writeFile(file)) return finish({ code: 23, message: 'Failure writing output to destination' });
      return finish({ code: 22, message });
    }
    this.verbose('< \r\n');
    const body = method === 'HEAD' ? '' : res.body;
    const size = utf8Length(body);
    info.sizeDownload = size;
    if (size > 0) {
      if (this.toFile) this.verbose(`{ [${size} bytes data]\n`);
      toStdout(body);
    }
    us += 20;
    info.tTotal = us;
    if (this.toFile && !this.writeFile(file)) {
      this.verbose('* Failure writing output to destination\n');
      this.meterEnd(size, expected, us);
      this.verbose(this.d.closing(conn.id));
      hangUp();
      return finish({ code: 23, message: 'Failure writing output to destination' });
    }
    this.meterEnd(size, expected, us);
    this.verbose(serverCloses ? this.d.closing(conn.id) : `* Connection #${conn.id} to host ${url.host} left intact\n`);
    if (serverCloses) hangUp();
    else this.pool.set(conn.key, conn);
    return finish(failed ? { code: 22, message: `The requested URL returned error: ${res.status}` } : undefined);
  }

  /** -o FILE: false when it cannot be written (curl warns, then fails with 23). */
  private writeFile(data: string): boolean {
    const path = this.opts.output!;
    const error = this.ctx.fs.writeFile(path, data);
    if (!error) return true;
    if (!this.opts.silent) this.o.err(`Warning: Failed to open the file ${path}: ${error}\n`);
    return false;
  }
}

function parseHeader(h: string): { name: string; value: string | undefined } | undefined {
  const colon = h.indexOf(':');
  const semi = h.indexOf(';');
  if (colon > 0 && (semi < 0 || colon < semi)) {
    const value = h.slice(colon + 1).replace(/^[ \t]+/, '');
    // "Name:" with nothing after it removes the header; "Name;" sends it empty.
    return { name: h.slice(0, colon), value: value === '' ? undefined : value };
  }
  if (semi > 0 && h.slice(semi + 1).trim() === '') return { name: h.slice(0, semi), value: '' };
  return undefined;
}

/** Microseconds for a round trip: a little per hop the handshake's packets took. */
function roundTrip(trace: ConnectionTrace): number {
  return 40 + 25 * trace.hops.filter((h) => h.step === 'transmit').length;
}

/** A heap address for the connection bundle (curl prints its pointer). */
function bundleAddress(key: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193) >>> 0;
  return `0x55${h.toString(16).padStart(8, '0')}${(h & 0xf).toString(16)}0`;
}

export function makeCurlCommand<W>(
  sourceOf: (world: W) => ConnectFrom,
  sim: (world: W) => Simulation,
  resolve?: (world: W, name: string) => string | undefined,
  version?: (world: W) => CurlVersion,
): CommandDescriptor<W> {
  const deps: CurlDeps<W> = { sourceOf, sim, ...(resolve ? { resolve } : {}), ...(version ? { version } : {}) };
  return {
    name: 'curl',
    summary: 'transfer a URL',
    help: CURL_HELP,
    ownHelp: true,
    run(ctx) {
      const parsed = parseCurlArgs(ctx.args, (path) => (path === '-' ? ctx.stdin : ctx.fs.readFile(path)));
      if (!parsed.ok) return { stdout: '', stderr: parsed.stderr, exitCode: parsed.exitCode };
      const opts = parsed.options;
      if (opts.help) return { stdout: CURL_HELP, stderr: '', exitCode: 0 };
      if (opts.version) return { stdout: curlDialect(deps.version?.(ctx.world) ?? '7.88.1').versionText, stderr: '', exitCode: 0 };
      if (opts.urls.length === 0) return { stdout: '', stderr: TRY, exitCode: 2 };
      const run = new Run(ctx, deps, opts);
      if (!opts.silent || opts.showError) for (const w of opts.warnings) run.o.err(w);
      let code = 0;
      opts.urls.forEach((u, i) => {
        code = run.transfer(u, i);
      });
      run.closeAll();
      return run.o.result(code);
    },
  };
}

/** Docker's embedded DNS on the kind network answers the node containers' names. */
function nodeResolve(world: NodeWorld, name: string): string | undefined {
  const node = world.sim.api.get<Node>('nodes', '', name);
  return node?.status.addresses?.find((a) => a.type === 'InternalIP')?.address;
}

/** curl in a node shell (`docker exec kind-worker curl …`): connections leave from the node. */
export const curlCommand: CommandDescriptor<NodeWorld> = makeCurlCommand<NodeWorld>((w) => ({ node: w.node }), (w) => w.sim, nodeResolve);
