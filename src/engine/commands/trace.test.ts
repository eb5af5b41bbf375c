// The `trace` command on the default scenario (client pod 10.244.2.2 on kind-worker2,
// auth-service 10.96.241.179:8080 → 10.244.1.2, 10.244.1.3, 10.244.2.3) with kube-proxy's rules.

import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Service } from '../api/types.ts';
import { bootCluster, type TestCluster } from '../network/testkit.ts';
import type { CommandResult } from '../shell/types.ts';
import type { Simulation } from '../simulation.ts';
import { traceCommand } from './trace.ts';

const SCENARIO = readFileSync(new URL('../../../content/scenarios/default.yaml', import.meta.url), 'utf8');
const USAGE = 'Usage: trace SRC DST:PORT [-p tcp|udp] [-n NAMESPACE] [--node NODE] [--json] [--count N]\n';

function run(sim: Simulation, ...args: string[]): CommandResult {
  return traceCommand.run({ name: 'trace', args, stdin: '', env: new Map(), fs: undefined as never, world: sim, runLine: () => ({ stdout: '', stderr: '', exitCode: 0 }) });
}

describe('trace', () => {
  let c: TestCluster;
  beforeAll(() => {
    c = bootCluster(SCENARIO);
  });

  it('--help says it is a Proxyscope command', () => {
    const r = run(c.sim, '--help');
    expect(r.exitCode).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe("trace: follow one connection through the cluster's network (a Proxyscope command).");
    expect(r.stdout).toContain(USAGE);
    expect(traceCommand.summary).toBe('follow a connection through netfilter and routing on every node (Proxyscope)');
  });

  it.each([
    [[], 'missing source and destination'],
    [['pod/client'], 'missing destination'],
    [['pod/client', '10.96.241.179:8080', 'extra'], 'unexpected argument "extra"'],
    [['foo', '10.96.241.179:8080'], 'invalid source "foo": expected IP, pod/NAME, node/NAME or external'],
    [['pod/client', '10.96.241.179'], 'invalid destination "10.96.241.179": expected IP:PORT or SERVICE:PORT'],
    [['pod/client', 'Auth_Service:8080'], 'invalid destination "Auth_Service:8080": "Auth_Service" is neither an IPv4 address nor a Service name'],
    [['pod/client', '10.96.241.179:0'], 'invalid port "0": must be 1-65535'],
    [['pod/client', '10.96.241.179:8080', '-p', 'icmp'], 'invalid protocol "icmp": must be tcp or udp'],
    [['pod/client', '10.96.241.179:8080', '--count', '0'], 'invalid count "0": must be 1-100000'],
    [['pod/client', '10.96.241.179:8080', '--bogus'], 'unknown flag: --bogus'],
    [['pod/client', '10.96.241.179:8080', '--count', 'x'], 'invalid argument "x" for "--count" flag: strconv.ParseInt: parsing "x": invalid syntax'],
  ])('usage error %j → exit 2', (args, msg) => {
    expect(run(c.sim, ...args)).toEqual({ stdout: '', stderr: `trace: ${msg}\n${USAGE}Try 'trace --help' for more information.\n`, exitCode: 2 });
  });

  it.each([
    [['pod/nope', '10.96.241.179:8080'], 'pods "nope" not found in namespace "default"'],
    [['pod/client', '10.96.241.179:8080', '-n', 'kube-system'], 'pods "client" not found in namespace "kube-system"'],
    [['node/kind-worker9', '10.96.241.179:8080'], 'nodes "kind-worker9" not found'],
    [['10.1.2.3', '10.96.241.179:8080'], 'no network namespace has the address 10.1.2.3'],
    [['pod/client', '10.96.241.179:8080', '--node', 'nope'], 'nodes "nope" not found'],
    [['pod/client', 'nope:8080'], 'services "nope" not found in namespace "default"'],
    [['pod/client', 'auth-service.kube-system:8080'], 'services "auth-service" not found in namespace "kube-system"'],
  ])('unknown source or node %j → exit 1', (args, msg) => {
    expect(run(c.sim, ...args)).toEqual({ stdout: '', stderr: `trace: ${msg}\n`, exitCode: 1 });
  });

  it('[NF-3] pod → pod: kernel TRACE lines on both nodes, routing in between, then the outcome', () => {
    const r = run(c.sim, 'pod/client', '10.244.1.3:8080');
    expect(r.exitCode).toBe(0);
    const lines = r.stdout.split('\n');
    const port = /10\.244\.2\.2:(\d+) ->/.exec(lines[0]!)![1];
    expect(lines.slice(0, 5)).toEqual([
      `# trace: tcp 10.244.2.2:${port} -> 10.244.1.3:8080 from pod/default/client on kind-worker2`,
      `# SYN 10.244.2.2:${port} -> 10.244.1.3:8080`,
      '# pod/default/client: route 10.244.1.3 via 10.244.2.1 dev eth0 src 10.244.2.2',
      '# pod/default/client: OUTPUT, POSTROUTING: no netfilter rules in this namespace',
      '# pod/default/client: eth0 -> kind-worker2 veth0fb86042',
    ]);
    // nf_log's layout: IN/OUT, MAC (dst, src, ethertype) for received packets, IPv4, TCP with options.
    expect(lines[5]).toMatch(
      new RegExp(
        `^TRACE: nat:PREROUTING:rule:1 IN=veth0fb86042 OUT= MAC=fa:d0:62:11:ea:c9:5a:71:cb:7f:94:5b:08:00 SRC=10\\.244\\.2\\.2 DST=10\\.244\\.1\\.3 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=\\d+ DF PROTO=TCP SPT=${port} DPT=8080 SEQ=\\d+ ACK=0 WINDOW=64240 RES=0x00 SYN URGP=0 OPT \\(020405B40402080A[0-9A-F]{8}0000000001030307\\) $`,
      ),
    );
    expect(lines).toContain('# kind-worker2: route 10.244.1.3 via 172.18.0.3 dev eth0');
    expect(lines).toContain('# kind-worker2: eth0 -> kind-worker eth0 (172.18.0.3 is at 02:1b:d4:01:11:e9)');
    expect(lines.filter((l) => l.startsWith('TRACE: filter:FORWARD:policy:5 ')).map((l) => / TTL=(\d+) /.exec(l)![1])).toEqual(['63', '62']);
    expect(lines.at(-1)).toBe('');
    expect(lines.at(-3)).toMatch(new RegExp(`^# conntrack on kind-worker2: tcp {6}6 432000 ESTABLISHED src=10\\.244\\.2\\.2 dst=10\\.244\\.1\\.3 sport=${port} dport=8080 `));
    expect(lines.at(-2)).toBe(`connected: 10.244.1.3:8080 answered by pod/default/auth-service-7b86fcccfd-fnkgq at 10.244.1.3:8080; the server saw the client as 10.244.2.2:${port}`);
  });

  it('[EP-4] node → ClusterIP: KUBE-MARK-MASQ sets MARK=0x4000, KUBE-POSTROUTING clears it and masquerades', () => {
    const r = run(c.sim, 'node/kind-control-plane', '10.96.241.179:8080');
    // The first node's lines (the SYN is NEW again on the endpoint's node, without UID/MARK).
    const lines = r.stdout.split('\n').filter((l) => / nat:KUBE-(MARK-MASQ|POSTROUTING):/.test(l)).slice(0, 4);
    expect(lines.map((l) => `${l.split(' ')[1]} ${/MARK=\S+/.exec(l)?.[0] ?? '-'} ${/UID=\d+ GID=\d+/.exec(l)?.[0]}`)).toEqual([
      'nat:KUBE-MARK-MASQ:rule:1 - UID=0 GID=0',
      'nat:KUBE-MARK-MASQ:return:2 MARK=0x4000 UID=0 GID=0',
      'nat:KUBE-POSTROUTING:rule:2 MARK=0x4000 UID=0 GID=0',
      'nat:KUBE-POSTROUTING:rule:3 - UID=0 GID=0',
    ]);
    expect(r.stdout).toMatch(/\n# kind-control-plane: POSTROUTING: SNAT 172\.18\.0\.2:\d+ -> 172\.18\.0\.2:\d+\n/);
    expect(r.stdout).toMatch(/\nconnected: 10\.96\.241\.179:8080 answered by pod\/default\/auth-service-7b86fcccfd-\w+ at 10\.244\.\d\.\d:8080; the server saw the client as 172\.18\.0\.2:\d+ \(masqueraded\)\n$/);
  });

  it('--json: verdict, destination, masquerade, hops on one line', () => {
    const r = run(c.sim, 'pod/client', '10.96.241.179:8080', '--json');
    expect(r.stdout.endsWith('}\n')).toBe(true);
    expect(r.stdout.split('\n')).toHaveLength(2);
    const j = JSON.parse(r.stdout) as { verdict: string; destination: string; masquerade: boolean; hops: { host: string; hits: string[] }[]; outcome: string };
    expect(Object.keys(j)).toEqual(['verdict', 'destination', 'masquerade', 'hops', 'outcome']);
    expect([j.verdict, j.masquerade, j.outcome]).toEqual(['DNAT', false, 'connected']);
    expect(['10.244.1.2:8080', '10.244.1.3:8080', '10.244.2.3:8080']).toContain(j.destination);
    expect(j.hops.find((h) => h.hits.includes('nat:KUBE-SERVICES:rule:1'))!.host).toBe('kind-worker2');
  });

  it('[KP-15] --json for a Service without endpoints: REJECT, no destination', () => {
    c.sim.api.create<Service>('services', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'empty', namespace: 'default' }, spec: { selector: { app: 'empty' }, ports: [{ port: 80 }] } }, { actor: 'kubectl' });
    c.sim.settle();
    const ip = c.sim.api.get<Service>('services', 'default', 'empty')!.spec.clusterIP!;
    const j = JSON.parse(run(c.sim, 'pod/client', `${ip}:80`, '--json').stdout) as Record<string, unknown>;
    expect([j.verdict, j.destination, j.masquerade, j.outcome]).toEqual(['REJECT', null, false, 'refused']);
    expect(run(c.sim, 'pod/client', `${ip}:80`).stdout).toMatch(/\n# kind-worker2: FORWARD: rejected\n# ICMP 10\.244\.2\.1 -> 10\.244\.2\.2 \(destination unreachable\)\n[^]*\nrefused: connect to 10\.\d+\.\d+\.\d+:80 failed: Connection refused\n$/);
  });

  it('[NF-3] --count 300 shows how kube-proxy spread the connections', () => {
    const r = run(c.sim, 'pod/client', '10.96.241.179:8080', '--count', '300');
    expect(r.exitCode).toBe(0);
    const rows = r.stdout.split('\n');
    expect(rows[0]).toBe('ENDPOINT          POD                                     CONNECTIONS   SHARE');
    expect(rows.slice(1, 4).map((l) => l.split(/\s+/).slice(0, 2).join(' '))).toEqual([
      '10.244.1.2:8080 default/auth-service-7b86fcccfd-7fz7f',
      '10.244.1.3:8080 default/auth-service-7b86fcccfd-fnkgq',
      '10.244.2.3:8080 default/auth-service-7b86fcccfd-4z4pm',
    ]);
    const counts = rows.slice(1, 4).map((l) => Number(l.split(/\s+/)[2]));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(300);
    for (const [i, n] of counts.entries()) expect(rows[i + 1]!.endsWith(`${((n * 100) / 300).toFixed(1)}%`)).toBe(true);
  });

  it('--node keeps only what happens on that node and its pods', () => {
    const r = run(c.sim, 'pod/client', '10.244.1.3:8080', '--node', 'kind-worker');
    const comments = r.stdout.split('\n').filter((l) => l.startsWith('# ') && !l.startsWith('# trace:') && !/^# (SYN|SYN-ACK|ACK) /.test(l));
    expect(comments.length).toBeGreaterThan(0);
    for (const l of comments) expect(l).toMatch(/^# (kind-worker|pod\/default\/auth-service-7b86fcccfd-fnkgq|conntrack on kind-worker2):/);
  });

  it('UDP: -p udp to kube-dns; nothing listening on a pod port gives ICMP port unreachable', () => {
    expect(run(c.sim, 'pod/client', '10.96.0.10:53', '-p', 'udp').stdout).toMatch(/\nconnected: 10\.96\.0\.10:53 answered by pod\/kube-system\/coredns-\S+ at 10\.244\.0\.\d:53; the server saw the client as 10\.244\.2\.2:\d+\n$/);
    expect(run(c.sim, 'pod/client', '10.244.1.3:5353', '-p', 'udp').stdout).toMatch(/\nrefused: connect to 10\.244\.1\.3:5353 failed: Connection refused\n$/);
  });

  it('a Service name stands for its ClusterIP (SERVICE, SERVICE.NAMESPACE)', () => {
    const first = (r: CommandResult) => r.stdout.split('\n')[0]!.replace(/:\d+ ->/, ':PORT ->');
    expect(first(run(c.sim, 'pod/client', 'auth-service:8080'))).toBe('# trace: tcp 10.244.2.2:PORT -> 10.96.241.179:8080 from pod/default/client on kind-worker2');
    expect(first(run(c.sim, 'pod/client', 'kube-dns.kube-system:53', '-p', 'udp'))).toBe('# trace: udp 10.244.2.2:PORT -> 10.96.0.10:53 from pod/default/client on kind-worker2');
  });

  it('external client and IP sources', () => {
    expect(run(c.sim, 'external', '10.96.241.179:8080').stdout).toMatch(/\n# gateway: lost: the docker host forwards 10\.96\.241\.179 to its uplink; nothing there routes it back into the cluster\ntimeout: connect to 10\.96\.241\.179:8080 failed: Connection timed out\n$/);
    expect(run(c.sim, '10.244.2.2', '10.244.1.3:8080').stdout.split('\n')[0]).toMatch(/^# trace: tcp 10\.244\.2\.2:\d+ -> 10\.244\.1\.3:8080 from pod\/default\/client on kind-worker2$/);
  });

  it('without a network on the simulation: exit 1', () => {
    const sim = { ...c.sim, network: undefined } as unknown as Simulation;
    expect(run(sim, 'pod/client', '10.96.241.179:8080')).toEqual({ stdout: '', stderr: 'trace: the simulated network is not running\n', exitCode: 1 });
  });
});
