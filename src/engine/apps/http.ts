// What the programs in the simulated cluster answer to an HTTP request (images.ts says which
// ports they listen on; this file says what they say there). Each server writes its headers
// the way its real implementation does: Go's net/http (sorted handler headers, then Date,
// Content-Length and a sniffed Content-Type), nginx (Server first, ETag and Accept-Ranges on
// files). Dates come from the virtual clock, in IMF-fixdate.
//
// proxyscope/echo-server (made up for the lessons; a Go net/http program):
//   GET /        200 text/plain: three lines naming who answered and who asked,
//                  hostname: auth-service-7b86fcccfd-7fz7f
//                  pod ip: 10.244.1.2
//                  client: 10.244.1.1:27667
//                "client" is the peer address of the TCP connection as the pod saw it, i.e.
//                after any SNAT/MASQUERADE on the way. Any method is answered alike.
//   GET /health  200 "ok\n" (what its readiness probe asks).
//   anything else: Go's 404 ("404 page not found").
//   Every request but /health is written to its log (apps/programLogs.ts logRequest).

import type { Container, Node, Pod } from '../api/types.ts';
import type { ConnectionTrace } from '../network/types.ts';
import type { Simulation } from '../simulation.ts';
import { parseImageRef, programFor } from './images.ts';
import { logRequest } from './programLogs.ts';

export interface HttpRequest {
  method: string;
  /** The request-target as sent: `/path?query`. */
  target: string;
  /** Header fields in the order sent. */
  headers: [string, string][];
  body: string;
}

export interface HttpResponse {
  version: '1.0' | '1.1';
  status: number;
  reason: string;
  /** Header fields in the order the server writes them. */
  headers: [string, string][];
  /** The entity; for HEAD the headers describe it but it is not sent. */
  body: string;
  /** The server closes the connection after this response. */
  close: boolean;
}

/** A response, or the server closing the connection without one after `afterMs`. */
export type HttpAnswer = { kind: 'response'; response: HttpResponse } | { kind: 'close'; afterMs: number };

/** What a server knows when it answers. */
interface Ctx {
  req: HttpRequest;
  path: string;
  query: Map<string, string>;
  /** Wall-clock time of the request (ms since 1970). */
  now: number;
  /** When the serving process started (ms since 1970). */
  started: number;
  hostname: string;
  localIp: string;
  port: number;
  /** ip:port of the client as the server saw it. */
  peer: string;
  ready: boolean;
  container?: Container;
  tag: string;
}

type Handler = (c: Ctx) => HttpAnswer;

/** Go's http.StatusText for the codes these programs can send. */
const GO_REASONS: Record<number, string> = {
  200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content', 301: 'Moved Permanently', 302: 'Found', 304: 'Not Modified', 307: 'Temporary Redirect',
  308: 'Permanent Redirect', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 408: 'Request Timeout',
  409: 'Conflict', 410: 'Gone', 412: 'Precondition Failed', 417: 'Expectation Failed', 418: "I'm a teapot", 429: 'Too Many Requests',
  500: 'Internal Server Error', 501: 'Not Implemented', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};
/** Go writes "status code N" for a code it has no text for. */
const goReason = (code: number): string => GO_REASONS[code] ?? `status code ${code}`;
/** nginx's own status lines (ngx_http_status_lines). */
const NGINX_REASONS: Record<number, string> = { 200: 'OK', 400: 'Bad Request', 404: 'Not Found', 405: 'Not Allowed' };

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number): string => String(n).padStart(2, '0');

/** IMF-fixdate (RFC 9110 §5.6.7), e.g. `Sat, 21 Nov 2026 09:00:25 GMT`. */
export function httpDate(epochMs: number): string {
  // Date only as a calendar for a virtual instant.
  const d = new Date(epochMs);
  return `${DAYS[d.getUTCDay()]}, ${p2(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} GMT`;
}

/**
 * Go's time.Time String() for a UTC wall clock with a monotonic reading, e.g.
 * `2026-11-21 09:00:25.041870113 +0000 UTC m=+8.041870113`. The virtual clock has millisecond
 * resolution; `subMs` (0–999999 ns) stands in for the rest.
 */
export function goTime(epochMs: number, startedMs: number, subMs: number): string {
  const d = new Date(epochMs);
  const ns = (epochMs % 1000) * 1_000_000 + subMs;
  const frac = ns ? `.${String(ns).padStart(9, '0').replace(/0+$/, '')}` : '';
  const mono = Math.max(0, epochMs - startedMs);
  const monoNs = String((mono % 1000) * 1_000_000 + subMs).padStart(9, '0');
  return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}${frac} +0000 UTC m=+${Math.floor(mono / 1000)}.${monoNs}`;
}

/** Nanoseconds below the virtual clock's millisecond, varying from request to request. */
const subMs = (c: Ctx): number => (Number(c.peer.split(':')[1] ?? 0) * 7919) % 1_000_000;

const header = (req: HttpRequest, name: string): string | undefined => req.headers.find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
const wantsClose = (req: HttpRequest): boolean => /(^|,)\s*close\s*($|,)/i.test(header(req, 'Connection') ?? '');

/** Go's http.DetectContentType for the texts these programs write. */
function sniff(body: string): string {
  return /^\s*<(!DOCTYPE HTML|HTML)[\s>]/i.test(body) ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8';
}

/**
 * A Go net/http response: the handler's headers sorted by name, then Date and Content-Length,
 * then the sniffed Content-Type (when the handler set none and wrote something).
 */
function goResponse(c: Ctx, status: number, body: string, handlerHeaders: [string, string][] = []): HttpAnswer {
  const close = wantsClose(c.req);
  const sorted = [...handlerHeaders].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const headers: [string, string][] = [...sorted, ['Date', httpDate(c.now)], ['Content-Length', String(utf8Length(body))]];
  if (body !== '' && !handlerHeaders.some(([k]) => k === 'Content-Type')) headers.push(['Content-Type', sniff(body)]);
  if (close) headers.push(['Connection', 'close']);
  return { kind: 'response', response: { version: '1.1', status, reason: goReason(status), headers, body, close } };
}

/** http.NotFound / http.Error. */
const goError = (c: Ctx, status: number, text: string): HttpAnswer =>
  goResponse(c, status, `${text}\n`, [['Content-Type', 'text/plain; charset=utf-8'], ['X-Content-Type-Options', 'nosniff']]);
const goNotFound = (c: Ctx): HttpAnswer => goError(c, 404, '404 page not found');

/** k8s.io/apiserver healthz handlers: "ok" with nosniff. */
const k8sOk = (c: Ctx): HttpAnswer => goResponse(c, 200, 'ok', [['Content-Type', 'text/plain; charset=utf-8'], ['X-Content-Type-Options', 'nosniff']]);

/**
 * Go's TLS listener answering a plaintext HTTP request (net/http, tlsRecordHeaderLooksLikeHTTP):
 * a bare HTTP/1.0 400 and the connection closes.
 */
const tlsPort: Handler = () => ({
  kind: 'response',
  response: { version: '1.0', status: 400, reason: 'Bad Request', headers: [], body: 'Client sent an HTTP request to an HTTPS server.\n', close: true },
});

/** A listener that does not speak HTTP and hangs up without a reply. */
const hangUp = (afterMs = 0): Handler => () => ({ kind: 'close', afterMs });

/** Bytes of a request on the wire: request line, header lines, the blank line, the body. */
export function requestBytes(req: HttpRequest): number {
  const head = [`${req.method} ${req.target} HTTP/1.1`, ...req.headers.map(([k, v]) => (v === '' ? `${k}:` : `${k}: ${v}`))];
  return head.reduce((n, l) => n + utf8Length(l) + 2, 2) + utf8Length(req.body);
}

/** Bytes of a response on the wire (no body for HEAD: the headers only describe it). */
export function responseBytes(res: HttpResponse, method: string): number {
  const head = [`HTTP/${res.version} ${res.status} ${res.reason}`, ...res.headers.map(([k, v]) => `${k}: ${v}`)];
  return head.reduce((n, l) => n + utf8Length(l) + 2, 2) + (method === 'HEAD' ? 0 : utf8Length(res.body));
}

export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code < 0x80) n += 1;
    else if (code < 0x800) n += 2;
    else if (code >= 0xd800 && code < 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

// ---- the programs -----------------------------------------------------------------------------

const echoServer: Handler = (c) => {
  if (c.path === '/') return goResponse(c, 200, `hostname: ${c.hostname}\npod ip: ${c.localIp}\nclient: ${c.peer}\n`);
  if (c.path === '/health') return goResponse(c, 200, 'ok\n');
  return goNotFound(c);
};

/** The docker image's /usr/share/nginx/html/index.html (615 bytes). */
const NGINX_INDEX = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`;
/** index.html's mtime in the nginx:1.27.5 image (ETag is mtime-length in hex). */
const NGINX_INDEX_MTIME = Date.UTC(2025, 3, 16, 12, 55, 34);
const NGINX_DEFAULT = '1.27.5';
const NGINX_MINOR: Record<string, string> = { '1.25': '1.25.5', '1.26': '1.26.3', '1.27': '1.27.5', '1.28': '1.28.0', '1.29': '1.29.1' };

function nginxVersion(tag: string): string {
  const t = tag.replace(/-.*$/, '');
  if (/^\d+\.\d+\.\d+$/.test(t)) return t;
  return NGINX_MINOR[t] ?? NGINX_DEFAULT;
}

const nginx: Handler = (c) => {
  const server = `nginx/${nginxVersion(c.tag)}`;
  // HTTP/1.1 without Host is a 400, after which nginx closes the connection.
  const noHost = header(c.req, 'Host') === undefined;
  const close = noHost || wantsClose(c.req);
  const respond = (status: number, body: string, extra: [string, string][] = [], after: [string, string][] = []): HttpAnswer => ({
    kind: 'response',
    response: {
      version: '1.1', status, reason: NGINX_REASONS[status] ?? '', body, close,
      headers: [['Server', server], ['Date', httpDate(c.now)], ['Content-Type', 'text/html'], ['Content-Length', String(utf8Length(body))], ...extra, ['Connection', close ? 'close' : 'keep-alive'], ...after],
    },
  });
  // ngx_http_special_response: error pages end their lines with CRLF.
  const error = (status: number): HttpAnswer => {
    const title = `${status} ${NGINX_REASONS[status]}`;
    return respond(status, `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>${server}</center>\r\n</body>\r\n</html>\r\n`);
  };
  if (noHost) return error(400);
  // The static module takes GET, HEAD and POST; a POST that reaches a file is refused.
  if (!['GET', 'HEAD', 'POST'].includes(c.req.method)) return error(405);
  if (c.path !== '/' && c.path !== '/index.html') return error(404);
  if (c.req.method === 'POST') return error(405);
  const etag = `"${Math.floor(NGINX_INDEX_MTIME / 1000).toString(16)}-${utf8Length(NGINX_INDEX).toString(16)}"`;
  return respond(200, NGINX_INDEX, [['Last-Modified', httpDate(NGINX_INDEX_MTIME)]], [['ETag', etag], ['Accept-Ranges', 'bytes']]);
};

function argList(c: Container | undefined): string[] {
  return c ? [...(c.command ?? []), ...(c.args ?? [])] : [];
}

/** A Go `flag` value: -name v, -name=v, --name v, --name=v. */
function goFlag(args: string[], name: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === `-${name}` || a === `--${name}`) return args[i + 1];
    for (const p of [`-${name}=`, `--${name}=`]) if (a.startsWith(p)) return a.slice(p.length);
  }
  return undefined;
}

/** hashicorp/http-echo: -text (or ECHO_TEXT since 1.0) on every path, /health answers JSON. */
const httpEcho: Handler = (c) => {
  const args = argList(c.container);
  const version = /^v?\d+\.\d+\.\d+$/.test(c.tag) ? c.tag.replace(/^v/, '') : '1.0.0';
  const text = goFlag(args, 'text') ?? c.container?.env?.find((e) => e.name === 'ECHO_TEXT')?.value ?? '';
  const appHeaders: [string, string][] = [['X-App-Name', 'http-echo'], ['X-App-Version', version]];
  if (c.path === '/health') return goResponse(c, 200, '{"status":"ok"}\n', appHeaders);
  const code = Number(goFlag(args, 'status-code') ?? '200');
  return goResponse(c, Number.isInteger(code) && code >= 100 && code <= 999 ? code : 200, `${text}\n`, appHeaders);
};

/** agnhost netexec (--http-port, default 8080). Unknown paths fall to the "/" handler. */
const netexec: Handler = (c) => {
  switch (c.path) {
    case '/hostname':
    case '/hostName':
      return goResponse(c, 200, c.hostname);
    case '/clientip':
      return goResponse(c, 200, c.peer);
    case '/healthz':
      return goResponse(c, c.ready ? 200 : 412, '');
    case '/echo': {
      const code = c.query.get('code');
      const msg = c.query.get('msg') ?? '';
      if (code === undefined || code === '') return goResponse(c, 200, msg);
      const n = Number(code);
      if (!/^[+-]?\d+$/.test(code)) return goResponse(c, 200, `argument 'code' must be an integer or empty, got ${JSON.stringify(code)}\n`);
      return goResponse(c, n, msg);
    }
    default:
      return goResponse(c, 200, `NOW: ${goTime(c.now, c.started, subMs(c))}`);
  }
};

const agnhost: Handler = (c) => {
  const args = argList(c.container).filter((a) => !a.endsWith('agnhost'));
  if (args[0] === 'netexec') return netexec(c);
  if (args[0] === 'serve-hostname') return goResponse(c, 200, c.hostname);
  return hangUp()(c);
};

/** CoreDNS: health on 8080, ready on 8181, DNS on 53. */
const coredns: Handler = (c) => {
  if (c.port === 8080) return c.path === '/health' ? goResponse(c, 200, 'OK') : goNotFound(c);
  if (c.port === 8181) {
    if (c.path !== '/ready') return goNotFound(c);
    // The ready plugin lists the plugins that are not ready yet.
    return c.ready ? goResponse(c, 200, 'OK') : goResponse(c, 503, 'kubernetes');
  }
  // DNS over TCP reads "GE" as a 18245-byte message length and waits for it until its read
  // timeout (3 s), then hangs up.
  if (c.port === 53) return hangUp(3000)(c);
  return goNotFound(c);
};

/** kube-proxy: healthz server on 10256, metrics server on 10249 (/healthz, /proxyMode). */
const kubeProxy: Handler = (c) => {
  const json: [string, string][] = [['Content-Type', 'application/json'], ['X-Content-Type-Options', 'nosniff']];
  const now = JSON.stringify(goTime(c.now, c.started, subMs(c)));
  if (c.port === 10256 && c.path === '/healthz') return goResponse(c, 200, `{"lastUpdated": ${now},"currentTime": ${now}, "nodeEligible": true}`, json);
  if (c.port === 10256 && c.path === '/livez') return goResponse(c, 200, `{"lastUpdated": ${now},"currentTime": ${now}}`, json);
  if (c.port === 10249 && c.path === '/healthz') return k8sOk(c);
  if (c.port === 10249 && c.path === '/proxyMode') return goResponse(c, 200, 'iptables');
  return goNotFound(c);
};

// Keyed by repository (images.ts's normalisation).
const PROGRAMS: Record<string, Handler> = {
  'docker.io/proxyscope/echo-server': echoServer,
  'docker.io/library/nginx': nginx,
  'docker.io/hashicorp/http-echo': httpEcho,
  'registry.k8s.io/e2e-test-images/agnhost': agnhost,
  'registry.k8s.io/coredns/coredns': coredns,
  'registry.k8s.io/kube-proxy': kubeProxy,
};

/** The node's own daemons (kubelet, and on the control plane the static pods' processes). */
function nodeDaemon(port: number): Handler {
  switch (port) {
    case 10248: // kubelet healthz, plain HTTP on 127.0.0.1
      return (c) => (c.path === '/healthz' ? k8sOk(c) : goNotFound(c));
    case 2381: // etcd's plain-HTTP metrics/health listener
      return (c) => (c.path === '/health' ? goResponse(c, 200, '{"health":"true","reason":""}') : goNotFound(c));
    case 2379:
    case 2380:
      // etcd's TLS listeners are behind cmux: a failed handshake just closes the connection.
      return hangUp();
    default:
      // kubelet 10250, kube-apiserver 6443, controller-manager 10257, scheduler 10259: Go TLS servers.
      return tlsPort;
  }
}

// ---- who answers ------------------------------------------------------------------------------

interface Server {
  handler: Handler;
  /** Go's net/http parses the request (and rejects one without Host before the handler). */
  goHttp: boolean;
  hostname: string;
  started: number;
  ready: boolean;
  container?: Container;
  tag: string;
}

function containerServer(sim: Simulation, pod: Pod, hostname: string, port: number, explicitOnly: boolean): Server | undefined {
  for (const c of pod.spec.containers) {
    const st = pod.status?.containerStatuses?.find((s) => s.name === c.name);
    if (!st?.state?.running) continue;
    const prog = programFor(c);
    const ports = prog.ports ?? (c.ports ?? []).map((p) => ({ port: p.containerPort, protocol: p.protocol ?? 'TCP' }));
    const declaredNothing = prog.ports === undefined && (c.ports ?? []).length === 0;
    if (declaredNothing ? explicitOnly : !ports.some((p) => p.port === port && p.protocol === 'TCP')) continue;
    const { repo, suffix } = parseImageRef(c.image);
    const startedAt = st.state.running.startedAt ? Date.parse(st.state.running.startedAt) : sim.scenario.epochMs;
    return {
      handler: PROGRAMS[repo] ?? hangUp(),
      goHttp: repo in PROGRAMS && repo !== 'docker.io/library/nginx',
      hostname,
      started: startedAt,
      // The program's own notion of ready (coredns /ready, netexec /healthz): it has finished
      // starting. Not the pod's Ready condition, which its readiness probe derives from this.
      ready: st.ready || sim.scenario.epochMs + sim.clock.now() >= startedAt + prog.readyAfterMs,
      container: c,
      tag: suffix.startsWith(':') ? suffix.slice(1).replace(/@.*$/, '') : 'latest',
    };
  }
  return undefined;
}

function findServer(sim: Simulation, trace: ConnectionTrace): Server | undefined {
  const dest = trace.destination;
  if (!dest) return undefined;
  if (dest.pod) {
    const pod = sim.api.get<Pod>('pods', dest.pod.namespace, dest.pod.name);
    return pod ? containerServer(sim, pod, dest.pod.name, dest.port, false) : undefined;
  }
  // A node's own namespace: loopback is the client's node, other addresses name their node.
  const node = dest.ip.startsWith('127.') ? trace.client.host : sim.network.host(dest.ip)?.node;
  if (!node) return undefined;
  const hostPods = sim.api.list<Pod>('pods', undefined, (o) => (o as Pod).spec?.hostNetwork === true && (o as Pod).spec.nodeName === node);
  for (const pod of hostPods) {
    const s = containerServer(sim, pod, node, dest.port, true);
    if (s) return s;
  }
  const nodeObj = sim.api.get<Node>('nodes', '', node);
  const created = nodeObj?.metadata.creationTimestamp ? Date.parse(nodeObj.metadata.creationTimestamp) : sim.scenario.epochMs;
  return { handler: nodeDaemon(dest.port), goHttp: dest.port === 10248 || dest.port === 2381, hostname: node, started: created, ready: true, tag: '' };
}

function parseTarget(target: string): { path: string; query: Map<string, string> } {
  const q = target.indexOf('?');
  const path = q < 0 ? target : target.slice(0, q);
  const query = new Map<string, string>();
  if (q >= 0) {
    for (const part of target.slice(q + 1).split('&')) {
      if (!part) continue;
      const eq = part.indexOf('=');
      const dec = (s: string): string => {
        try {
          return decodeURIComponent(s.replace(/\+/g, ' '));
        } catch {
          return s;
        }
      };
      const k = dec(eq < 0 ? part : part.slice(0, eq));
      if (!query.has(k)) query.set(k, dec(eq < 0 ? '' : part.slice(eq + 1)));
    }
  }
  return { path, query };
}

/**
 * The answer of whatever accepted the connection `trace` describes (outcome "connected") to
 * `req`. Programs Proxyscope does not model hang up without a reply.
 */
export function serveHttp(sim: Simulation, trace: ConnectionTrace, req: HttpRequest): HttpAnswer {
  const server = findServer(sim, trace);
  if (!server || !trace.destination) return { kind: 'close', afterMs: 0 };
  const { path, query } = parseTarget(req.target);
  const ctx: Ctx = {
    req, path, query,
    now: sim.scenario.epochMs + sim.clock.now(),
    started: server.started,
    hostname: server.hostname,
    localIp: trace.destination.ip,
    port: trace.destination.port,
    peer: trace.serverSawSource ?? `${trace.client.ip}:${trace.client.port}`,
    ready: server.ready,
    ...(server.container ? { container: server.container } : {}),
    tag: server.tag,
  };
  const answer = server.handler(ctx);
  // Go's net/http rejects an HTTP/1.1 request without Host before any handler runs.
  const rejected = server.goHttp && header(req, 'Host') === undefined;
  const pod = trace.destination.pod;
  if (answer.kind === 'response' && !rejected && pod && server.container) {
    const { status, body } = answer.response;
    const line = { peer: ctx.peer, method: req.method, target: req.target, status, bytes: req.method === 'HEAD' ? 0 : utf8Length(body), userAgent: header(req, 'User-Agent') ?? '' };
    logRequest(sim.logs, sim.clock, { namespace: pod.namespace, pod: pod.name, container: server.container }, line);
  }
  if (answer.kind === 'response' && rejected) {
    return {
      kind: 'response',
      response: { version: '1.1', status: 400, reason: 'Bad Request', headers: [['Content-Type', 'text/plain; charset=utf-8'], ['Connection', 'close']], body: '400 Bad Request: missing required Host header', close: true },
    };
  }
  return answer;
}
