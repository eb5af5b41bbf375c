// Connections through the default scenario's network with kube-proxy's real rules on every
// node: client pod on kind-worker2 (10.244.2.2); auth-service pods 10.244.1.2, 10.244.1.3
// (kind-worker) and 10.244.2.3 (kind-worker2) behind ClusterIP 10.96.241.179:8080.

import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Deployment, Service } from '../api/types.ts';
import { endpointChain, portProtoHash } from '../proxy/chainNames.ts';
import { bootCluster, iptables, podsNamed, type TestCluster } from './testkit.ts';
import type { ConnectionTrace, Hop } from './types.ts';

const SCENARIO = readFileSync(new URL('../../../content/scenarios/default.yaml', import.meta.url), 'utf8');
const SVC = '10.96.241.179';
const AUTH = ['10.244.1.2', '10.244.1.3', '10.244.2.3'];
const CLIENT = { pod: { namespace: 'default', name: 'client' } };
const SVC_CHAIN = `KUBE-SVC-${portProtoHash('default/auth-service:http', 'tcp')}`;

const hitNames = (h: Hop): string[] => h.hits.map((x) => `${x.table}:${x.chain}:${x.type}:${x.ruleNumber}`);
const hooksOf = (t: ConnectionTrace, label: string, host: string): Hop[] => t.hops.filter((h) => h.packetLabel === label && h.host === host && h.step === 'hook');
const delivered = (t: ConnectionTrace, label: string): Hop | undefined => t.hops.find((h) => h.packetLabel === label && h.step === 'deliver');
const pathOf = (t: ConnectionTrace, label: string): string[] => t.hops.filter((h) => h.packetLabel === label).map((h) => h.host).filter((h, i, a) => a[i - 1] !== h);

function addService(c: TestCluster, name: string, spec: Service['spec']): Service {
  const r = c.sim.api.create<Service>('services', { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec }, { actor: 'kubectl' });
  if (!r.ok) throw new Error(r.status.message);
  c.sim.settle();
  return c.sim.api.get<Service>('services', 'default', name)!;
}

describe('connections through a ClusterIP Service', () => {
  let c: TestCluster;
  beforeAll(() => {
    c = bootCluster(SCENARIO);
  });

  it('[NF-3] [EP-4] pod → ClusterIP: DNAT to one of the three pods, the reply un-DNATed, no masquerade', () => {
    const t = c.net.connect({ from: CLIENT, to: SVC, port: 8080 });
    expect(t.outcome).toBe('connected');
    expect(AUTH).toContain(t.destination!.ip);
    expect(t.destination!.port).toBe(8080);
    expect(t.destination!.pod!.name).toMatch(/^auth-service-7b86fcccfd-/);
    expect(t.serverSawSource).toBe(`10.244.2.2:${t.client.port}`);
    expect(t.masqueraded).toBe(false);
    // The SYN-ACK reaches the client as coming from the ClusterIP.
    const synack = delivered(t, 'SYN-ACK')!;
    expect([synack.host, synack.before.src, synack.before.sport, synack.before.dst, synack.before.dport]).toEqual(['pod/default/client', SVC, 8080, '10.244.2.2', t.client.port]);
    // kind-worker2's PREROUTING walks KUBE-SERVICES → KUBE-SVC → KUBE-SEP and DNATs.
    const pre = hooksOf(t, 'SYN', 'kind-worker2').find((h) => h.hook === 'PREROUTING')!;
    const sep = endpointChain('default/auth-service:http', 'tcp', `${t.destination!.ip}:8080`);
    expect(hitNames(pre).filter((n) => n.startsWith('nat:KUBE-SVC') || n.startsWith('nat:KUBE-SEP')).map((n) => n.split(':').slice(0, 2).join(':'))).toEqual([`nat:${SVC_CHAIN}`, `nat:${sep}`]);
    expect(pre.hits.at(-1)).toMatchObject({ chain: sep, type: 'rule', ruleNumber: 2, verdict: 'DNAT' });
    expect([pre.after.dst, pre.after.dport]).toEqual([t.destination!.ip, 8080]);
    expect(t.conntrack).toBe(
      `tcp      6 432000 ESTABLISHED src=10.244.2.2 dst=${SVC} sport=${t.client.port} dport=8080 src=${t.destination!.ip} dst=10.244.2.2 sport=8080 dport=${t.client.port} [ASSURED] mark=0 use=1`,
    );
  });

  it('[NF-3] the random probabilities spread 300 connections over all three endpoints', () => {
    const seen = new Map<string, number>();
    for (let i = 0; i < 300; i++) {
      const t = c.net.connect({ from: CLIENT, to: SVC, port: 8080 });
      seen.set(t.destination!.ip, (seen.get(t.destination!.ip) ?? 0) + 1);
    }
    expect([...seen.keys()].sort()).toEqual(AUTH);
    for (const n of seen.values()) expect(n).toBeGreaterThan(60);
  });

  it('[EP-4] node → ClusterIP is masqueraded to the node address', () => {
    const t = c.net.connect({ from: { node: 'kind-control-plane' }, to: SVC, port: 8080 });
    expect(t.outcome).toBe('connected');
    expect(t.client.ip).toBe('172.18.0.2');
    expect(t.masqueraded).toBe(true);
    expect(t.serverSawSource).toMatch(/^172\.18\.0\.2:\d+$/);
    const post = hooksOf(t, 'SYN', 'kind-control-plane').find((h) => h.hook === 'POSTROUTING')!;
    expect(post.hits.map((h) => `${h.chain}:${h.ruleNumber}:${h.verdict}`)).toEqual(['POSTROUTING:1:jump KUBE-POSTROUTING', 'KUBE-POSTROUTING:2:MARK', 'KUBE-POSTROUTING:3:MASQUERADE']);
    expect(t.conntrack).toMatch(new RegExp(`^tcp {6}6 432000 ESTABLISHED src=172\\.18\\.0\\.2 dst=${SVC.replace(/\./g, '\\.')} sport=${t.client.port} dport=8080 src=${t.destination!.ip} dst=172\\.18\\.0\\.2 sport=8080 dport=\\d+ \\[ASSURED\\] mark=0 use=1$`));
  });

  it('[EP-4] hairpin: a pod that reaches itself through the Service sees the veth gateway address', () => {
    const self = { pod: { namespace: 'default', name: podsNamed(c.sim, 'default', 'auth-service').find((p) => p.status.podIP === '10.244.2.3')!.metadata.name! } };
    let t: ConnectionTrace | undefined;
    for (let i = 0; i < 50 && t?.destination?.ip !== '10.244.2.3'; i++) t = c.net.connect({ from: self, to: SVC, port: 8080 });
    expect(t!.outcome).toBe('connected');
    expect(t!.destination!.ip).toBe('10.244.2.3');
    expect(t!.masqueraded).toBe(true);
    expect(t!.serverSawSource).toMatch(/^10\.244\.2\.1:\d+$/);
    // In through the pod's veth and straight back out of it.
    const fwd = hooksOf(t!, 'SYN', 'kind-worker2').find((h) => h.hook === 'FORWARD')!;
    expect(fwd.inIface).toBe(fwd.outIface);
  });

  it('[NF-3] pod → pod across nodes: routed via the other node, no NAT', () => {
    const t = c.net.connect({ from: CLIENT, to: '10.244.1.2', port: 8080 });
    expect(t.outcome).toBe('connected');
    expect(t.serverSawSource).toBe(`10.244.2.2:${t.client.port}`);
    expect(t.masqueraded).toBe(false);
    expect(pathOf(t, 'SYN')).toEqual(['pod/default/client', 'kind-worker2', 'kind-worker', `pod/default/${t.destination!.pod!.name}`]);
    expect(t.hops.filter((h) => h.packetLabel === 'SYN' && h.step === 'route').map((h) => h.note)).toEqual([
      '10.244.1.2 via 10.244.2.1 dev eth0 src 10.244.2.2',
      '10.244.1.2 via 172.18.0.3 dev eth0',
      `10.244.1.2 dev ${c.net.host('kind-worker')!.ifaces.find((i) => i.peer?.host.addresses.has('10.244.1.2'))!.name}`,
      'local 10.244.1.2 dev lo table local src 10.244.1.2',
    ]);
    // Two routers on the way: TTL 62 on arrival.
    expect(delivered(t, 'SYN')!.wire.ttl).toBe(62);
  });

  it('a pod port nothing listens on: TCP gets RST (refused), UDP gets ICMP port unreachable', () => {
    const t = c.net.connect({ from: CLIENT, to: '10.244.1.2', port: 9999 });
    expect([t.outcome, t.error]).toEqual(['refused', 'Connection refused']);
    expect(delivered(t, 'RST')!.before.tcpFlags).toBe('RST,ACK');
    const u = c.net.connect({ from: CLIENT, to: '10.244.1.2', port: 53, proto: 'udp' });
    expect([u.outcome, u.error]).toEqual(['refused', 'Connection refused']);
    expect(delivered(u, 'ICMP')!.wire.icmp).toMatchObject({ type: 3, code: 3 });
  });

  it('[NF-3] UDP to kube-dns reaches a CoreDNS pod and the answer comes back from the ClusterIP', () => {
    const t = c.net.connect({ from: CLIENT, to: '10.96.0.10', port: 53, proto: 'udp' });
    expect(t.outcome).toBe('connected');
    expect(t.destination!.pod!.name).toMatch(/^coredns-/);
    expect(delivered(t, 'UDP reply')!.before.src).toBe('10.96.0.10');
    expect(t.conntrack).toBe(`udp      17 30 src=10.244.2.2 dst=10.96.0.10 sport=${t.client.port} dport=53 src=${t.destination!.ip} dst=10.244.2.2 sport=53 dport=${t.client.port} mark=0 use=1`);
  });

  it('an address nobody has on the kind network: ARP fails, No route to host', () => {
    const t = c.net.connect({ from: { node: 'kind-worker' }, to: '172.18.0.77', port: 80 });
    expect([t.outcome, t.error]).toEqual(['unreachable', 'No route to host']);
  });

  it('external client: a ClusterIP is not routable from outside (timeout at the docker gateway)', () => {
    const t = c.net.connect({ from: { external: true }, to: SVC, port: 8080 });
    expect([t.outcome, t.error]).toEqual(['timeout', 'Connection timed out']);
    expect(pathOf(t, 'SYN')).toEqual(['external', 'gateway']);
  });

  it('rule counters and conntrack change like real traffic', () => {
    const k = c.net.kernel('kind-worker2')!;
    const chain = k.ruleset.tables.get('nat')!.chains.get(SVC_CHAIN)!;
    const total = () => chain.rules.slice(1).reduce((n, r) => n + r.counters.packets, 0);
    const before = total();
    const entries = k.conntrack.list().length;
    const t = c.net.connect({ from: CLIENT, to: SVC, port: 8080 });
    // Only the SYN walks the nat table (one KUBE-SVC → KUBE-SEP jump); the ACK follows conntrack.
    expect(total()).toBe(before + 1);
    const sep = k.ruleset.tables.get('nat')!.chains.get(endpointChain('default/auth-service:http', 'tcp', `${t.destination!.ip}:8080`))!;
    expect(sep.rules[1]!.counters.bytes % 60).toBe(0);
    expect(k.conntrack.list().length).toBe(entries + 1);
  });
});

describe('rules that refuse or drop', () => {
  it('[KP-15] a Service without endpoints is REJECTed: refused by ICMP port unreachable from the node', () => {
    const c = bootCluster(SCENARIO);
    const svc = addService(c, 'nothing', { selector: { app: 'nothing' }, ports: [{ port: 80 }] });
    const t = c.net.connect({ from: CLIENT, to: svc.spec.clusterIP!, port: 80 });
    expect([t.outcome, t.error, t.destination, t.conntrack]).toEqual(['refused', 'Connection refused', undefined, undefined]);
    const fwd = hooksOf(t, 'SYN', 'kind-worker2').find((h) => h.hook === 'FORWARD')!;
    expect(fwd.verdict).toBe('REJECT');
    expect(fwd.hits.at(-1)).toMatchObject({ table: 'filter', chain: 'KUBE-SERVICES', verdict: 'REJECT' });
    expect(fwd.hits.at(-1)!.rule).toBe(`-d ${svc.spec.clusterIP}/32 -p tcp -m comment --comment "default/nothing has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable`);
    const icmp = delivered(t, 'ICMP')!;
    expect([icmp.host, icmp.before.src, icmp.wire.tos, icmp.wire.icmp!.code]).toEqual(['pod/default/client', '10.244.2.1', 0xc0, 3]);
  });

  it('[EP-3] internalTrafficPolicy Local without a local endpoint DROPs: timeout', () => {
    const c = bootCluster(SCENARIO);
    const svc = addService(c, 'auth-local', { selector: { app: 'auth-service' }, ports: [{ port: 8080 }], internalTrafficPolicy: 'Local' });
    const t = c.net.connect({ from: { node: 'kind-control-plane' }, to: svc.spec.clusterIP!, port: 8080 });
    expect([t.outcome, t.error]).toEqual(['timeout', 'Connection timed out']);
    const out = hooksOf(t, 'SYN', 'kind-control-plane').find((h) => h.hook === 'OUTPUT')!;
    expect(out.verdict).toBe('DROP');
    expect(out.hits.at(-1)!.rule).toContain('"default/auth-local has no local endpoints"');
  });

  it('a hand-written DROP in FORWARD: timeout, no conntrack entry', () => {
    const c = bootCluster(SCENARIO);
    iptables(c.net, 'kind-worker2', '-I', 'FORWARD', '-d', '10.244.1.3', '-j', 'DROP');
    const t = c.net.connect({ from: CLIENT, to: '10.244.1.3', port: 8080 });
    expect([t.outcome, t.conntrack]).toEqual(['timeout', undefined]);
    expect(hitNames(hooksOf(t, 'SYN', 'kind-worker2').find((h) => h.hook === 'FORWARD')!)).toEqual(['filter:FORWARD:rule:1']);
  });

  it('a hand-written REJECT --reject-with tcp-reset in FORWARD: refused by a RST', () => {
    const c = bootCluster(SCENARIO);
    iptables(c.net, 'kind-worker2', '-I', 'FORWARD', '-p', 'tcp', '-d', '10.244.1.3', '-j', 'REJECT', '--reject-with', 'tcp-reset');
    const t = c.net.connect({ from: CLIENT, to: '10.244.1.3', port: 8080 });
    expect([t.outcome, t.error]).toEqual(['refused', 'Connection refused']);
    expect(delivered(t, 'RST')!.before).toMatchObject({ src: '10.244.1.3', sport: 8080, tcpFlags: 'RST,ACK' });
  });

  it('REJECT with icmp-host-prohibited: unreachable (No route to host)', () => {
    const c = bootCluster(SCENARIO);
    iptables(c.net, 'kind-worker2', '-I', 'FORWARD', '-d', '10.244.1.3', '-j', 'REJECT', '--reject-with', 'icmp-host-prohibited');
    const t = c.net.connect({ from: CLIENT, to: '10.244.1.3', port: 8080 });
    expect([t.outcome, t.error]).toEqual(['unreachable', 'No route to host']);
  });
});

describe('NodePort and the network without kube-proxy', () => {
  it('[EP-4] external → NodePort (externalTrafficPolicy Cluster) is masqueraded by the node', () => {
    const c = bootCluster(SCENARIO);
    const svc = addService(c, 'auth-np', { type: 'NodePort', selector: { app: 'auth-service' }, ports: [{ port: 8080 }] });
    const np = svc.spec.ports![0]!.nodePort!;
    const t = c.net.connect({ from: { external: true }, to: '172.18.0.2', port: np });
    expect(t.outcome).toBe('connected');
    expect(AUTH).toContain(t.destination!.ip);
    expect(t.masqueraded).toBe(true);
    expect(t.serverSawSource).toMatch(/^172\.18\.0\.2:\d+$/);
    expect(delivered(t, 'SYN-ACK')!.before).toMatchObject({ src: '172.18.0.2', sport: np, dst: '172.18.0.100' });
  });

  it('[EP-3] externalTrafficPolicy Local: only nodes with a local endpoint answer, and the client address is kept', () => {
    const c = bootCluster(SCENARIO);
    const svc = addService(c, 'auth-local-np', { type: 'NodePort', externalTrafficPolicy: 'Local', selector: { app: 'auth-service' }, ports: [{ port: 8080 }] });
    const np = svc.spec.ports![0]!.nodePort!;
    const viaWorker = c.net.connect({ from: { external: true }, to: '172.18.0.3', port: np });
    expect(viaWorker.outcome).toBe('connected');
    expect(['10.244.1.2', '10.244.1.3']).toContain(viaWorker.destination!.ip);
    expect([viaWorker.serverSawSource, viaWorker.masqueraded]).toEqual([`172.18.0.100:${viaWorker.client.port}`, false]);
    const viaControlPlane = c.net.connect({ from: { external: true }, to: '172.18.0.2', port: np });
    expect(viaControlPlane.outcome).toBe('timeout');
    const input = hooksOf(viaControlPlane, 'SYN', 'kind-control-plane').find((h) => h.verdict === 'DROP')!;
    expect(input.hits.at(-1)!.rule).toContain('"default/auth-local-np has no local endpoints"');
  });

  it('[NF-3] without KUBE rules a ClusterIP goes out the default route to 172.18.0.1 and is lost', () => {
    const c = bootCluster(SCENARIO, { kubeProxy: false });
    const t = c.net.connect({ from: { node: 'kind-worker' }, to: SVC, port: 8080 });
    expect([t.outcome, t.error]).toEqual(['timeout', 'Connection timed out']);
    expect(pathOf(t, 'SYN')).toEqual(['kind-worker', 'gateway']);
    expect(t.hops[0]!.note).toBe(`${SVC} via 172.18.0.1 dev eth0 src 172.18.0.3`);
  });

  it('follows the API: a new pod gets a namespace and a route, a deleted one loses both', () => {
    const c = bootCluster(SCENARIO);
    const d = c.sim.api.get<Deployment>('deployments', 'default', 'auth-service')!;
    c.sim.api.update('deployments', { ...d, spec: { ...d.spec, replicas: 4 } }, { actor: 'kubectl' });
    c.sim.settle();
    const pods = podsNamed(c.sim, 'default', 'auth-service');
    const added = pods.find((p) => !AUTH.includes(p.status.podIP!))!;
    const ip = added.status.podIP!;
    expect(c.net.host(ip)!.id).toBe(`pod/default/${added.metadata.name}`);
    expect(c.net.connect({ from: CLIENT, to: ip, port: 8080 }).outcome).toBe('connected');
    c.sim.api.delete('pods', 'default', added.metadata.name!, { actor: 'kubectl', gracePeriodSeconds: 0 });
    c.sim.api.update('deployments', { ...c.sim.api.get<Deployment>('deployments', 'default', 'auth-service')!, spec: { ...d.spec, replicas: 3 } }, { actor: 'kubectl' });
    c.sim.settle();
    expect(c.net.host(ip)).toBeUndefined();
    const node = c.net.host(added.spec.nodeName!)!;
    expect(node.routes.some((r) => r.prefix === 32 && node.ifaces.every((i) => i.name !== r.dev))).toBe(false);
    expect(c.net.connect({ from: CLIENT, to: ip, port: 8080 }).outcome).toBe('timeout');
  });
});
