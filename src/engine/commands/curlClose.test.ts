// curl closes its connection (kind-worker, default scenario): the node's conntrack entry ends in
// TIME_WAIT and expires 120 virtual seconds later; counters grow as the kernel's do. Reference,
// Linux 6.18 in namespaces (curl through a DNAT + MASQUERADE router, `conntrack -L` right after):
//   tcp      6 119 TIME_WAIT src=10.99.1.2 dst=10.96.0.10 sport=37978 dport=80 src=10.99.2.2 dst=10.99.2.1 sport=8080 dport=37978 [ASSURED] mark=0 use=1
// (119: a few milliseconds passed before the dump; here the virtual clock has not moved: 120.)
// The same run counted 12 packets in the raw/mangle/filter chains and 1 in each nat rule.

import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { createSimulation } from '../index.ts';
import { createNodeShell, networkDeps } from '../nodeshell/index.ts';
import type { CommandResult } from '../shell/types.ts';
import type { Simulation } from '../simulation.ts';
import { curlCommand } from './curl.ts';

const SCENARIO = readFileSync(new URL('../../../content/scenarios/default.yaml', import.meta.url), 'utf8');
const SVC = '10.96.241.179';
const SEP = 'KUBE-SEP-A3SBAGXNLD4NC6W5'; // default/auth-service:http -> 10.244.1.2:8080
const SHOWN = (n: number): string => `conntrack v1.4.7 (conntrack-tools): ${n} flow entries have been shown.\n`;

interface Node {
  sim: Simulation;
  run(line: string): CommandResult;
}

function boot(): Node {
  const created = createSimulation({ scenario: SCENARIO });
  if (!created.ok) throw new Error(created.error);
  const sim = created.sim;
  const sh = createNodeShell(sim, 'kind-worker', networkDeps(sim.network, [curlCommand]));
  return { sim, run: (line) => sh.runLine(line) };
}

/** The rule lines of `iptables-save -c` that match `part`. */
const counted = (n: Node, table: string, part: string): string[] =>
  n.run(`iptables-save -c -t ${table}`).stdout.split('\n').filter((l) => l.includes(part));

describe('curl closes its connection: TIME_WAIT on the node', () => {
  let n: Node;
  beforeEach(() => {
    n = boot();
  });

  // `-s 172.18.0.3`: the kubelet's readiness probes (10.244.1.1 → each pod's :8080) leave their
  // own TIME_WAIT entries on this node; only the curl's is asserted here.
  it('[NF-3] [EP-4] conntrack -L after curl to the ClusterIP: TIME_WAIT 120 with the masqueraded reply tuple; gone after 120 s', () => {
    const r = n.run(`curl -s -w '%{local_ip} %{local_port}\\n' http://${SVC}:8080/`);
    expect(r.exitCode).toBe(0);
    // The echo names the pod that answered and the source it saw (after MASQUERADE).
    const [, podIp, seenIp, seenPort, localIp, localPort] = /pod ip: (\S+)\nclient: (\S+):(\d+)\n(\S+) (\d+)\n$/.exec(r.stdout)!;
    expect([podIp, seenIp, localIp]).toEqual(['10.244.1.2', '10.244.1.1', '172.18.0.3']);
    const line = (left: number): string =>
      `tcp      6 ${left} TIME_WAIT src=172.18.0.3 dst=${SVC} sport=${localPort} dport=8080 src=10.244.1.2 dst=10.244.1.1 sport=8080 dport=${seenPort} [ASSURED] mark=0 use=1\n`;
    expect(n.run('conntrack -L -p tcp -s 172.18.0.3 --dport 8080')).toMatchObject({ stdout: line(120), stderr: SHOWN(1), exitCode: 0 });
    n.sim.advance(119_000);
    expect(n.run('conntrack -L -p tcp -s 172.18.0.3 --dport 8080').stdout).toBe(line(1));
    n.sim.advance(2_000);
    expect(n.run('conntrack -L -p tcp -s 172.18.0.3 --dport 8080')).toMatchObject({ stdout: '', stderr: SHOWN(0) });
  });

  it('[NF-3] counters: the KUBE-SEP DNAT rule and every nat rule count the first packet only; filter rules every packet', () => {
    n.run('iptables -Z');
    n.run('iptables -t nat -Z');
    const r = n.run(`curl -s -o /dev/null -w '%{size_request} %{size_header} %{size_download}' http://${SVC}:8080/`);
    const [req, hdr, body] = r.stdout.split(' ').map(Number) as [number, number, number];
    expect(req).toBe(82);
    // Out: SYN 60, ACK 52, request 52+req, ACK of the response 52, FIN,ACK 52, last ACK 52.
    // In: SYN-ACK 60, ACK of the request 52, response 52+headers+body, the server's FIN,ACK 52.
    const out = 60 + 52 + (52 + req) + 52 + 52 + 52;
    const inn = 60 + 52 + (52 + hdr + body) + 52;
    expect(counted(n, 'filter', '-j KUBE-FIREWALL')).toEqual([`[4:${inn}] -A INPUT -j KUBE-FIREWALL`, `[6:${out}] -A OUTPUT -j KUBE-FIREWALL`]);
    // kube-proxy's NEW-only jumps see the SYN alone.
    expect(counted(n, 'filter', '-A OUTPUT -m conntrack --ctstate NEW')).toEqual([
      '[1:60] -A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL',
      '[1:60] -A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    ]);
    expect(counted(n, 'nat', `-A ${SEP} -p tcp`)).toEqual([
      `[1:60] -A ${SEP} -p tcp -m comment --comment "default/auth-service:http" -m tcp -j DNAT --to-destination 10.244.1.2:8080`,
    ]);
    expect(counted(n, 'nat', '-A OUTPUT')).toEqual(['[1:60] -A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES']);
    expect(counted(n, 'nat', 'MASQUERADE --random-fully')).toEqual([
      '[1:60] -A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully',
    ]);
  });

  it('[NF-3] two URLs on one kept-alive connection: one entry, closed by curl when it exits', () => {
    const r = n.run(`curl -s -o /dev/null -o /dev/null -w '%{num_connects} %{local_port}\\n' http://${SVC}:8080/ http://${SVC}:8080/health`);
    const [first, second] = r.stdout.trimEnd().split('\n');
    expect(second).toBe(`0 ${first!.split(' ')[1]}`);
    const ct = n.run('conntrack -L -p tcp -s 172.18.0.3 --dport 8080');
    expect(ct.stderr).toBe(SHOWN(1));
    expect(ct.stdout).toMatch(new RegExp(`^tcp {6}6 120 TIME_WAIT src=172\\.18\\.0\\.3 dst=${SVC} sport=${first!.split(' ')[1]} dport=8080 `));
  });

  it('[NF-3] a server that closes first (Go answering 400 without Host, Connection: close) also leaves TIME_WAIT', () => {
    const r = n.run(`curl -s -H 'Host:' http://${SVC}:8080/`);
    expect(r.stdout).toBe('400 Bad Request: missing required Host header');
    const ct = n.run('conntrack -L -p tcp -s 172.18.0.3 --dport 8080');
    expect(ct.stderr).toBe(SHOWN(1));
    expect(ct.stdout).toMatch(/^tcp {6}6 120 TIME_WAIT src=172\.18\.0\.3 dst=10\.96\.241\.179 .* \[ASSURED\] mark=0 use=1\n$/);
  });

  it('[NF-3] a refused connection leaves nothing to close (the RST destroyed the entry)', () => {
    expect(n.run('curl -s http://127.0.0.1:1/').exitCode).toBe(7);
    expect(n.run('conntrack -L -p tcp --dport 1')).toMatchObject({ stdout: '', stderr: SHOWN(0) });
  });
});
