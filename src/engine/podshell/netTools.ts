// `nc -z` (port probe: netcat-openbsd, or busybox's nc 1.10 port) and busybox `wget` from a
// pod, over network.connect.

import { requestBytes, responseBytes, serveHttp, utf8Length, type HttpRequest } from '../apps/http.ts';
import type { CommandDescriptor, CommandResult } from '../shell/types.ts';
import { podResolve, podSource } from './resolve.ts';
import type { PodWorld } from './types.ts';

/** Linux 6.1 gives up on an unanswered SYN after tcp_syn_retries=6. */
const KERNEL_SYN_TIMEOUT_MS = 127_003;

/** /etc/services names nc prints in `[tcp/NAME]` (netbase). */
const SERVICES: Record<number, string> = { 22: 'ssh', 53: 'domain', 80: 'http', 443: 'https', 6443: 'sun-sr-https', 8080: 'http-alt', 8443: 'https-alt', 9153: '*', 10250: '*' };

const NC_USAGE = 'usage: nc [-46CDdFhklNnrStUuvZz] [-I length] [-i interval] [-M ttl]\n\t  [-m minttl] [-O length] [-P proxy_username] [-p source_port]\n\t  [-q seconds] [-s sourceaddr] [-T keyword] [-V rtable] [-W recvlimit]\n\t  [-w timeout] [-X proxy_protocol] [-x proxy_address[:port]]\n\t  [destination] [port]\n';

/** busybox nc (nc_bloaty.c, the nc 1.10 port that busybox's defconfig builds). */
const BUSYBOX_NC_USAGE =
  'Usage: nc [OPTIONS] HOST PORT  - connect\nnc [OPTIONS] -l -p PORT [HOST] [PORT]  - listen\n\n' +
  '\t-e PROG\tRun PROG after connect (must be last)\n\t-l\tListen mode, for inbound connects\n\t-lk\tWith -e, provides persistent server\n' +
  '\t-p PORT\tLocal port\n\t-s ADDR\tLocal address\n\t-w SEC\tTimeout for connects and final net reads\n\t-i SEC\tDelay interval for lines sent\n' +
  '\t-n\tDon\'t do DNS resolution\n\t-u\tUDP mode\n\t-b\tAllow broadcasts\n\t-v\tVerbose\n\t-o FILE\tHex dump traffic\n\t-z\tZero-I/O mode (scanning)\n';

export const ncCommand: CommandDescriptor<PodWorld> = {
  name: 'nc',
  summary: 'arbitrary TCP and UDP connections (netcat-openbsd; busybox nc in busybox images)',
  help: NC_USAGE,
  ownHelp: true,
  run(ctx) {
    const busybox = ctx.world.profile.nslookup === 'busybox';
    let udp = false;
    let waitS: number | undefined;
    let verbose = 0;
    const pos: string[] = [];
    for (let i = 0; i < ctx.args.length; i++) {
      const a = ctx.args[i] as string;
      if (a === '-w') waitS = Number(ctx.args[++i]);
      else if (/^-[a-zA-Z]+$/.test(a)) {
        if (a.includes('u')) udp = true;
        verbose += a.split('v').length - 1;
        const w = /w(\d+)$/.exec(a);
        if (w) waitS = Number(w[1]);
      } else pos.push(a);
    }
    const [host, portText] = pos;
    if (host === undefined || portText === undefined) return { stdout: '', stderr: busybox ? BUSYBOX_NC_USAGE : NC_USAGE, exitCode: 1 };
    const port = Number(portText);
    const w = ctx.world;
    const ip = podResolve(w, host);
    if (ip === undefined) {
      // busybox: xhost2sockaddr's bb_herror_msg_and_die; openbsd: errx with musl's gai_strerror.
      return { stdout: '', stderr: busybox ? `nc: bad address '${host}'\n` : `nc: getaddrinfo for host "${host}" port ${port}: Name does not resolve\n`, exitCode: 1 };
    }
    const proto = udp ? 'udp' : 'tcp';
    const trace = w.sim.network.connect({ from: podSource(w), to: ip, port, proto, source: 'nc' });
    // UDP has no handshake: nc -zu reports success unless an ICMP error came back at once.
    const ok = trace.outcome === 'connected' || (udp && trace.outcome === 'timeout');
    let timedOut = false;
    if (!ok && trace.outcome === 'timeout') {
      timedOut = waitS !== undefined && waitS > 0 && waitS * 1000 < KERNEL_SYN_TIMEOUT_MS;
      w.sim.advance(timedOut ? waitS! * 1000 : KERNEL_SYN_TIMEOUT_MS);
    }
    const error = trace.outcome === 'timeout' ? 'Connection timed out' : (trace.error ?? 'Connection refused');
    if (busybox) {
      // nc 1.10: "HOST (IP:PORT) open"; a refusal is only told at -vv, a timeout is ETIMEDOUT.
      // -vv adds the byte counts at exit (nothing is sent with -z).
      const who = `${host} (${ip}:${port})`;
      const counts = verbose > 1 ? 'sent 0, rcvd 0\n' : '';
      if (ok) return { stdout: '', stderr: (verbose ? `${who} open\n` : '') + counts, exitCode: 0 };
      const say = verbose > 1 || (verbose > 0 && error !== 'Connection refused');
      return { stdout: '', stderr: (say ? `nc: ${who}: ${error}\n` : '') + counts, exitCode: 1 };
    }
    // netcat-openbsd (Debian's patches, as Alpine builds it) adds the address when HOST is a name.
    const named = host === ip ? host : `${host} (${ip})`;
    if (ok) return { stdout: '', stderr: verbose ? `Connection to ${named} ${port} port [${proto}/${SERVICES[port] ?? '*'}] succeeded!\n` : '', exitCode: 0 };
    if (!verbose) return { stdout: '', stderr: '', exitCode: 1 };
    if (timedOut) return { stdout: '', stderr: `nc: connect to ${named} port ${port} (${proto}) timed out: Operation now in progress\n`, exitCode: 1 };
    return { stdout: '', stderr: `nc: connect to ${named} port ${port} (${proto}) failed: ${error}\n`, exitCode: 1 };
  },
};

const WGET_USAGE = 'Usage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[-P DIR] [-U AGENT] [-T SEC] URL...\n\nRetrieve files via HTTP or FTP\n';

function wgetFail(stderr: string): CommandResult {
  return { stdout: '', stderr, exitCode: 1 };
}

export const wgetCommand: CommandDescriptor<PodWorld> = {
  name: 'wget',
  summary: 'retrieve files via HTTP (busybox)',
  help: WGET_USAGE,
  ownHelp: true,
  run(ctx) {
    let quiet = false;
    let out: string | undefined;
    let timeoutS = 900;
    let url: string | undefined;
    for (let i = 0; i < ctx.args.length; i++) {
      const a = ctx.args[i] as string;
      if (a === '-O') out = ctx.args[++i];
      else if (a.startsWith('-O') && a.length > 2) out = a.slice(2);
      else if (a === '-qO-' || a === '-qO') {
        quiet = true;
        out = a === '-qO-' ? '-' : ctx.args[++i];
      } else if (a === '-q') quiet = true;
      else if (a === '-T') timeoutS = Number(ctx.args[++i]);
      else if (a.startsWith('-')) return wgetFail(WGET_USAGE);
      else url = a;
    }
    if (url === undefined) return wgetFail(WGET_USAGE);
    const m = /^(?:http:\/\/)?([^/:]+)(?::(\d+))?(\/.*)?$/.exec(url);
    if (!m) return wgetFail(`wget: not an http or ftp url: ${url}\n`);
    const host = m[1] as string;
    const port = m[2] ? Number(m[2]) : 80;
    const target = m[3] ?? '/';
    const w = ctx.world;
    const ip = podResolve(w, host);
    if (ip === undefined) return wgetFail(`wget: bad address '${host}'\n`);
    let log = quiet ? '' : `Connecting to ${host}:${port} (${ip}:${port})\n`;
    const trace = w.sim.network.connect({ from: podSource(w), to: ip, port, proto: 'tcp', source: 'wget', keepOpen: true });
    if (trace.outcome !== 'connected') {
      if (trace.outcome === 'timeout') {
        const waited = Math.min(timeoutS * 1000, KERNEL_SYN_TIMEOUT_MS);
        w.sim.advance(waited);
        if (waited < KERNEL_SYN_TIMEOUT_MS) return wgetFail(`${log}wget: download timed out\n`);
      }
      return wgetFail(`${log}wget: can't connect to remote host (${ip}): ${trace.outcome === 'timeout' ? 'Connection timed out' : (trace.error ?? 'Connection refused')}\n`);
    }
    const req: HttpRequest = { method: 'GET', target, headers: [['Host', port === 80 ? host : `${host}:${port}`], ['User-Agent', 'Wget'], ['Connection', 'close']], body: '' };
    w.sim.network.send(trace, 'client', requestBytes(req));
    const answer = serveHttp(w.sim, trace, req);
    if (answer.kind !== 'response') {
      if (answer.afterMs > 0) w.sim.advance(answer.afterMs);
      w.sim.network.close(trace, 'server');
      return wgetFail(`${log}wget: error getting response: Connection reset by peer\n`);
    }
    const res = answer.response;
    w.sim.network.send(trace, 'server', responseBytes(res, req.method));
    w.sim.network.close(trace, 'server');
    if (res.status < 200 || res.status >= 300) return wgetFail(`${log}wget: server returned error: HTTP/${res.version} ${res.status} ${res.reason}\n`);
    const file = out ?? (target.replace(/[?#].*$/, '').split('/').pop() || 'index.html');
    const size = utf8Length(res.body);
    if (file === '-') {
      if (!quiet) log += `writing to stdout\n${progress('-', size)}written to stdout\n`;
      return { stdout: res.body, stderr: log, exitCode: 0 };
    }
    const err = ctx.fs.writeFile(file, res.body);
    if (err) return wgetFail(`${log}wget: can't open '${file}': ${err}\n`);
    if (!quiet) log += `saving to '${file}'\n${progress(file, size)}'${file}' saved\n`;
    return { stdout: '', stderr: log, exitCode: 0 };
  },
};

/** busybox's finished progress bar: name in 20 columns, 100%, 32 stars, size, ETA. */
function progress(name: string, size: number): string {
  return `${name.slice(0, 20).padEnd(20)} 100% |${'*'.repeat(32)}| ${String(size).padStart(5)}  0:00:00 ETA\n`;
}
