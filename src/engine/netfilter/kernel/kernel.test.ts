import { describe, expect, it } from 'vitest';
import { createRng, type Rng } from '../../sim/rng.ts';
import { formatConntrack } from './conntrackFormat.ts';
import { NetfilterKernel } from './kernel.ts';
import { forward, hitLines, load, output, packet, traceLines } from './testkit.ts';

// A kind-like node: eth0 172.18.0.2, pods 10.244.0.0/16, this node's pods 10.244.1.0/24 on veth*.
const NODE_IP = '172.18.0.2';
const VIP = '10.96.241.179';
const SVC = 'KUBE-SVC-AAAAAAAAAAAAAAAA';
const SEPS = ['KUBE-SEP-AAAAAAAAAAAAAAA1', 'KUBE-SEP-AAAAAAAAAAAAAAA2', 'KUBE-SEP-AAAAAAAAAAAAAAA3'];
const EPS = ['10.244.1.3', '10.244.2.2', '10.244.3.2'];

function clusterIPRules(affinity = false): string {
  const sep = (i: number) => {
    const ep = `${EPS[i]}:8080`;
    return [
      `-A ${SEPS[i]} -s ${EPS[i]}/32 -m comment --comment "default/web:http" -j KUBE-MARK-MASQ`,
      `-A ${SEPS[i]} -p tcp -m comment --comment "default/web:http"${affinity ? ` -m recent --set --name ${SEPS[i]} --mask 255.255.255.255 --rsource` : ''} -m tcp -j DNAT --to-destination ${ep}`,
    ].join('\n');
  };
  const aff = affinity
    ? EPS.map((ep, i) => `-A ${SVC} -m comment --comment "default/web:http -> ${ep}:8080" -m recent --rcheck --seconds 10800 --reap --name ${SEPS[i]} --mask 255.255.255.255 --rsource -j ${SEPS[i]}`).join('\n') + '\n'
    : '';
  return `*nat
:KUBE-SERVICES - [0:0]
:KUBE-NODEPORTS - [0:0]
:KUBE-POSTROUTING - [0:0]
:KUBE-MARK-MASQ - [0:0]
:${SVC} - [0:0]
${SEPS.map((s) => `:${s} - [0:0]`).join('\n')}
-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING
-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000
-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0
-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully
-A KUBE-SERVICES -d ${VIP}/32 -p tcp -m comment --comment "default/web:http cluster IP" -m tcp --dport 8080 -j ${SVC}
-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS
-A ${SVC} ! -s 10.244.0.0/16 -d ${VIP}/32 -p tcp -m comment --comment "default/web:http cluster IP" -m tcp --dport 8080 -j KUBE-MARK-MASQ
${aff}-A ${SVC} -m comment --comment "default/web:http -> ${EPS[0]}:8080" -m statistic --mode random --probability 0.33333333349 -j ${SEPS[0]}
-A ${SVC} -m comment --comment "default/web:http -> ${EPS[1]}:8080" -m statistic --mode random --probability 0.50000000000 -j ${SEPS[1]}
-A ${SVC} -m comment --comment "default/web:http -> ${EPS[2]}:8080" -j ${SEPS[2]}
${[0, 1, 2].map(sep).join('\n')}
COMMIT`;
}

/** Counts prandom draws, to show when the statistic match runs. */
function countingRng(seed: number): Rng & { draws: number } {
  const inner = createRng(seed);
  const rng = { ...inner, draws: 0, next: () => { rng.draws++; return inner.next(); } };
  return rng;
}

function node(opts: { affinity?: boolean; seed?: number } = {}) {
  let now = 0;
  const rng = countingRng(opts.seed ?? 1);
  const k = new NetfilterKernel({
    rng,
    now: () => now,
    isLocal: (ip) => ip === NODE_IP,
    ifaceAddress: (iface) => (iface === 'eth0' ? NODE_IP : iface.startsWith('veth') ? '10.244.1.1' : undefined),
  });
  load(k.ruleset, clusterIPRules(opts.affinity));
  return { k, rng, advance: (ms: number) => { now += ms; }, now: () => now };
}

describe('NetfilterKernel: ClusterIP through KUBE-SERVICES → KUBE-SVC → KUBE-SEP', () => {
  it('[NF-3] the first packet of a pod→ClusterIP connection is DNATed, every rule hit traced', () => {
    const { k } = node({ seed: 7 });
    const r = forward(k, packet(`10.244.1.2:43210`, `${VIP}:8080`, 'tcp', 'SYN'), 'veth1', 'eth0');
    expect(r.verdict).toBe('ACCEPT');
    expect(r.packet).toMatchObject({ src: '10.244.1.2', sport: 43210, dport: 8080, mark: 0 });
    const ep = EPS.indexOf(r.packet.dst);
    expect(ep).toBeGreaterThanOrEqual(0);
    const nat = r.steps[0]!.hits.filter((h) => h.table === 'nat');
    expect(nat[0]).toEqual({ table: 'nat', chain: 'PREROUTING', ruleNumber: 1, rule: '-m comment --comment "kubernetes service portals" -j KUBE-SERVICES', verdict: 'jump KUBE-SERVICES', type: 'rule' });
    expect(nat[1]).toEqual({ table: 'nat', chain: 'KUBE-SERVICES', ruleNumber: 1, rule: `-d ${VIP}/32 -p tcp -m comment --comment "default/web:http cluster IP" -m tcp --dport 8080 -j ${SVC}`, verdict: `jump ${SVC}`, type: 'rule' });
    expect(nat.at(-1)).toEqual({ table: 'nat', chain: SEPS[ep]!, ruleNumber: 2, rule: `-p tcp -m comment --comment "default/web:http" -m tcp -j DNAT --to-destination ${EPS[ep]}:8080`, verdict: 'DNAT', type: 'rule' });
    // pod source: no KUBE-MARK-MASQ, so KUBE-POSTROUTING returns and no SNAT happens
    expect(traceLines({ steps: r.steps.slice(1) })).toEqual([
      'nat:POSTROUTING:rule:1 jump KUBE-POSTROUTING',
      'nat:KUBE-POSTROUTING:rule:1 RETURN',
      'nat:POSTROUTING:policy:2 ACCEPT',
    ]);
    const ct = r.steps[2]!.conntrack!;
    expect(ct.confirmed).toBe(true);
    expect(formatConntrack(ct, 0)).toBe(
      `tcp      6 120 SYN_SENT src=10.244.1.2 dst=${VIP} sport=43210 dport=8080 [UNREPLIED] src=${EPS[ep]} dst=10.244.1.2 sport=8080 dport=43210 mark=0 use=1`,
    );
  });

  it('[NF-3] replies are un-DNATed and later packets follow the conntrack entry (statistic not re-drawn)', () => {
    const { k, rng, advance } = node({ seed: 3 });
    k.conntrack.sysctl.nf_conntrack_tcp_timeout_established = 86400; // kube-proxy's setting
    const syn = forward(k, packet('10.244.1.2:43210', `${VIP}:8080`, 'tcp', 'SYN'), 'veth1', 'eth0');
    const ep = syn.packet.dst;
    const draws = rng.draws;
    const synack = forward(k, packet(`${ep}:8080`, '10.244.1.2:43210', 'tcp', 'SYN,ACK'), 'eth0', 'veth1');
    expect(synack.packet).toMatchObject({ src: VIP, sport: 8080, dst: '10.244.1.2', dport: 43210 });
    expect(synack.steps[0]!.ctState).toBe('ESTABLISHED');
    expect(synack.steps[0]!.direction).toBe('reply');
    expect(traceLines(synack)).toEqual([]);
    for (let i = 0; i < 5; i++) {
      const ack = forward(k, packet('10.244.1.2:43210', `${VIP}:8080`, 'tcp', 'ACK'), 'veth1', 'eth0');
      expect(ack.packet.dst).toBe(ep);
      expect(ack.steps[0]!.ctState).toBe('ESTABLISHED');
      expect(hitLines(ack.steps[0]!.hits)).toEqual([]);
    }
    expect(rng.draws).toBe(draws);
    advance(3000);
    expect(k.conntrack.list().map((e) => formatConntrack(e, 3000))).toEqual([
      `tcp      6 86397 ESTABLISHED src=10.244.1.2 dst=${VIP} sport=43210 dport=8080 src=${ep} dst=10.244.1.2 sport=8080 dport=43210 [ASSURED] mark=0 use=1`,
    ]);
  });

  it('[NF-3] statistic spreads 3,000 new connections over 3 endpoints within ±5 %', () => {
    const { k, rng } = node({ seed: 2024 });
    const counts = new Map<string, number>();
    for (let i = 0; i < 3000; i++) {
      const r = forward(k, packet(`10.244.1.2:${20000 + i}`, `${VIP}:8080`, 'tcp', 'SYN'), 'veth1', 'eth0');
      counts.set(r.packet.dst, (counts.get(r.packet.dst) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual([...EPS].sort());
    for (const n of counts.values()) expect(Math.abs(n - 1000)).toBeLessThanOrEqual(50);
    // one draw for the first endpoint's rule, a second one when it did not match
    expect(rng.draws).toBe(3000 + (3000 - counts.get(EPS[0]!)!));
    expect(k.conntrack.count()).toBe(3000);
  });

  it('[EP-4] node→ClusterIP is marked 0x4000 and MASQUERADEd (--random-fully); the reply is un-SNATed and un-DNATed', () => {
    const { k } = node({ seed: 11 });
    // an external client routed through this node (not from the cluster CIDR)
    const r = forward(k, packet('172.18.0.100:40000', `${VIP}:8080`, 'tcp', 'SYN'), 'eth0', 'eth0');
    const ep = r.packet.dst;
    expect(r.packet.src).toBe(NODE_IP);
    expect(r.packet.sport).not.toBe(40000); // --random-fully always picks a random port
    expect(r.packet.sport).toBeGreaterThanOrEqual(1024);
    expect(r.packet.mark).toBe(0); // KUBE-POSTROUTING xor-ed the bit away again
    expect(traceLines({ steps: [r.steps[2]!] })).toEqual([
      'nat:POSTROUTING:rule:1 jump KUBE-POSTROUTING',
      'nat:KUBE-POSTROUTING:rule:2 MARK',
      'nat:KUBE-POSTROUTING:rule:3 MASQUERADE',
    ]);
    expect(r.steps[0]!.hits.some((h) => h.chain === SVC && h.ruleNumber === 1 && h.verdict === 'jump KUBE-MARK-MASQ')).toBe(true);
    const ct = k.conntrack.list()[0]!;
    expect(ct.srcNat && ct.dstNat).toBe(true);
    expect(formatConntrack(ct, 0)).toBe(
      `tcp      6 120 SYN_SENT src=172.18.0.100 dst=${VIP} sport=40000 dport=8080 [UNREPLIED] src=${ep} dst=${NODE_IP} sport=8080 dport=${r.packet.sport} mark=0 use=1`,
    );
    const reply = forward(k, packet(`${ep}:8080`, `${NODE_IP}:${r.packet.sport}`, 'tcp', 'SYN,ACK'), 'eth0', 'eth0');
    expect(reply.steps[0]!.packet).toMatchObject({ dst: '172.18.0.100', dport: 40000 }); // un-SNAT at PREROUTING
    expect(reply.packet).toMatchObject({ src: VIP, sport: 8080, dst: '172.18.0.100', dport: 40000 }); // un-DNAT at POSTROUTING
    // a later packet of the connection is SNATed by the binding, without the mark
    const ack = forward(k, packet('172.18.0.100:40000', `${VIP}:8080`, 'tcp', 'ACK'), 'eth0', 'eth0');
    expect(ack.packet).toMatchObject({ src: NODE_IP, sport: r.packet.sport, dst: ep, mark: 0 });
    // no mangle/filter table was ever written to: nf_tables has no hook there, no trace
    expect(ack.steps.map((s) => s.hits)).toEqual([[], [], []]);
  });

  it('[EP-4] hairpin: a pod reaching itself through the Service is masqueraded', () => {
    const { k } = node({ seed: 5 });
    let r;
    for (let port = 30000; ; port++) {
      r = forward(k, packet(`${EPS[0]}:${port}`, `${VIP}:8080`, 'tcp', 'SYN'), 'veth3', 'veth3');
      if (r.packet.dst === EPS[0]) break;
    }
    expect(r.packet.src).toBe('10.244.1.1'); // the address of the outgoing veth
    expect(r.steps[0]!.hits.some((h) => h.chain === SEPS[0] && h.ruleNumber === 1)).toBe(true);
  });

  it('[KP-12] locally generated traffic to the ClusterIP (OUTPUT) is DNATed and masqueraded', () => {
    const { k } = node({ seed: 9 });
    const r = output(k, packet(`${NODE_IP}:51000`, `${VIP}:8080`, 'tcp', 'SYN'), 'eth0');
    expect(EPS).toContain(r.packet.dst);
    expect(r.packet.src).toBe(NODE_IP);
    expect(hitLines(r.steps[0]!.hits).slice(0, 2)).toEqual(['nat:OUTPUT:rule:1 jump KUBE-SERVICES', `nat:KUBE-SERVICES:rule:1 jump ${SVC}`]);
  });
});

describe('NetfilterKernel: session affinity (-m recent)', () => {
  it('[KP-15] --set records the client, --rcheck --seconds sends its next connections to the same endpoint', () => {
    const { k, rng, advance } = node({ affinity: true, seed: 42 });
    const first = forward(k, packet('10.244.1.2:40000', `${VIP}:8080`, 'tcp', 'SYN'), 'veth1', 'eth0');
    const ep = EPS.indexOf(first.packet.dst);
    expect(k.recent.entries(SEPS[ep]!).map((e) => [e.addr, e.stamps.slice(0, e.nstamps)])).toEqual([['10.244.1.2', [0]]]);
    const draws = rng.draws;
    for (let i = 1; i <= 20; i++) {
      advance(60_000);
      const r = forward(k, packet(`10.244.1.2:${40000 + i}`, `${VIP}:8080`, 'tcp', 'SYN'), 'veth1', 'eth0');
      expect(r.packet.dst).toBe(EPS[ep]);
      expect(r.steps[0]!.hits.find((h) => h.chain === SVC)).toMatchObject({ ruleNumber: 2 + ep, verdict: `jump ${SEPS[ep]}` });
    }
    expect(rng.draws).toBe(draws);
    // another client is not affected
    const other = forward(k, packet('10.244.1.9:40000', `${VIP}:8080`, 'tcp', 'SYN'), 'veth9', 'eth0');
    expect(other.steps[0]!.hits.filter((h) => h.chain === SVC).map((h) => h.ruleNumber)[0]).toBe(5);
  });

  it('[KP-15] after --seconds without traffic the affinity is gone', () => {
    const { k, rng, advance } = node({ affinity: true, seed: 42 });
    forward(k, packet('10.244.1.2:40000', `${VIP}:8080`, 'tcp', 'SYN'), 'veth1', 'eth0');
    advance(10800_000); // exactly --seconds later: still a hit
    const atLimit = forward(k, packet('10.244.1.2:40001', `${VIP}:8080`, 'tcp', 'SYN'), 'veth1', 'eth0');
    expect(atLimit.steps[0]!.hits.filter((h) => h.chain === SVC).map((h) => h.ruleNumber)).toHaveLength(1);
    const draws = rng.draws;
    advance(10800_001);
    const later = forward(k, packet('10.244.1.2:40002', `${VIP}:8080`, 'tcp', 'SYN'), 'veth1', 'eth0');
    expect(later.steps[0]!.hits.filter((h) => h.chain === SVC).every((h) => h.ruleNumber >= 5)).toBe(true);
    expect(rng.draws).toBeGreaterThan(draws);
  });
});
