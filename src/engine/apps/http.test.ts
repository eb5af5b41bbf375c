// What the simulated programs answer over HTTP: the default scenario plus a few pods running
// the other known images, reached from kind-worker through the simulated network.

import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Pod } from '../api/types.ts';
import { createSimulation } from '../index.ts';
import type { ConnectionTrace } from '../network/types.ts';
import { createSession } from '../session.ts';
import type { Simulation } from '../simulation.ts';
import { goTime, httpDate, serveHttp, utf8Length, type HttpAnswer, type HttpRequest } from './http.ts';

const SCENARIO = readFileSync(new URL('../../../content/scenarios/default.yaml', import.meta.url), 'utf8');

const EXTRA = `kubectl apply -f - <<'EOF'
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  nodeName: kind-worker
  containers: [{name: nginx, image: nginx:1.27.5}]
---
apiVersion: v1
kind: Pod
metadata: {name: echo}
spec:
  nodeName: kind-worker
  containers: [{name: echo, image: hashicorp/http-echo:0.2.3, args: ["-text=hello from echo"]}]
---
apiVersion: v1
kind: Pod
metadata: {name: netexec}
spec:
  nodeName: kind-worker
  containers: [{name: agnhost, image: registry.k8s.io/e2e-test-images/agnhost:2.53, args: [netexec, --http-port=8080]}]
---
apiVersion: v1
kind: Pod
metadata: {name: hostnames}
spec:
  nodeName: kind-worker
  containers: [{name: agnhost, image: registry.k8s.io/e2e-test-images/agnhost:2.53, args: [serve-hostname]}]
---
apiVersion: v1
kind: Pod
metadata: {name: mystery}
spec:
  nodeName: kind-worker
  containers: [{name: app, image: example.com/mystery:1, ports: [{containerPort: 9000}]}]
EOF`;

let sim: Simulation;
const ipOf = (name: string, ns = 'default'): string => sim.api.get<Pod>('pods', ns, name)!.status.podIP!;
const now = (): string => httpDate(sim.scenario.epochMs + sim.clock.now());

function get(to: string, port: number, target: string, opts: Partial<HttpRequest> = {}): { trace: ConnectionTrace; answer: HttpAnswer } {
  const trace = sim.network.connect({ from: { node: 'kind-worker' }, to, port });
  expect(trace.outcome).toBe('connected');
  const req: HttpRequest = { method: 'GET', target, headers: [['Host', `${to}:${port}`], ['User-Agent', 'curl/7.88.1'], ['Accept', '*/*']], body: '', ...opts };
  return { trace, answer: serveHttp(sim, trace, req) };
}

/** The response as it travels: status line, headers, blank line, body. */
function wire(a: HttpAnswer, method = 'GET'): string {
  if (a.kind !== 'response') return `<close after ${a.afterMs} ms>`;
  const r = a.response;
  return `HTTP/${r.version} ${r.status} ${r.reason}\r\n${r.headers.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n${method === 'HEAD' ? '' : r.body}`;
}

beforeAll(() => {
  const created = createSimulation({ scenario: SCENARIO });
  if (!created.ok) throw new Error(created.error);
  sim = created.sim;
  const out = createSession(sim).execute(EXTRA);
  expect(out.exitCode).toBe(0);
  sim.settle();
});

describe('dates', () => {
  it('IMF-fixdate with a zero-padded day', () => {
    expect(httpDate(Date.UTC(2026, 10, 21, 9, 0, 25))).toBe('Sat, 21 Nov 2026 09:00:25 GMT');
    expect(httpDate(Date.UTC(2026, 2, 1, 0, 0, 0))).toBe('Sun, 01 Mar 2026 00:00:00 GMT');
  });

  it("Go's time.Time String(): fraction without trailing zeros, monotonic reading since start", () => {
    const t = Date.UTC(2026, 10, 21, 9, 0, 25, 40);
    expect(goTime(t, t - 8040, 0)).toBe('2026-11-21 09:00:25.04 +0000 UTC m=+8.040000000');
    expect(goTime(t - 40, t - 8040, 0)).toBe('2026-11-21 09:00:25 +0000 UTC m=+8.000000000');
    expect(goTime(t, t - 8000, 870113)).toBe('2026-11-21 09:00:25.040870113 +0000 UTC m=+8.000870113');
  });
});

describe('proxyscope/echo-server (auth-service)', () => {
  it('GET / names the pod, its IP and the client address it saw (node → pod: the node\'s cni address)', () => {
    const pod = sim.api.list<Pod>('pods', 'default').find((p) => p.metadata.labels?.app === 'auth-service' && p.spec.nodeName === 'kind-worker')!;
    const { trace, answer } = get(pod.status.podIP!, 8080, '/');
    const body = `hostname: ${pod.metadata.name}\npod ip: ${pod.status.podIP}\nclient: ${trace.serverSawSource}\n`;
    expect(trace.serverSawSource).toMatch(/^10\.244\.1\.1:\d+$/);
    expect(wire(answer)).toBe(`HTTP/1.1 200 OK\r\nDate: ${now()}\r\nContent-Length: ${body.length}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}`);
  });

  it('/health is "ok", anything else is Go\'s 404', () => {
    const ip = sim.api.list<Pod>('pods', 'default').find((p) => p.metadata.labels?.app === 'auth-service')!.status.podIP!;
    expect(wire(get(ip, 8080, '/health').answer)).toBe(`HTTP/1.1 200 OK\r\nDate: ${now()}\r\nContent-Length: 3\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nok\n`);
    expect(wire(get(ip, 8080, '/nope?x=1').answer)).toBe(
      `HTTP/1.1 404 Not Found\r\nContent-Type: text/plain; charset=utf-8\r\nX-Content-Type-Options: nosniff\r\nDate: ${now()}\r\nContent-Length: 19\r\n\r\n404 page not found\n`,
    );
  });

  it('a request without Host is refused by net/http before the handler', () => {
    const ip = sim.api.list<Pod>('pods', 'default').find((p) => p.metadata.labels?.app === 'auth-service')!.status.podIP!;
    const { answer } = get(ip, 8080, '/', { headers: [['Accept', '*/*']] });
    expect(wire(answer)).toBe('HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n400 Bad Request: missing required Host header');
  });
});

describe('nginx', () => {
  it('the welcome page with nginx 1.27.5 headers (ETag = mtime-size in hex)', () => {
    const { answer } = get(ipOf('web'), 80, '/');
    const r = answer.kind === 'response' ? answer.response : undefined;
    expect(utf8Length(r!.body)).toBe(615);
    expect(r!.body).toContain('<title>Welcome to nginx!</title>');
    expect(wire(answer, 'HEAD')).toBe(
      `HTTP/1.1 200 OK\r\nServer: nginx/1.27.5\r\nDate: ${now()}\r\nContent-Type: text/html\r\nContent-Length: 615\r\nLast-Modified: Wed, 16 Apr 2025 12:55:34 GMT\r\nConnection: keep-alive\r\nETag: "67ffa8c6-267"\r\nAccept-Ranges: bytes\r\n\r\n`,
    );
  });

  it('404 and 405 pages end their lines with CRLF', () => {
    const page = (code: string): string => `<html>\r\n<head><title>${code}</title></head>\r\n<body>\r\n<center><h1>${code}</h1></center>\r\n<hr><center>nginx/1.27.5</center>\r\n</body>\r\n</html>\r\n`;
    expect(wire(get(ipOf('web'), 80, '/nope').answer)).toBe(
      `HTTP/1.1 404 Not Found\r\nServer: nginx/1.27.5\r\nDate: ${now()}\r\nContent-Type: text/html\r\nContent-Length: 153\r\nConnection: keep-alive\r\n\r\n${page('404 Not Found')}`,
    );
    expect(wire(get(ipOf('web'), 80, '/', { method: 'POST' }).answer)).toBe(
      `HTTP/1.1 405 Not Allowed\r\nServer: nginx/1.27.5\r\nDate: ${now()}\r\nContent-Type: text/html\r\nContent-Length: 157\r\nConnection: keep-alive\r\n\r\n${page('405 Not Allowed')}`,
    );
  });
});

describe('hashicorp/http-echo', () => {
  it('-text on every path with the app headers; /health is JSON', () => {
    const ip = ipOf('echo');
    expect(wire(get(ip, 5678, '/anything').answer)).toBe(
      `HTTP/1.1 200 OK\r\nX-App-Name: http-echo\r\nX-App-Version: 0.2.3\r\nDate: ${now()}\r\nContent-Length: 16\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nhello from echo\n`,
    );
    expect(wire(get(ip, 5678, '/health').answer)).toBe(
      `HTTP/1.1 200 OK\r\nX-App-Name: http-echo\r\nX-App-Version: 0.2.3\r\nDate: ${now()}\r\nContent-Length: 16\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{"status":"ok"}\n`,
    );
  });
});

describe('agnhost', () => {
  it('netexec: /hostname, /clientip, /echo, /healthz and the timestamp on /', () => {
    const ip = ipOf('netexec');
    const body = (a: HttpAnswer): string => (a.kind === 'response' ? a.response.body : '');
    expect(body(get(ip, 8080, '/hostname').answer)).toBe('netexec');
    const { trace, answer } = get(ip, 8080, '/clientip');
    expect(body(answer)).toBe(trace.serverSawSource);
    expect(body(get(ip, 8080, '/echo?msg=hello%20there').answer)).toBe('hello there');
    expect(wire(get(ip, 8080, '/healthz').answer)).toBe(`HTTP/1.1 200 OK\r\nDate: ${now()}\r\nContent-Length: 0\r\n\r\n`);
    expect(body(get(ip, 8080, '/').answer)).toMatch(/^NOW: 2026-11-21 09:\d\d:\d\d(\.\d{1,9})? \+0000 UTC m=\+\d+\.\d{9}$/);
  });

  it('serve-hostname answers its hostname on 9376', () => {
    const { answer } = get(ipOf('hostnames'), 9376, '/');
    expect(wire(answer)).toBe(`HTTP/1.1 200 OK\r\nDate: ${now()}\r\nContent-Length: 9\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nhostnames`);
  });
});

describe('cluster components', () => {
  it('CoreDNS: /health on 8080, /ready on 8181, DNS over TCP hangs up after its read timeout', () => {
    const ip = ipOf(sim.api.list<Pod>('pods', 'kube-system').find((p) => p.metadata.name!.startsWith('coredns-'))!.metadata.name!, 'kube-system');
    expect(wire(get(ip, 8080, '/health').answer)).toBe(`HTTP/1.1 200 OK\r\nDate: ${now()}\r\nContent-Length: 2\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nOK`);
    expect(wire(get(ip, 8181, '/ready').answer)).toBe(`HTTP/1.1 200 OK\r\nDate: ${now()}\r\nContent-Length: 2\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nOK`);
    expect(get(ip, 53, '/').answer).toEqual({ kind: 'close', afterMs: 3000 });
  });

  it('kube-proxy (hostNetwork) healthz on the node address: JSON with Go timestamps', () => {
    const { answer } = get('172.18.0.4', 10256, '/healthz');
    expect(answer.kind === 'response' && answer.response.headers.map(([k]) => k)).toEqual(['Content-Type', 'X-Content-Type-Options', 'Date', 'Content-Length']);
    expect(answer.kind === 'response' && answer.response.body).toMatch(
      /^\{"lastUpdated": "(2026-11-21 09:\d\d:\d\d\.\d+ \+0000 UTC m=\+\d+\.\d{9})","currentTime": "\1", "nodeEligible": true\}$/,
    );
    const mode = get('127.0.0.1', 10249, '/proxyMode').answer;
    expect(mode.kind === 'response' && mode.response.body).toBe('iptables');
  });

  it("the kubelet's TLS port answers plain HTTP with Go's bare HTTP/1.0 400 and closes", () => {
    expect(get('172.18.0.4', 10250, '/').answer).toEqual({
      kind: 'response',
      response: { version: '1.0', status: 400, reason: 'Bad Request', headers: [], body: 'Client sent an HTTP request to an HTTPS server.\n', close: true },
    });
    expect(wire(get('127.0.0.1', 10248, '/healthz').answer)).toBe(
      `HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nX-Content-Type-Options: nosniff\r\nDate: ${now()}\r\nContent-Length: 2\r\n\r\nok`,
    );
  });

  it('a program Proxyscope does not model hangs up without answering', () => {
    expect(get(ipOf('mystery'), 9000, '/').answer).toEqual({ kind: 'close', afterMs: 0 });
  });
});
