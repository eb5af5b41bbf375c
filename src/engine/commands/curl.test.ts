// curl 7.88.1 on kind-worker in the default scenario (auth-service 3 replicas: two on
// kind-worker, one on kind-worker2), through a node shell as `docker exec kind-worker bash`
// gives it. Expected texts are the real binary's (Debian bookworm 7.88.1-10+deb12u14).

import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Pod, Service } from '../api/types.ts';
import { httpDate } from '../apps/http.ts';
import { createSimulation } from '../index.ts';
import { createNodeShell, networkDeps } from '../nodeshell/index.ts';
import { createSession } from '../session.ts';
import type { CommandResult } from '../shell/types.ts';
import type { Simulation } from '../simulation.ts';
import { CURL_HELP, curlCommand } from './curl.ts';

const SCENARIO = readFileSync(new URL('../../../content/scenarios/default.yaml', import.meta.url), 'utf8');
const TRY = "curl: try 'curl --help' or 'curl --manual' for more information\n";
const METER = '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n                                 Dload  Upload   Total   Spent    Left  Speed\n';
const ZERO = '  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0';

interface Cluster {
  sim: Simulation;
  run(line: string): CommandResult;
  svc(name: string): string;
  pod(name: string): Pod;
  authPods(): Pod[];
  date(): string;
}

function boot(): Cluster {
  const created = createSimulation({ scenario: SCENARIO });
  if (!created.ok) throw new Error(created.error);
  const sim = created.sim;
  // A Service without endpoints: kube-proxy REJECTs its traffic.
  expect(createSession(sim).execute('kubectl create service clusterip nope --tcp=80:80').exitCode).toBe(0);
  sim.settle();
  const sh = createNodeShell(sim, 'kind-worker', networkDeps(sim.network, [curlCommand]));
  return {
    sim,
    run: (line) => sh.runLine(line),
    svc: (name) => sim.api.get<Service>('services', 'default', name)!.spec.clusterIP!,
    pod: (name) => sim.api.get<Pod>('pods', 'default', name)!,
    authPods: () => sim.api.list<Pod>('pods', 'default').filter((p) => p.metadata.labels?.app === 'auth-service'),
    date: () => httpDate(sim.scenario.epochMs + sim.clock.now()),
  };
}

const echoBody = /^hostname: (\S+)\npod ip: (\S+)\nclient: ([\d.]+):(\d+)\n$/;

describe('curl: answers from the pods', () => {
  let c: Cluster;
  beforeAll(() => {
    c = boot();
  });

  it('[EP-4] node → ClusterIP is masqueraded: the echo shows the node address the pod saw', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 12; i++) {
      const r = c.run(`curl -s http://${c.svc('auth-service')}:8080/`);
      expect(r.exitCode).toBe(0);
      expect(r.stderr).toBe('');
      const m = echoBody.exec(r.stdout)!;
      const pod = c.pod(m[1]!);
      expect(m[2]).toBe(pod.status.podIP);
      // Same node: MASQUERADE picks the cni bridge address; other node: kind-worker's eth0.
      expect(m[3]).toBe(pod.spec.nodeName === 'kind-worker' ? '10.244.1.1' : '172.18.0.3');
      seen.add(pod.spec.nodeName!);
    }
    expect([...seen].sort()).toEqual(['kind-worker', 'kind-worker2']);
  });

  it('node → pod IP directly: no NAT, the source is the route\'s address', () => {
    for (const pod of c.authPods()) {
      const m = echoBody.exec(c.run(`curl -s ${pod.status.podIP}:8080`).stdout)!;
      expect(m.slice(1, 4)).toEqual([pod.metadata.name, pod.status.podIP, pod.spec.nodeName === 'kind-worker' ? '10.244.1.1' : '172.18.0.3']);
    }
  });

  it('-v: connection, request and response lines (CRLF as sent), body between them on a terminal', () => {
    const ip = c.svc('auth-service');
    const r = c.run(`curl -v http://${ip}:8080/`);
    const body = r.chunks!.find((x) => x.fd === 1)!.text;
    expect(body).toMatch(echoBody);
    expect(r.chunks).toEqual([
      {
        fd: 2,
        text:
          `*   Trying ${ip}:8080...\n* Connected to ${ip} (${ip}) port 8080 (#0)\n` +
          `> GET / HTTP/1.1\r\n> Host: ${ip}:8080\r\n> User-Agent: curl/7.88.1\r\n> Accept: */*\r\n> \r\n` +
          `< HTTP/1.1 200 OK\r\n< Date: ${c.date()}\r\n< Content-Length: ${body.length}\r\n< Content-Type: text/plain; charset=utf-8\r\n< \r\n`,
      },
      { fd: 1, text: body },
      { fd: 2, text: `* Connection #0 to host ${ip} left intact\n` },
    ]);
    expect(r.exitCode).toBe(0);
  });

  it('-I sends HEAD and prints the headers; -i puts them before the body', () => {
    const ip = c.authPods()[0]!.status.podIP!;
    const head = `HTTP/1.1 200 OK\r\nDate: ${c.date()}\r\nContent-Length: 3\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n`;
    expect(c.run(`curl -sI http://${ip}:8080/health`)).toMatchObject({ stdout: head, stderr: '', exitCode: 0 });
    expect(c.run(`curl -si http://${ip}:8080/health`)).toMatchObject({ stdout: `${head}ok\n`, stderr: '', exitCode: 0 });
    expect(c.run(`curl -s -i -X POST http://${ip}:8080/nope`).stdout).toBe(
      `HTTP/1.1 404 Not Found\r\nContent-Type: text/plain; charset=utf-8\r\nX-Content-Type-Options: nosniff\r\nDate: ${c.date()}\r\nContent-Length: 19\r\n\r\n404 page not found\n`,
    );
  });

  it('-o /dev/null -w: only the write-out; without -s the progress meter goes to stderr', () => {
    const ip = c.svc('auth-service');
    expect(c.run(`curl -s -o /dev/null -w '%{http_code}\\n' http://${ip}:8080/`)).toMatchObject({ stdout: '200\n', stderr: '', exitCode: 0 });
    const r = c.run(`curl -o /tmp/out http://${ip}:8080/`);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^${METER}\\r${ZERO}\\r100    84  100    84    0     0  [ \\d]{4}[\\dk]      0 --:--:-- --:--:-- --:--:-- 84000\\n$`));
    expect(c.run('cat /tmp/out').stdout).toMatch(echoBody);
  });

  it('-w variables: addresses, sizes, times; an unknown variable is reported on stderr', () => {
    const pod = c.authPods().find((p) => p.spec.nodeName === 'kind-worker')!;
    const r = c.run(`curl -s -o /dev/null -w '%{http_code} %{remote_ip}:%{remote_port} %{local_ip} %{size_download} %{size_header} %{size_request} %{num_connects} %{content_type}|%{bogus}|%{time_total}\\n' http://${pod.status.podIP}:8080/health`);
    expect(r.stderr).toBe("curl: unknown --write-out variable: 'bogus'\n");
    expect(r.stdout).toMatch(new RegExp(`^200 ${pod.status.podIP}:8080 10\\.244\\.1\\.1 3 116 85 1 text/plain; charset=utf-8\\|\\|0\\.000\\d{3}\\n$`));
    expect(c.run(`curl -s -w '%header{content-type}\\n%{header_json}\\n' -o /dev/null http://${pod.status.podIP}:8080/health`).stdout).toBe(
      `text/plain; charset=utf-8\n{"date":["${c.date()}"],\n"content-length":["3"],\n"content-type":["text/plain; charset=utf-8"]\n}\n`,
    );
  });

  it('two URLs to the same host: the kept-alive connection is reused, so the same pod answers', () => {
    const ip = c.svc('auth-service');
    const r = c.run(`curl -sv http://${ip}:8080/ http://${ip}:8080/`);
    const bodies = r.chunks!.filter((x) => x.fd === 1).map((x) => x.text);
    expect(bodies).toHaveLength(2);
    expect(bodies[0]).toBe(bodies[1]);
    expect(r.stderr).toMatch(/\* Found bundle for host: 0x55[0-9a-f]{10} \[serially\]\n\* Can not multiplex, even if we wanted to\n\* Re-using existing connection #0 with host 10\.96\.\d+\.\d+\n> GET \/ HTTP\/1\.1\r\n/);
    expect(r.stderr.match(/\* Connection #0 to host \S+ left intact\n/g)).toHaveLength(2);
  });

  it('-f: exit 22 on a 404, silently with -s, with the message under -S', () => {
    const ip = c.authPods()[0]!.status.podIP!;
    expect(c.run(`curl -sf -w '%{http_code}\\n' http://${ip}:8080/nope`)).toMatchObject({ stdout: '404\n', stderr: '', exitCode: 22 });
    expect(c.run(`curl -sSf http://${ip}:8080/nope`)).toMatchObject({ stdout: '', stderr: 'curl: (22) The requested URL returned error: 404\n', exitCode: 22 });
  });

  it('-H, -A and -d change the request as curl sends it', () => {
    const ip = c.authPods()[0]!.status.podIP!;
    const r = c.run(`curl -sv -A probe -H 'X-Trace: 1' -H 'Accept:' -d a=b http://${ip}:8080/health`);
    expect(r.stderr).toContain(
      `> POST /health HTTP/1.1\r\n> Host: ${ip}:8080\r\n> User-Agent: probe\r\n> Content-Length: 3\r\n> Content-Type: application/x-www-form-urlencoded\r\n> X-Trace: 1\r\n> \r\n} [3 bytes data]\n< HTTP/1.1 200 OK\r\n`,
    );
  });

  it('names: node names resolve (docker DNS), Service names do not on a node', () => {
    expect(c.run('curl -s kind-worker2:10250')).toMatchObject({ stdout: 'Client sent an HTTP request to an HTTPS server.\n', exitCode: 0 });
    expect(c.run('curl http://auth-service:8080/')).toMatchObject({ stdout: '', stderr: 'curl: (6) Could not resolve host: auth-service\n', exitCode: 6 });
    expect(c.run('curl -s auth-service.default.svc.cluster.local:8080')).toMatchObject({ stdout: '', stderr: '', exitCode: 6 });
  });

  it("a TLS port: Go's HTTP/1.0 400, and curl closes the connection", () => {
    expect(c.run('curl -v http://kind-worker2:10250/').stderr).toBe(
      '*   Trying 172.18.0.4:10250...\n* Connected to kind-worker2 (172.18.0.4) port 10250 (#0)\n' +
        '> GET / HTTP/1.1\r\n> Host: kind-worker2:10250\r\n> User-Agent: curl/7.88.1\r\n> Accept: */*\r\n> \r\n' +
        '* HTTP 1.0, assume close after body\n< HTTP/1.0 400 Bad Request\r\n< \r\n* Closing connection 0\n',
    );
  });

  it('through docker exec from the host session', () => {
    const session = createSession(c.sim, () => networkDeps(c.sim.network, [curlCommand]));
    const out = session.execute(`docker exec kind-worker curl -s http://${c.svc('auth-service')}:8080/health`);
    expect(out.chunks.map((x) => x.text).join('')).toBe('ok\n');
  });
});

describe('curl: connections that fail', () => {
  let c: Cluster;
  beforeAll(() => {
    c = boot();
  });

  it('[KP-15] a Service without endpoints is REJECTed: exit 7 at once', () => {
    const ip = c.svc('nope');
    const msg = `Failed to connect to ${ip} port 80 after 0 ms: Couldn't connect to server`;
    expect(c.run(`curl http://${ip}/`)).toMatchObject({ stdout: '', stderr: `curl: (7) ${msg}\n`, exitCode: 7 });
    expect(c.run(`curl -s http://${ip}/`)).toMatchObject({ stdout: '', stderr: '', exitCode: 7 });
    expect(c.run(`curl -v http://${ip}/`).stderr).toBe(
      `*   Trying ${ip}:80...\n* connect to ${ip} port 80 failed: Connection refused\n* ${msg}\n* Closing connection 0\ncurl: (7) ${msg}\n`,
    );
    expect(c.run(`curl -s -w '%{http_code} [%{remote_ip}] %{remote_port} %{exitcode} %{errormsg}\\n' http://${ip}/`).stdout).toBe(`000 [] 0 7 ${msg}\n`);
    // With -o the meter is drawn, then finished with a newline before the error.
    expect(c.run(`curl -o /dev/null http://${ip}/`).stderr).toBe(`${METER}\r${ZERO}\r${ZERO}\ncurl: (7) ${msg}\n`);
  });

  it('a closed port on a pod: refused', () => {
    const ip = c.authPods()[0]!.status.podIP!;
    expect(c.run(`curl -sS ${ip}:9999`).stderr).toBe(`curl: (7) Failed to connect to ${ip} port 9999 after 0 ms: Couldn't connect to server\n`);
  });

  it('-m 5 on a dropped SYN: exit 28 after 5001 ms of virtual time', () => {
    const t0 = c.sim.clock.now();
    expect(c.run('curl -m 5 http://192.0.2.10/')).toMatchObject({ stdout: '', stderr: 'curl: (28) Connection timed out after 5001 milliseconds\n', exitCode: 28 });
    expect(c.sim.clock.now() - t0).toBe(5001);
    expect(c.run('curl -sv -m 2 http://192.0.2.10:8080/').stderr).toBe('*   Trying 192.0.2.10:8080...\n* Connection timed out after 2001 milliseconds\n* Closing connection 0\n');
    expect(c.run("curl -s -m 1.5 -w '%{time_total} %{http_code}\\n' http://192.0.2.10/").stdout).toBe('1.501000 000\n');
  });

  it('--connect-timeout: "Timeout was reached"', () => {
    expect(c.run('curl --connect-timeout 2 http://192.0.2.10:8080/').stderr).toBe('curl: (28) Failed to connect to 192.0.2.10 port 8080 after 2001 ms: Timeout was reached\n');
    expect(c.run('curl -sv -m 3 --connect-timeout 1 http://192.0.2.10:8080/').stderr).toBe(
      '*   Trying 192.0.2.10:8080...\n* ipv4 connect timeout after 1000ms, move on!\n* Failed to connect to 192.0.2.10 port 8080 after 1001 ms: Timeout was reached\n* Closing connection 0\n',
    );
  });

  it('no timeout given: the kernel gives up after its SYN retries (127 s), exit 28', () => {
    const t0 = c.sim.clock.now();
    expect(c.run('curl -v http://192.0.2.10/').stderr).toBe(
      '*   Trying 192.0.2.10:80...\n* connect to 192.0.2.10 port 80 failed: Connection timed out\n' +
        "* Failed to connect to 192.0.2.10 port 80 after 127003 ms: Couldn't connect to server\n* Closing connection 0\n" +
        "curl: (28) Failed to connect to 192.0.2.10 port 80 after 127003 ms: Couldn't connect to server\n",
    );
    expect(c.sim.clock.now() - t0).toBe(127003);
  });

  it('-o and a timeout: the meter is redrawn every second of the wait', () => {
    expect(c.run('curl -o /dev/null -m 3 http://192.0.2.10/').stderr).toBe(
      `${METER}\r${ZERO}\r${ZERO.replace('--:--:-- --:--:-- --:--:--', '--:--:--  0:00:01 --:--:--')}\r${ZERO.replace('--:--:-- --:--:-- --:--:--', '--:--:--  0:00:02 --:--:--')}` +
        `\r${ZERO.replace('--:--:-- --:--:-- --:--:--', '--:--:--  0:00:03 --:--:--')}\ncurl: (28) Connection timed out after 3001 milliseconds\n`,
    );
  });

  it('DNS over TCP is not HTTP: CoreDNS hangs up after its read timeout (empty reply, exit 52)', () => {
    const t0 = c.sim.clock.now();
    expect(c.run('curl -sS http://10.96.0.10:53/')).toMatchObject({ stderr: 'curl: (52) Empty reply from server\n', exitCode: 52 });
    expect(c.sim.clock.now() - t0).toBe(3000);
    expect(c.run('curl -sS -m 1 http://10.96.0.10:53/')).toMatchObject({ stderr: 'curl: (28) Operation timed out after 1001 milliseconds with 0 bytes received\n', exitCode: 28 });
  });
});

describe('curl: command line', () => {
  let c: Cluster;
  beforeAll(() => {
    c = boot();
  });

  it.each([
    ['curl', TRY],
    ['curl --foo http://x/', `curl: option --foo: is unknown\n${TRY}`],
    ['curl -sZ http://x/', `curl: option -sZ: is unknown\n${TRY}`],
    ['curl -m', `curl: option -m: requires parameter\n${TRY}`],
    ['curl -m abc http://x/', `curl: option -m: expected a proper numerical parameter\n${TRY}`],
    ['curl --connect-timeout abc http://x/', `curl: option --connect-timeout: expected a proper numerical parameter\n${TRY}`],
    ['curl -s -m -1 http://x/', `curl: option -m: expected a positive numerical parameter\n${TRY}`],
    ['curl -I -d x http://x/', 'Warning: You can only select one HTTP request method! You asked for both POST \nWarning: (-d, --data) and HEAD (-I, --head).\n'],
  ])('%s → exit 2', (line, stderr) => {
    expect(c.run(line)).toMatchObject({ stdout: '', stderr, exitCode: 2 });
  });

  it.each([
    ['curl -sS http://', 'curl: (3) URL using bad/illegal format or missing URL\n', 3],
    ['curl -sS http://10.96.0.1:99999/', 'curl: (3) URL using bad/illegal format or missing URL\n', 3],
    ['curl -sS http://10.96.0.1:80health', 'curl: (3) URL using bad/illegal format or missing URL\n', 3],
    ['curl -sS foo://10.96.0.1/', 'curl: (1) Protocol "foo" not supported or disabled in libcurl\n', 1],
    ['curl -sS http://999.1.1.1/', 'curl: (6) Could not resolve host: 999.1.1.1\n', 6],
  ])('%s', (line, stderr, exitCode) => {
    expect(c.run(line)).toMatchObject({ stdout: '', stderr, exitCode });
  });

  it('--help and -V print 7.88.1\'s texts', () => {
    expect(c.run('curl --help')).toMatchObject({ stdout: CURL_HELP, exitCode: 0 });
    expect(c.run('curl -V').stdout.split('\n')[0]).toBe(
      'curl 7.88.1 (x86_64-pc-linux-gnu) libcurl/7.88.1 OpenSSL/3.0.19 zlib/1.2.13 brotli/1.0.9 zstd/1.5.4 libidn2/2.3.3 libpsl/0.21.2 (+libidn2/2.3.3) libssh2/1.10.0 nghttp2/1.52.0 librtmp/2.3 OpenLDAP/2.5.13',
    );
  });

  it('bundled short options and attached values (-sSo/dev/null, -w@file)', () => {
    c.run("echo '%{http_code} %{method}' > /tmp/fmt");
    expect(c.run(`curl -sSo/dev/null -w@/tmp/fmt -XPUT http://${c.svc('auth-service')}:8080/health`)).toMatchObject({ stdout: '200 PUT\n', stderr: '', exitCode: 0 });
  });

  it('-o into a missing directory: warning, then exit 23', () => {
    expect(c.run(`curl -sS -o /nope/x http://${c.svc('auth-service')}:8080/`)).toMatchObject({ stderr: 'curl: (23) Failure writing output to destination\n', exitCode: 23 });
  });
});

describe('curl: connection cache and output files', () => {
  let c: Cluster;
  beforeAll(() => {
    c = boot();
  });

  it('A, B, A: the first connection waits in the cache while B has its own', () => {
    const a = c.svc('auth-service');
    const r = c.run(`curl -sv http://${a}:8080/health http://kind-worker2:10250/ http://${a}:8080/health`);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('* '))).toEqual([
      `*   Trying ${a}:8080...`,
      `* Connected to ${a} (${a}) port 8080 (#0)`,
      `* Connection #0 to host ${a} left intact`,
      '*   Trying 172.18.0.4:10250...',
      '* Connected to kind-worker2 (172.18.0.4) port 10250 (#1)',
      '* HTTP 1.0, assume close after body',
      '* Closing connection 1',
      expect.stringMatching(/^\* Found bundle for host: 0x55[0-9a-f]{10} \[serially\]$/),
      '* Can not multiplex, even if we wanted to',
      `* Re-using existing connection #0 with host ${a}`,
      `* Connection #0 to host ${a} left intact`,
    ]);
  });

  it('an unwritable -o: the warning and "Failure writing output" before the last meter line', () => {
    const r = c.run(`curl -v -o /nope/x http://${c.svc('auth-service')}:8080/health`);
    expect(r.exitCode).toBe(23);
    expect(r.stderr).toMatch(
      /\{ \[3 bytes data\]\nWarning: Failed to open the file \/nope\/x: No such file or directory\n\* Failure writing output to destination\n\r100     3  100     3 [^\n]+\n\* Closing connection 0\ncurl: \(23\) Failure writing output to destination\n$/,
    );
  });

  it('an unknown name with -o: the error follows the first meter line', () => {
    expect(c.run('curl -o /dev/null http://auth-service/').stderr).toBe(`${METER}\r${ZERO}curl: (6) Could not resolve host: auth-service\n`);
  });
});

describe('curl: localhost on the node', () => {
  it('kubelet healthz on 127.0.0.1:10248; a closed port is tried on ::1 too', () => {
    const c = boot();
    expect(c.run('curl -s localhost:10248/healthz')).toMatchObject({ stdout: 'ok', exitCode: 0 });
    expect(c.run('curl -sv localhost:1/').stderr).toBe(
      '*   Trying 127.0.0.1:1...\n* connect to 127.0.0.1 port 1 failed: Connection refused\n*   Trying [::1]:1...\n* connect to ::1 port 1 failed: Connection refused\n' +
        "* Failed to connect to localhost port 1 after 0 ms: Couldn't connect to server\n* Closing connection 0\n",
    );
  });
});
