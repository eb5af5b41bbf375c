// Each image's network tools on the default scenario (seed 1), exact texts and exit codes:
// BIND 9.18's nslookup (nicolaka/netshoot's bind-tools) against busybox 1.36's applet
// (networking/nslookup.c, FEATURE_NSLOOKUP_BIG), AAAA questions in the IPv4-only cluster
// (NODATA with the zone's SOA), and what the tools print for names and ports that fail.
// DNS-1 / DNS-2 are the CoreDNS and resolv.conf rules of the reference.

import { beforeAll, describe, expect, it } from 'vitest';
import { TestSim } from '../../../test/support/sim.ts';
import type { Service } from '../api/types.ts';

const SETUP = `kubectl apply -f - <<'EOF'
apiVersion: v1
kind: Service
metadata: {name: auth-headless}
spec:
  clusterIP: None
  selector: {app: auth-service}
  ports: [{name: http, port: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: empty}
spec:
  selector: {app: none}
  ports: [{port: 8080}]
EOF`;

let t: TestSim;
const run = (line: string): { stdout: string; stderr: string; exitCode: number } => t.exec(line).last;
const NOT_RA = ';; Got recursion not available from 10.96.0.10\n';
const BIND_HEAD = 'Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\n';
const BB_HEAD = 'Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n';
const emptyIP = (): string => t.sim.api.get<Service>('services', 'default', 'empty')!.spec.clusterIP!;
const EXIT1 = 'command terminated with exit code 1\n';
/** dig's message id and cookie are random; everything else is compared. */
const digText = (s: string): string => s.replace(/id: \d+/, 'id: ID').replace(/COOKIE: [0-9a-f]{16}/, 'COOKIE: C');

beforeAll(() => {
  t = new TestSim(1);
  t.exec(SETUP);
  t.exec('kubectl run bb --image=busybox -- sleep 3600');
  t.exec('kubectl wait --for=condition=Ready pod/bb');
});

describe('[DNS-1] nslookup in netshoot (BIND 9.18)', () => {
  it('a Service name through the search list: A then AAAA, one closing blank line', () => {
    expect(run('kubectl exec client -- nslookup auth-service')).toEqual({
      stdout: `${NOT_RA}${BIND_HEAD}Name:\tauth-service.default.svc.cluster.local\nAddress: 10.96.241.179\n${NOT_RA}\n`,
      stderr: '',
      exitCode: 0,
    });
  });
  it('a headless Service: one Name/Address pair per ready endpoint', () => {
    const out = run('kubectl exec client -- nslookup auth-headless').stdout;
    const pairs = ['10.244.1.2', '10.244.1.3', '10.244.2.3'].map((ip) => `Name:\tauth-headless.default.svc.cluster.local\nAddress: ${ip}\n`);
    expect(out.startsWith(`${NOT_RA}${BIND_HEAD}`)).toBe(true);
    expect(out.endsWith(`${NOT_RA}\n`)).toBe(true);
    const body = out.slice(NOT_RA.length + BIND_HEAD.length, -NOT_RA.length - 1);
    expect(body.match(/Name:\t[^\n]+\nAddress: [^\n]+\n/g)!.sort()).toEqual(pairs);
  });
  it('an unknown name: every search name NXDOMAIN, the name as typed, exit 1', () => {
    expect(run('kubectl exec client -- nslookup nope')).toEqual({
      stdout: `${NOT_RA}${NOT_RA}${NOT_RA}${BIND_HEAD}** server can't find nope: NXDOMAIN\n\n`,
      stderr: EXIT1,
      exitCode: 1,
    });
  });
  it('a name in another namespace: svc.namespace found through the second search domain', () => {
    expect(run('kubectl exec client -- nslookup kube-dns.kube-system')).toEqual({
      stdout: `${NOT_RA}${NOT_RA}${BIND_HEAD}Name:\tkube-dns.kube-system.svc.cluster.local\nAddress: 10.96.0.10\n${NOT_RA}\n`,
      stderr: '',
      exitCode: 0,
    });
  });
  it('-type=AAAA in the IPv4-only cluster: NODATA, "No answer", exit 0', () => {
    expect(run('kubectl exec client -- nslookup -type=AAAA auth-service')).toEqual({
      stdout: `${NOT_RA}${BIND_HEAD}*** Can't find auth-service.default.svc.cluster.local: No answer\n`,
      stderr: '',
      exitCode: 0,
    });
  });
});

describe('[DNS-1] nslookup in busybox (1.36 applet)', () => {
  it('a Service name: A and AAAA for every search domain at once, each reply then a blank line; the NXDOMAINs make it exit 1', () => {
    const nx = (n: string): string => `** server can't find auth-service.${n}: NXDOMAIN\n\n`;
    expect(run('kubectl exec bb -- nslookup auth-service')).toEqual({
      stdout:
        `${BB_HEAD}Name:\tauth-service.default.svc.cluster.local\nAddress: 10.96.241.179\n\n` +
        `${nx('svc.cluster.local')}${nx('cluster.local')}\n${nx('svc.cluster.local')}${nx('cluster.local')}`,
      stderr: EXIT1,
      exitCode: 1,
    });
  });
  it('a headless Service: every endpoint in the A reply', () => {
    const out = run('kubectl exec bb -- nslookup auth-headless').stdout;
    const a = /^Server:\t\t10\.96\.0\.10\nAddress:\t10\.96\.0\.10:53\n\n((?:Name:\tauth-headless\.default\.svc\.cluster\.local\nAddress: [\d.]+\n){3})\n\*\* server can't find auth-headless\.svc\.cluster\.local: NXDOMAIN\n\n/.exec(out);
    expect(a).not.toBeNull();
    expect(a![1]!.match(/Address: [\d.]+/g)!.sort()).toEqual(['Address: 10.244.1.2', 'Address: 10.244.1.3', 'Address: 10.244.2.3']);
  });
  it('an unknown name: six NXDOMAIN lines, exit 1', () => {
    const nx = ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local'].map((d) => `** server can't find nope.${d}: NXDOMAIN\n\n`).join('');
    expect(run('kubectl exec bb -- nslookup nope')).toEqual({ stdout: `${BB_HEAD}${nx}${nx}`, stderr: EXIT1, exitCode: 1 });
  });
  it('another namespace: a name with a dot is asked as is (no search list), so svc.namespace is NXDOMAIN', () => {
    expect(run('kubectl exec bb -- nslookup kube-dns.kube-system')).toEqual({
      stdout: `${BB_HEAD}** server can't find kube-dns.kube-system: NXDOMAIN\n\n** server can't find kube-dns.kube-system: NXDOMAIN\n\n`,
      stderr: EXIT1,
      exitCode: 1,
    });
    expect(run('kubectl exec bb -- nslookup kube-dns.kube-system.svc.cluster.local')).toEqual({
      stdout: `${BB_HEAD}Name:\tkube-dns.kube-system.svc.cluster.local\nAddress: 10.96.0.10\n\n\n`,
      stderr: '',
      exitCode: 0,
    });
  });
  it('with an explicit server the search list is not read', () => {
    expect(run('kubectl exec bb -- nslookup auth-service 10.96.0.10').stdout).toBe(
      `${BB_HEAD}** server can't find auth-service: NXDOMAIN\n\n** server can't find auth-service: NXDOMAIN\n\n`,
    );
  });
  it('a server given by name is looked up first; "Server:" shows it as typed', () => {
    expect(run('kubectl exec bb -- nslookup auth-service.default.svc.cluster.local kube-dns.kube-system.svc.cluster.local').stdout).toBe(
      'Server:\t\tkube-dns.kube-system.svc.cluster.local\nAddress:\t10.96.0.10:53\n\nName:\tauth-service.default.svc.cluster.local\nAddress: 10.96.241.179\n\n\n',
    );
    expect(run('kubectl exec bb -- nslookup x nope')).toEqual({ stdout: '', stderr: `nslookup: bad address 'nope'\n${EXIT1}`, exitCode: 1 });
  });
  it('-type=AAAA: the empty (NODATA) reply is only a blank line', () => {
    expect(run('kubectl exec bb -- nslookup -type=AAAA auth-service.default.svc.cluster.local')).toEqual({ stdout: `${BB_HEAD}\n`, stderr: '', exitCode: 0 });
  });
  it('usage and a bad type', () => {
    expect(run('kubectl exec bb -- nslookup')).toEqual({
      stdout: '',
      stderr: `Usage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n\nQuery DNS about HOST\n\nQUERY_TYPE: soa,ns,a,aaaa,cname,mx,txt,ptr,srv,any\n${EXIT1}`,
      exitCode: 1,
    });
    expect(run('kubectl exec bb -- nslookup -type=x auth-service')).toEqual({ stdout: '', stderr: `nslookup: invalid query type "x"\n${EXIT1}`, exitCode: 1 });
  });
});

describe('[DNS-1] reverse lookups (the kubernetes plugin\'s in-addr.arpa zone)', () => {
  it('a ClusterIP names its Service; BIND keeps the final dot, busybox drops it', () => {
    expect(run('kubectl exec client -- nslookup 10.96.241.179')).toEqual({
      stdout: `${NOT_RA}${BIND_HEAD}179.241.96.10.in-addr.arpa\tname = auth-service.default.svc.cluster.local.\n\n`,
      stderr: '',
      exitCode: 0,
    });
    expect(run('kubectl exec bb -- nslookup 10.96.241.179')).toEqual({
      stdout: `${BB_HEAD}179.241.96.10.in-addr.arpa\tname = auth-service.default.svc.cluster.local\n\n`,
      stderr: '',
      exitCode: 0,
    });
    expect(run('kubectl exec client -- dig -x 10.96.241.179 +short').stdout).toBe('auth-service.default.svc.cluster.local.\n');
  });
  it('an endpoint address: one name per Service it backs; a pod behind no Service is NXDOMAIN (forwarded)', () => {
    expect(run('kubectl exec client -- nslookup 10.244.1.2').stdout).toBe(
      `${NOT_RA}${BIND_HEAD}2.1.244.10.in-addr.arpa\tname = 10-244-1-2.auth-headless.default.svc.cluster.local.\n` +
        '2.1.244.10.in-addr.arpa\tname = 10-244-1-2.auth-service.default.svc.cluster.local.\n\n',
    );
    expect(run('kubectl exec client -- nslookup 10.244.2.2')).toEqual({ stdout: `${BIND_HEAD}** server can't find 2.2.244.10.in-addr.arpa: NXDOMAIN\n\n`, stderr: EXIT1, exitCode: 1 });
  });
});

describe('[DNS-1] dig (netshoot)', () => {
  it('AAAA of a ClusterIP Service: NOERROR, no answer, the zone SOA in AUTHORITY', () => {
    const out = digText(run('kubectl exec client -- dig AAAA auth-service.default.svc.cluster.local').stdout);
    expect(out).toContain(';; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: ID\n;; flags: qr aa rd; QUERY: 1, ANSWER: 0, AUTHORITY: 1, ADDITIONAL: 1\n');
    expect(out).toContain(';; QUESTION SECTION:\n;auth-service.default.svc.cluster.local.\tIN AAAA\n\n;; AUTHORITY SECTION:\ncluster.local.\t\t5\tIN\tSOA\tns.dns.cluster.local. hostmaster.cluster.local. ');
    expect(out).not.toContain('ANSWER SECTION');
  });
  it('NXDOMAIN is in the header; dig still exits 0; +short prints nothing', () => {
    const r = run('kubectl exec client -- dig nope.default.svc.cluster.local');
    expect(r.exitCode).toBe(0);
    expect(digText(r.stdout)).toContain(';; ->>HEADER<<- opcode: QUERY, status: NXDOMAIN, id: ID\n;; flags: qr aa rd; QUERY: 1, ANSWER: 0, AUTHORITY: 1, ADDITIONAL: 1\n');
    expect(run('kubectl exec client -- dig +short nope.default.svc.cluster.local')).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    expect(run('kubectl exec client -- dig +short auth-service.default.svc.cluster.local')).toEqual({ stdout: '10.96.241.179\n', stderr: '', exitCode: 0 });
    expect(run('kubectl exec client -- dig +short AAAA auth-service.default.svc.cluster.local')).toEqual({ stdout: '', stderr: '', exitCode: 0 });
  });
});

describe('curl 8.7.1 in netshoot (-v lines that differ from Debian\'s 7.88.1)', () => {
  it('what the name resolved to (no AAAA: "IPv6: (none)"), "Request completely sent off", no connection number', () => {
    const err = run('kubectl exec client -- curl -v http://auth-service:8080/').stderr;
    expect(err.startsWith(
      '* Host auth-service:8080 was resolved.\n* IPv6: (none)\n* IPv4: 10.96.241.179\n*   Trying 10.96.241.179:8080...\n' +
        '* Connected to auth-service (10.96.241.179) port 8080\n> GET / HTTP/1.1\r\n> Host: auth-service:8080\r\n> User-Agent: curl/8.7.1\r\n> Accept: */*\r\n> \r\n' +
        '* Request completely sent off\n< HTTP/1.1 200 OK\r\n',
    )).toBe(true);
    expect(err.endsWith('< \r\n* Connection #0 to host auth-service left intact\n')).toBe(true);
  });
  it('a refused connect names the local address; "Closing connection" has no number', () => {
    const ip = emptyIP();
    const err = run('kubectl exec client -- curl -v http://empty:8080/').stderr;
    expect(err).toMatch(new RegExp(`^\\* Host empty:8080 was resolved\\.\\n\\* IPv6: \\(none\\)\\n\\* IPv4: ${ip}\\n\\*   Trying ${ip}:8080\\.\\.\\.\\n\\* connect to ${ip} port 8080 from 10\\.244\\.2\\.2 port \\d+ failed: Connection refused\\n`));
    expect(err.endsWith("* Failed to connect to empty port 8080 after 1 ms: Couldn't connect to server\n* Closing connection\ncurl: (7) Failed to connect to empty port 8080 after 1 ms: Couldn't connect to server\ncommand terminated with exit code 7\n")).toBe(true);
    expect(run('kubectl exec client -- curl -v http://nope/').stderr).toBe('* Could not resolve host: nope\n* Closing connection\ncurl: (6) Could not resolve host: nope\ncommand terminated with exit code 6\n');
  });
});

describe('failing names and ports', () => {
  it('curl: unknown host (6), no endpoints → kube-proxy REJECT (7), dropped port with -m 2 (28)', () => {
    expect(run('kubectl exec client -- curl http://nope/')).toEqual({ stdout: '', stderr: 'curl: (6) Could not resolve host: nope\ncommand terminated with exit code 6\n', exitCode: 6 });
    expect(run('kubectl exec client -- curl -sS http://empty:8080/')).toEqual({
      stdout: '',
      stderr: "curl: (7) Failed to connect to empty port 8080 after 1 ms: Couldn't connect to server\ncommand terminated with exit code 7\n",
      exitCode: 7,
    });
    const before = t.sim.clock.now();
    expect(run('kubectl exec client -- curl -m 2 http://auth-service:9999/')).toEqual({
      stdout: '',
      stderr: 'curl: (28) Connection timed out after 2001 milliseconds\ncommand terminated with exit code 28\n',
      exitCode: 28,
    });
    expect(t.sim.clock.now() - before).toBeGreaterThanOrEqual(2001);
  });
  it('busybox wget: bad address, refused, timed out with -T', () => {
    expect(run('kubectl exec bb -- wget -qO- http://nope/')).toEqual({ stdout: '', stderr: `wget: bad address 'nope'\n${EXIT1}`, exitCode: 1 });
    const ip = emptyIP();
    expect(run('kubectl exec bb -- wget http://empty:8080/')).toEqual({
      stdout: '',
      stderr: `Connecting to empty:8080 (${ip}:8080)\nwget: can't connect to remote host (${ip}): Connection refused\n${EXIT1}`,
      exitCode: 1,
    });
    expect(run('kubectl exec bb -- wget -T 2 -qO- http://auth-service:9999/')).toEqual({ stdout: '', stderr: `wget: download timed out\n${EXIT1}`, exitCode: 1 });
  });
  it('netcat-openbsd (netshoot): a name gets its address in parentheses; refused, timed out with -w, unresolvable', () => {
    const ip = emptyIP();
    expect(run('kubectl exec client -- nc -zv auth-service 8080')).toEqual({ stdout: '', stderr: 'Connection to auth-service (10.96.241.179) 8080 port [tcp/http-alt] succeeded!\n', exitCode: 0 });
    expect(run('kubectl exec client -- nc -zv 10.96.241.179 8080').stderr).toBe('Connection to 10.96.241.179 8080 port [tcp/http-alt] succeeded!\n');
    expect(run('kubectl exec client -- nc -z auth-service 8080')).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    expect(run('kubectl exec client -- nc -zv empty 8080')).toEqual({ stdout: '', stderr: `nc: connect to empty (${ip}) port 8080 (tcp) failed: Connection refused\n${EXIT1}`, exitCode: 1 });
    expect(run('kubectl exec client -- nc -zv -w 2 auth-service 9999').stderr).toBe(`nc: connect to auth-service (10.96.241.179) port 9999 (tcp) timed out: Operation now in progress\n${EXIT1}`);
    expect(run('kubectl exec client -- nc -zv nope 80')).toEqual({ stdout: '', stderr: `nc: getaddrinfo for host "nope" port 80: Name does not resolve\n${EXIT1}`, exitCode: 1 });
  });
  it('busybox nc (nc 1.10 port): "open", refusals only at -vv, ETIMEDOUT, bad address', () => {
    const ip = emptyIP();
    expect(run('kubectl exec bb -- nc -zv auth-service 8080')).toEqual({ stdout: '', stderr: 'auth-service (10.96.241.179:8080) open\n', exitCode: 0 });
    expect(run('kubectl exec bb -- nc -zv empty 8080')).toEqual({ stdout: '', stderr: EXIT1, exitCode: 1 });
    expect(run('kubectl exec bb -- nc -zvv empty 8080').stderr).toBe(`nc: empty (${ip}:8080): Connection refused\nsent 0, rcvd 0\n${EXIT1}`);
    expect(run('kubectl exec bb -- nc -zv -w 2 auth-service 9999').stderr).toBe(`nc: auth-service (10.96.241.179:9999): Connection timed out\n${EXIT1}`);
    expect(run('kubectl exec bb -- nc -zv nope 80').stderr).toBe(`nc: bad address 'nope'\n${EXIT1}`);
  });
});
