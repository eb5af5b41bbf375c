// Cluster DNS on the default scenario (seed 1): CoreDNS answers from the API (DNS-1), pods'
// resolv.conf (DNS-2), nslookup / dig texts as BIND 9.18 prints them (checked against the real
// nslookup and dig 9.18.49 reading CoreDNS-shaped replies), and each lookup being a real UDP
// exchange through kube-dns's ClusterIP.

import { beforeAll, describe, expect, it } from 'vitest';
import { TestSim } from '../../../test/support/sim.ts';
import type { Pod } from '../api/types.ts';
import type { ConnectFrom } from '../network/types.ts';
import type { CommandDescriptor, CommandResult } from '../shell/types.ts';
import { NODE_RESOLV_CONF, makeDnsCommands, parseResolvConf, query, resolveHost, resolvConfOf, searchCandidates } from './index.ts';

const HEADLESS = `kubectl apply -f - <<'EOF'
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
metadata: {name: docs}
spec:
  type: ExternalName
  externalName: docs.example.com
---
apiVersion: v1
kind: Service
metadata: {name: auth-alias}
spec:
  type: ExternalName
  externalName: auth-service.default.svc.cluster.local
EOF`;

let t: TestSim;
let client: Pod;
let from: ConnectFrom;
let conf: string;
let nslookup: CommandDescriptor<null>;
let dig: CommandDescriptor<null>;

const run = (d: CommandDescriptor<null>, line: string): CommandResult =>
  d.run({ name: d.name, args: line.split(' ').filter(Boolean), stdin: '', env: new Map(), fs: undefined as never, world: null, runLine: undefined as never });
const podIPs = (app: string): string[] => t.sim.api.list<Pod>('pods', 'default').filter((p) => p.metadata.labels?.['app'] === app).map((p) => p.status.podIP!);
/** dig's id and cookie are random; the rest of the text is exact. */
const idAndCookie = (out: string): [string, string] => [/id: (\d+)/.exec(out)![1]!, /COOKIE: ([0-9a-f]{16})/.exec(out)![1]!];
const NOT_RA = ';; Got recursion not available from 10.96.0.10\n';

beforeAll(() => {
  t = new TestSim(1);
  t.exec(HEADLESS);
  client = t.sim.api.list<Pod>('pods', 'default').find((p) => p.metadata.name!.startsWith('client'))!;
  from = { pod: { namespace: 'default', name: client.metadata.name! } };
  conf = resolvConfOf(t.sim, client);
  [nslookup, dig] = makeDnsCommands<null>(() => from, () => t.sim, () => conf) as [CommandDescriptor<null>, CommandDescriptor<null>];
});

describe('resolv.conf', () => {
  it('[DNS-2] a ClusterFirst pod: search <ns>.svc.cluster.local svc.cluster.local cluster.local, the cluster DNS, ndots:5 (containerd order)', () => {
    expect(conf).toBe('search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n');
    const other = { ...client, metadata: { ...client.metadata, namespace: 'team-a' } };
    expect(resolvConfOf(t.sim, other)).toBe('search team-a.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n');
  });

  it('[DNS-2] hostNetwork pods with ClusterFirst fall back to the node resolv.conf (Docker DNS at the kind gateway)', () => {
    const proxy = t.sim.api.list<Pod>('pods', 'kube-system').find((p) => p.spec.hostNetwork)!;
    expect(resolvConfOf(t.sim, proxy)).toBe(NODE_RESOLV_CONF);
    expect(NODE_RESOLV_CONF).toBe('nameserver 172.18.0.1\noptions ndots:0\n');
    const withHostNet = { ...proxy, spec: { ...proxy.spec, dnsPolicy: 'ClusterFirstWithHostNet' } };
    expect(resolvConfOf(t.sim, withHostNet)).toBe('search kube-system.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n');
  });
});

describe('nslookup', () => {
  it('[DNS-1] a Service FQDN → its ClusterIP (4 dots < ndots:5: the search list is tried first)', () => {
    const r = run(nslookup, 'auth-service.default.svc.cluster.local');
    expect(r).toEqual({
      stdout: NOT_RA.repeat(4) + 'Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\nName:\tauth-service.default.svc.cluster.local\nAddress: 10.96.241.179\n' + NOT_RA + '\n',
      stderr: '',
      exitCode: 0,
    });
  });

  it('[DNS-2] a short name from namespace default resolves through the first search domain', () => {
    expect(run(nslookup, 'auth-service').stdout).toBe(
      NOT_RA + 'Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\nName:\tauth-service.default.svc.cluster.local\nAddress: 10.96.241.179\n' + NOT_RA + '\n',
    );
  });

  it('[DNS-1] an unknown name: NXDOMAIN for every search domain, the last try (forwarded upstream) has RA; exit 1', () => {
    expect(run(nslookup, 'nosuch')).toEqual({
      stdout: NOT_RA.repeat(3) + "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\n** server can't find nosuch: NXDOMAIN\n\n",
      stderr: '',
      exitCode: 1,
    });
  });

  it('[DNS-1] an explicit server: no recursion warnings; a trailing dot skips the search list', () => {
    expect(run(nslookup, 'auth-service.default.svc.cluster.local. 10.96.0.10').stdout).toBe(
      'Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\nName:\tauth-service.default.svc.cluster.local\nAddress: 10.96.241.179\n\n',
    );
  });

  it('[DNS-1] SRV for the named port http', () => {
    expect(run(nslookup, '-type=SRV _http._tcp.auth-service.default.svc.cluster.local. 10.96.0.10').stdout).toBe(
      'Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\n_http._tcp.auth-service.default.svc.cluster.local\tservice = 0 100 8080 auth-service.default.svc.cluster.local.\n\n',
    );
  });

  it('[DNS-1] a headless Service: one A per ready endpoint', () => {
    const ips = podIPs('auth-service');
    expect(ips).toHaveLength(3);
    const out = run(nslookup, 'auth-headless.default.svc.cluster.local. 10.96.0.10').stdout;
    const got = [...out.matchAll(/Name:\tauth-headless\.default\.svc\.cluster\.local\nAddress: (\S+)\n/g)].map((m) => m[1]);
    expect([...got].sort()).toEqual([...ips].sort());
  });

  it('[DNS-1] a name that exists without records (the zone apex): NODATA, "No answer" after the AAAA half', () => {
    expect(run(nslookup, 'cluster.local.')).toEqual({
      stdout: NOT_RA + 'Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\n' + NOT_RA + "*** Can't find cluster.local: No answer\n",
      stderr: '',
      exitCode: 0,
    });
  });

  it('[DNS-1] a kind node name from a pod: search domains fail, the bare name is forwarded (non-authoritative, RA)', () => {
    expect(run(nslookup, 'kind-worker').stdout).toBe(
      NOT_RA.repeat(3) + 'Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\nNon-authoritative answer:\nName:\tkind-worker\nAddress: 172.18.0.3\n\n',
    );
  });

  it('[DNS-1] ExternalName to an in-cluster name: the CNAME and the target\'s A in one answer', () => {
    expect(run(nslookup, 'auth-alias 10.96.0.10').stdout).toBe(
      'Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\nauth-alias.default.svc.cluster.local\tcanonical name = auth-service.default.svc.cluster.local.\nName:\tauth-service.default.svc.cluster.local\nAddress: 10.96.241.179\n\n',
    );
  });

  it('[DNS-1] a headless Service without ready endpoints: NXDOMAIN', () => {
    const n = new TestSim(1);
    n.exec(HEADLESS.replace('{app: auth-service}', '{app: nobody}'));
    n.exec('docker exec kind-worker nslookup auth-headless.default.svc.cluster.local. 10.96.0.10');
    expect(n.last).toEqual({ stdout: "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\n** server can't find auth-headless.default.svc.cluster.local: NXDOMAIN\n\n", stderr: '', exitCode: 1 });
  });

  it('[DNS-1] ExternalName → CNAME; the target is asked next (no Internet here: NXDOMAIN, exit 1)', () => {
    expect(run(nslookup, 'docs.default.svc.cluster.local. 10.96.0.10')).toEqual({
      stdout: "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\ndocs.default.svc.cluster.local\tcanonical name = docs.example.com.\n** server can't find docs.example.com: NXDOMAIN\n\n",
      stderr: '',
      exitCode: 1,
    });
  });
});

describe('dig', () => {
  it('[DNS-1] dig layout: header, flags (aa, no ra), OPT with the echoed cookie, TTL 5, stats from the virtual clock', () => {
    const r = run(dig, 'auth-service.default.svc.cluster.local');
    const [id, cookie] = idAndCookie(r.stdout);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(`
; <<>> DiG 9.18.49-1~deb12u3-Debian <<>> auth-service.default.svc.cluster.local
;; global options: +cmd
;; Got answer:
;; WARNING: .local is reserved for Multicast DNS
;; You are currently testing what happens when an mDNS query is leaked to DNS
;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: ${id}
;; flags: qr aa rd; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1
;; WARNING: recursion requested but not available

;; OPT PSEUDOSECTION:
; EDNS: version: 0, flags:; udp: 1232
; COOKIE: ${cookie} (echoed)
;; QUESTION SECTION:
;auth-service.default.svc.cluster.local.\tIN A

;; ANSWER SECTION:
auth-service.default.svc.cluster.local.\t5 IN A\t10.96.241.179

;; Query time: 0 msec
;; SERVER: 10.96.0.10#53(10.96.0.10) (UDP)
;; WHEN: Sat Nov 21 09:00:25 UTC 2026
;; MSG SIZE  rcvd: 133

`);
  });

  it('[DNS-1] NXDOMAIN carries CoreDNS SOA in the authority section (ns.dns / hostmaster, 7200 1800 86400 5)', () => {
    // The serial is when CoreDNS last saw the API change: the Services applied at 09:00:25.
    const r = run(dig, 'nosuch.default.svc.cluster.local');
    expect(r.stdout).toContain(';; ->>HEADER<<- opcode: QUERY, status: NXDOMAIN, id: ');
    expect(r.stdout).toContain(';; flags: qr aa rd; QUERY: 1, ANSWER: 0, AUTHORITY: 1, ADDITIONAL: 1\n');
    expect(r.stdout).toContain(
      ';; QUESTION SECTION:\n;nosuch.default.svc.cluster.local. IN\tA\n\n;; AUTHORITY SECTION:\ncluster.local.\t\t5\tIN\tSOA\tns.dns.cluster.local. hostmaster.cluster.local. 1795251625 7200 1800 86400 5\n\n',
    );
    expect(r.stdout).toContain(';; MSG SIZE  rcvd: 166\n');
    expect(r.exitCode).toBe(0);
  });

  it('[DNS-1] +short prints only the answers; +search walks the search list', () => {
    expect(run(dig, '+short auth-service.default.svc.cluster.local')).toEqual({ stdout: '10.96.241.179\n', stderr: '', exitCode: 0 });
    expect(run(dig, '+short auth-service').stdout).toBe('');
    expect(run(dig, '+short SRV _http._tcp.auth-service.default.svc.cluster.local').stdout).toBe('0 100 8080 auth-service.default.svc.cluster.local.\n');
    expect(run(dig, '+short +search auth-service').stdout).toBe('10.96.241.179\n');
    expect([...run(dig, '+short auth-headless.default.svc.cluster.local').stdout.trim().split('\n')].sort()).toEqual(podIPs('auth-service').sort());
  });

  it('[DNS-1] SRV _http._tcp: the Service name, port 8080, its address in ADDITIONAL', () => {
    const out = run(dig, '_http._tcp.auth-service.default.svc.cluster.local SRV').stdout;
    expect(out).toContain(';; flags: qr aa rd; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 2\n');
    expect(out).toContain(
      ';; QUESTION SECTION:\n;_http._tcp.auth-service.default.svc.cluster.local. IN SRV\n\n' +
        ';; ANSWER SECTION:\n_http._tcp.auth-service.default.svc.cluster.local. 5 IN\tSRV 0 100 8080 auth-service.default.svc.cluster.local.\n\n' +
        ';; ADDITIONAL SECTION:\nauth-service.default.svc.cluster.local.\t5 IN A\t10.96.241.179\n\n',
    );
    expect(out).toContain(';; MSG SIZE  rcvd: 251\n');
  });

  it('[DNS-1] headless SRV: one record per endpoint (weight 100/N), targets named by dashed IP', () => {
    const lines = run(dig, '+short _http._tcp.auth-headless.default.svc.cluster.local SRV').stdout.trim().split('\n').sort();
    expect(lines).toEqual(podIPs('auth-service').map((ip) => `0 33 8080 ${ip.replace(/\./g, '-')}.auth-headless.default.svc.cluster.local.`).sort());
  });
});

describe('the exchange on the wire', () => {
  it('[DNS-1][NF-3] a lookup is UDP to 10.96.0.10:53 DNATed to a CoreDNS pod; conntrack on the client node shows it', () => {
    const r = query(t.sim, from, '10.96.0.10', 'auth-service.default.svc.cluster.local.', 'A');
    expect(r.kind).toBe('answer');
    const trace = r.trace!;
    expect(trace.destination!.pod!.name).toMatch(/^coredns-/);
    expect(trace.destination!.port).toBe(53);
    expect(trace.conntrack).toBe(
      `udp      17 30 src=${client.status.podIP} dst=10.96.0.10 sport=${trace.client.port} dport=53 src=${trace.destination!.ip} dst=${client.status.podIP} sport=53 dport=${trace.client.port} mark=0 use=1`,
    );
  });

  it('[DNS-2] resolveHost walks the search list over the network, as getaddrinfo does', () => {
    expect(resolveHost(t.sim, from, conf, 'auth-service')).toBe('10.96.241.179');
    expect(resolveHost(t.sim, from, conf, 'auth-service.default')).toBe('10.96.241.179');
    expect(resolveHost(t.sim, from, conf, 'kube-dns.kube-system.svc.cluster.local.')).toBe('10.96.0.10');
    expect(resolveHost(t.sim, from, conf, 'nosuch')).toBeUndefined();
    expect(resolveHost(t.sim, from, conf, '10.1.2.3')).toBe('10.1.2.3');
  });
});

describe('on a node', () => {
  it('[DNS-2] nslookup on kind-worker asks Docker DNS at 172.18.0.1: the nodes by name, non-authoritative', () => {
    const n = new TestSim(1);
    n.exec('docker exec kind-worker nslookup kind-control-plane');
    expect(n.last).toEqual({
      stdout: 'Server:\t\t172.18.0.1\nAddress:\t172.18.0.1#53\n\nNon-authoritative answer:\nName:\tkind-control-plane\nAddress: 172.18.0.2\n\n',
      stderr: '',
      exitCode: 0,
    });
    n.exec('docker exec kind-worker dig +short @10.96.0.10 auth-service.default.svc.cluster.local');
    expect(n.last.stdout).toBe('10.96.241.179\n');
    n.exec('docker exec kind-worker cat /etc/resolv.conf');
    expect(n.last.stdout).toBe('nameserver 172.18.0.1\noptions ndots:0\n');
  });

  it('[DNS-1] no DNS server behind the address: each try waits its timeout (virtual clock), dig exits 9', () => {
    const n = new TestSim(1);
    const before = n.sim.clock.now();
    n.exec('docker exec kind-worker dig @10.96.0.1 x.default.svc.cluster.local');
    expect(n.sim.clock.now() - before).toBeGreaterThanOrEqual(15000);
    expect(n.last).toEqual({
      stdout:
        ';; communications error to 10.96.0.1#53: timed out\n'.repeat(3) +
        '\n; <<>> DiG 9.18.49-1~deb12u3-Debian <<>> @10.96.0.1 x.default.svc.cluster.local\n; (1 server found)\n;; global options: +cmd\n;; no servers could be reached\n',
      stderr: '',
      exitCode: 9,
    });
    n.exec('docker exec kind-worker nslookup x 10.96.0.1');
    expect(n.last).toEqual({ stdout: ';; communications error to 10.96.0.1#53: timed out\n'.repeat(3) + ';; no servers could be reached\n\n', stderr: '', exitCode: 1 });
  });

  it('[DNS-2] dig on a node: Docker DNS answers the node names itself (qr rd ra, TTL 600)', () => {
    const n = new TestSim(1);
    n.exec('docker exec kind-worker dig kind-worker');
    expect(n.last.stdout).toContain(';; flags: qr rd ra; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1\n\n');
    expect(n.last.stdout).toContain(';; QUESTION SECTION:\n;kind-worker.\t\t\tIN\tA\n\n;; ANSWER SECTION:\nkind-worker.\t\t600\tIN\tA\t172.18.0.3\n\n');
    expect(n.last.stdout).toContain(';; SERVER: 172.18.0.1#53(172.18.0.1) (UDP)\n');
    expect(n.last.stdout).toContain(';; MSG SIZE  rcvd: 79\n');
  });

  it('[DNS-1] no CoreDNS endpoint: kube-proxy rejects the ClusterIP (ICMP port unreachable), no server reached', () => {
    const n = new TestSim(1);
    n.exec('kubectl scale deployment coredns -n kube-system --replicas=0');
    n.sim.settle();
    n.exec('docker exec kind-worker nslookup auth-service.default.svc.cluster.local 10.96.0.10');
    expect(n.last).toEqual({ stdout: ';; communications error to 10.96.0.10#53: connection refused\n;; no servers could be reached\n\n', stderr: '', exitCode: 1 });
    n.exec('docker exec kind-worker dig +short @10.96.0.10 auth-service.default.svc.cluster.local');
    expect(n.last).toEqual({ stdout: ';; communications error to 10.96.0.10#53: connection refused\n;; no servers could be reached\n', stderr: '', exitCode: 9 });
  });
});

describe('the stub resolver', () => {
  it('[DNS-2] search order: fewer dots than ndots → suffixes first; enough dots → as is first; trailing dot → only as is', () => {
    const c = parseResolvConf('search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n');
    expect(searchCandidates(c, 'web')).toEqual(['web.default.svc.cluster.local.', 'web.svc.cluster.local.', 'web.cluster.local.', 'web.']);
    expect(searchCandidates(c, 'a.b.c.d.e.f')).toEqual(['a.b.c.d.e.f.', 'a.b.c.d.e.f.default.svc.cluster.local.', 'a.b.c.d.e.f.svc.cluster.local.', 'a.b.c.d.e.f.cluster.local.']);
    expect(searchCandidates(c, 'web.')).toEqual(['web.']);
    expect(searchCandidates(parseResolvConf(NODE_RESOLV_CONF), 'kind-worker')).toEqual(['kind-worker.']);
  });
});
