import { describe, expect, it } from 'vitest';
import { createRng } from '../../sim/rng.ts';
import type { Packet } from '../types.ts';
import { NetfilterKernel } from './kernel.ts';
import { forward, hitLines, input, load, output, packet, traceLines } from './testkit.ts';

function kernel(rules: string, opts: { local?: string[]; broadcast?: string[] } = {}) {
  let now = 0;
  const k = new NetfilterKernel({
    rng: createRng(1),
    now: () => now,
    isLocal: (ip) => (opts.local ?? ['172.18.0.2']).includes(ip),
    isBroadcast: (ip) => (opts.broadcast ?? []).includes(ip),
    ifaceAddress: () => '172.18.0.2',
  });
  load(k.ruleset, rules);
  return { k, advance: (ms: number) => { now += ms; } };
}

const chain = (k: NetfilterKernel, table: 'filter' | 'nat' | 'raw' | 'mangle', name: string) => k.ruleset.tables.get(table)!.chains.get(name)!;

describe('traversal: jump, goto, RETURN, policies', () => {
  const rules = (how: '-j' | '-g') => `*filter
:JUMPER - [0:0]
:LEAF - [0:0]
-A FORWARD -j JUMPER
-A FORWARD -j ACCEPT
-A JUMPER ${how} LEAF
-A JUMPER -j DROP
-A LEAF -p udp -j RETURN
COMMIT`;

  it('[NF-3] jump: RETURN comes back to the rule after the jump', () => {
    const { k } = kernel(rules('-j'));
    const r = forward(k, packet('10.0.0.1:1000', '10.0.0.2:53', 'udp'), 'eth0', 'eth1');
    expect(r.verdict).toBe('DROP');
    expect(traceLines(r)).toEqual(['filter:FORWARD:rule:1 jump JUMPER', 'filter:JUMPER:rule:1 jump LEAF', 'filter:LEAF:rule:1 RETURN', 'filter:JUMPER:rule:2 DROP']);
  });

  it('[NF-3] goto: RETURN goes back to the chain that jumped to the goto-ing chain', () => {
    const { k } = kernel(rules('-g'));
    const r = forward(k, packet('10.0.0.1:1000', '10.0.0.2:53', 'udp'), 'eth0', 'eth1');
    expect(r.verdict).toBe('ACCEPT');
    expect(traceLines(r)).toEqual(['filter:FORWARD:rule:1 jump JUMPER', 'filter:JUMPER:rule:1 goto LEAF', 'filter:LEAF:rule:1 RETURN', 'filter:FORWARD:rule:2 ACCEPT']);
  });

  it('[NF-3] the end of a user chain is an implicit RETURN', () => {
    const { k } = kernel(rules('-g'));
    const r = forward(k, packet('10.0.0.1:1000', '10.0.0.2:80', 'tcp'), 'eth0', 'eth1');
    expect(traceLines(r)).toEqual(['filter:FORWARD:rule:1 jump JUMPER', 'filter:JUMPER:rule:1 goto LEAF', 'filter:LEAF:return:2', 'filter:FORWARD:rule:2 ACCEPT']);
  });

  it('[NF-3] goto from a built-in chain falls through to its policy', () => {
    const { k } = kernel(`*filter
:LEAF - [0:0]
:FORWARD DROP [0:0]
-A FORWARD -g LEAF
-A FORWARD -j ACCEPT
COMMIT`);
    const r = forward(k, packet('10.0.0.1:1000', '10.0.0.2:80', 'tcp'), 'eth0', 'eth1');
    expect(r.verdict).toBe('DROP');
    expect(traceLines(r)).toEqual(['filter:FORWARD:rule:1 goto LEAF', 'filter:LEAF:return:1', 'filter:FORWARD:policy:3 DROP']);
    expect(r.steps.at(-1)!.conntrack?.confirmed).toBe(false); // dropped before confirmation
    expect(k.conntrack.list()).toEqual([]);
  });

  it('[KP-15] REJECT ends the walk with the reject type; no conntrack entry is left', () => {
    const { k } = kernel(`*filter
:KUBE-SERVICES - [0:0]
-A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A KUBE-SERVICES -d 10.96.0.50/32 -p tcp -m comment --comment "default/empty:http has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable
COMMIT`);
    const r = output(k, packet('172.18.0.2:40000', '10.96.0.50:80', 'tcp', 'SYN'), 'eth0');
    expect(r.verdict).toBe('REJECT');
    expect(r.steps[0]!.rejectWith).toBe('icmp-port-unreachable');
    expect(r.steps).toHaveLength(1);
    expect(hitLines(r.steps[0]!.hits)).toEqual(['filter:OUTPUT:rule:1 jump KUBE-SERVICES', 'filter:KUBE-SERVICES:rule:1 REJECT']);
    expect(r.steps[0]!.hits.find((h) => h.chain === 'KUBE-SERVICES')!.rule).toBe('-d 10.96.0.50/32 -p tcp -m comment --comment "default/empty:http has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable');
    expect(k.conntrack.list()).toEqual([]);
  });

  it('[NF-1] counters: matched rules count packets and bytes, a policy counts what falls through', () => {
    const { k } = kernel(`*filter
:INPUT ACCEPT [0:0]
-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
-A INPUT -p tcp -m tcp --dport 23 -j DROP
-A INPUT -p tcp
-A FORWARD -p udp
COMMIT`);
    for (const [port, len] of [[22, 60], [22, 52], [23, 40], [80, 100], [81, 200]] as const) {
      input(k, packet(`10.0.0.9:5000`, `172.18.0.2:${port}`, 'tcp', 'SYN', len), 'eth0');
    }
    const inputChain = chain(k, 'filter', 'INPUT');
    expect(inputChain.rules.map((r) => r.counters)).toEqual([{ packets: 2, bytes: 112 }, { packets: 1, bytes: 40 }, { packets: 2, bytes: 300 }]);
    expect(inputChain.counters).toEqual({ packets: 2, bytes: 300 });
    // FORWARD was created implicitly by -A: an nf_tables base chain without counters, [0:0]
    // (as in the real namespace); OUTPUT was never instantiated: no hook, no trace
    const fwd = forward(k, packet('10.0.0.9:5000', '10.0.0.8:53', 'udp', undefined, 70), 'eth0', 'eth1');
    expect(chain(k, 'filter', 'FORWARD').rules[0]!.counters).toEqual({ packets: 1, bytes: 70 });
    expect(chain(k, 'filter', 'FORWARD').counters).toEqual({ packets: 0, bytes: 0 });
    expect(hitLines(fwd.steps[1]!.hits)).toEqual(['filter:FORWARD:rule:1', 'filter:FORWARD:policy:2 ACCEPT']);
    expect(output(k, packet('172.18.0.2:5000', '10.0.0.8:53', 'udp'), 'eth0').steps.map((s) => s.hits)).toEqual([[], []]);
  });
});

describe('matches', () => {
  function verdicts(rules: string, pkts: [Packet, string, string][], opts?: Parameters<typeof kernel>[1]): string[] {
    const { k } = kernel(`*filter\n${rules}\nCOMMIT`, opts);
    return pkts.map(([p, i, o]) => forward(k, p, i, o).verdict);
  }

  it('[NF-1] -s/-d networks with prefix and !, interfaces with + wildcard and !', () => {
    expect(verdicts('-A FORWARD ! -s 10.244.0.0/16 -d 10.96.0.0/12 -i veth+ ! -o eth1 -j DROP', [
      [packet('10.0.0.1:1', '10.96.0.10:53', 'udp'), 'veth123', 'eth0'],
      [packet('10.244.5.1:1', '10.96.0.10:53', 'udp'), 'veth123', 'eth0'],
      [packet('10.0.0.1:1', '10.112.0.1:53', 'udp'), 'veth123', 'eth0'],
      [packet('10.0.0.1:1', '10.111.255.255:53', 'udp'), 'veth', 'eth0'],
      [packet('10.0.0.1:1', '10.96.0.10:53', 'udp'), 'eth0', 'eth2'],
      [packet('10.0.0.1:1', '10.96.0.10:53', 'udp'), 'veth1', 'eth1'],
      [packet('200.1.1.1:1', '10.96.0.10:53', 'udp'), 'veth1', 'eth0'],
    ])).toEqual(['DROP', 'ACCEPT', 'ACCEPT', 'DROP', 'ACCEPT', 'ACCEPT', 'DROP']);
  });

  it('[NF-1] -p with !, tcp/udp ports and ranges with !, multiport', () => {
    expect(verdicts([
      '-A FORWARD ! -p tcp -j ACCEPT',
      '-A FORWARD -p tcp -m tcp --sport 1000:2000 ! --dport 80 -j DROP',
      '-A FORWARD -p tcp -m multiport --dports 53,8000:8080 -j REJECT --reject-with tcp-reset',
    ].join('\n'), [
      [packet('1.1.1.1:1500', '2.2.2.2:443', 'tcp'), 'a', 'b'],
      [packet('1.1.1.1:1500', '2.2.2.2:80', 'tcp'), 'a', 'b'],
      [packet('1.1.1.1:999', '2.2.2.2:8080', 'tcp'), 'a', 'b'],
      [packet('1.1.1.1:999', '2.2.2.2:8081', 'tcp'), 'a', 'b'],
      [packet('1.1.1.1:1500', '2.2.2.2:443', 'udp'), 'a', 'b'],
    ])).toEqual(['DROP', 'ACCEPT', 'REJECT', 'ACCEPT', 'ACCEPT']);
  });

  it('[KP-12] -m mark: (skb->mark & mask) == value; MARK --set-xmark is (mark & ~mask) ^ value', () => {
    const { k } = kernel(`*mangle
-A PREROUTING -p udp -j MARK --set-xmark 0x4000/0x4000
-A PREROUTING -p udp -j MARK --set-xmark 0x1/0xff
-A FORWARD -m mark --mark 0x4001/0xffff -j MARK --set-xmark 0x4000/0x0
COMMIT
*filter
-A FORWARD -m mark ! --mark 0x4000/0x4000 -j DROP
COMMIT`);
    const udp = { ...packet('1.1.1.1:1', '2.2.2.2:2', 'udp'), mark: 0x10000 };
    const r = forward(k, udp, 'a', 'b');
    expect(r.steps[0]!.packet.mark).toBe(0x14001);
    expect(r.steps[1]!.packet.mark).toBe(0x10001);
    expect(r.verdict).toBe('DROP');
  });

  it('[KP-18] -m addrtype: LOCAL (own addresses and 127/8), BROADCAST, MULTICAST, UNICAST, with !', () => {
    expect(verdicts([
      '-A FORWARD -m addrtype --dst-type LOCAL -j DROP',
      '-A FORWARD -m addrtype --dst-type BROADCAST -j REJECT --reject-with icmp-host-prohibited',
      '-A FORWARD -m addrtype ! --src-type UNICAST --dst-type MULTICAST -j DROP',
    ].join('\n'), [
      [packet('1.1.1.1:1', '172.18.0.2:2', 'udp'), 'a', 'b'],
      [packet('1.1.1.1:1', '127.0.0.53:2', 'udp'), 'a', 'b'],
      [packet('1.1.1.1:1', '172.18.255.255:2', 'udp'), 'a', 'b'],
      [packet('1.1.1.1:1', '255.255.255.255:2', 'udp'), 'a', 'b'],
      [packet('0.0.0.0:1', '224.0.0.1:2', 'udp'), 'a', 'b'],
      [packet('1.1.1.1:1', '224.0.0.1:2', 'udp'), 'a', 'b'],
      [packet('1.1.1.1:1', '8.8.8.8:2', 'udp'), 'a', 'b'],
    ], { broadcast: ['172.18.255.255'] })).toEqual(['DROP', 'DROP', 'REJECT', 'REJECT', 'DROP', 'ACCEPT', 'ACCEPT']);
  });

  it('[NF-2] statistic nth: packet k (from 1) matches when (k-1) % every == packet (as the kernel counted)', () => {
    const { k } = kernel(`*filter
-A FORWARD -p udp -m statistic --mode nth --every 3 --packet 1
-A FORWARD -p udp -m statistic --mode nth --every 3 --packet 2
-A FORWARD -p udp -m statistic --mode nth --every 3 --packet 0
COMMIT`);
    const seen: number[][] = [];
    for (let i = 0; i < 7; i++) {
      forward(k, packet('1.1.1.1:1', '2.2.2.2:7777', 'udp'), 'a', 'b');
      seen.push(chain(k, 'filter', 'FORWARD').rules.map((r) => r.counters.packets));
    }
    // real kernel after packets 1, 2 and 7: [0,0,1], [1,0,1], [2,2,3]
    expect(seen[0]).toEqual([0, 0, 1]);
    expect(seen[1]).toEqual([1, 0, 1]);
    expect(seen[6]).toEqual([2, 2, 3]);
  });

  it('[NF-1] statistic random: (prandom & 0x7FFFFFFF) < threshold; 0 never, 2^31 always matches', () => {
    const { k } = kernel(`*filter
-A FORWARD -m statistic --mode random --probability 0.00000000000 -j DROP
-A FORWARD -m statistic --mode random ! --probability 1.00000000000 -j DROP
-A FORWARD -m statistic --mode random --probability 0.25000000000
COMMIT`);
    for (let i = 0; i < 4000; i++) expect(forward(k, packet('1.1.1.1:1', '2.2.2.2:2', 'udp'), 'a', 'b').verdict).toBe('ACCEPT');
    expect(Math.abs(chain(k, 'filter', 'FORWARD').rules[2]!.counters.packets - 1000)).toBeLessThan(100);
  });

  it('[KP-13] ctstate INVALID (mid-stream FIN) is counted by nfacct and dropped; NEW/ESTABLISHED/DNAT bits', () => {
    const { k } = kernel(`*nat
-A PREROUTING -d 10.96.0.1/32 -p tcp -j DNAT --to-destination 10.244.1.5:80
COMMIT
*filter
:KUBE-FORWARD - [0:0]
-A FORWARD -j KUBE-FORWARD
-A KUBE-FORWARD -m conntrack --ctstate INVALID -m nfacct --nfacct-name  ct_state_invalid_dropped_pkts -j DROP
-A KUBE-FORWARD -m conntrack --ctstate NEW -m conntrack --ctstate DNAT -j LOG --log-prefix "new-dnat "
-A KUBE-FORWARD -m state --state ESTABLISHED -j ACCEPT
COMMIT`);
    k.addNfacct('ct_state_invalid_dropped_pkts');
    const fin = forward(k, packet('10.0.0.1:1234', '10.96.0.1:80', 'tcp', 'FIN,ACK', 52), 'eth0', 'veth1');
    expect(fin.verdict).toBe('DROP');
    expect(fin.steps[0]!.ctState).toBe('INVALID');
    expect(fin.packet.dst).toBe('10.96.0.1'); // no conntrack, no NAT
    expect(k.nfacct.get('ct_state_invalid_dropped_pkts')).toEqual({ packets: 1, bytes: 52 });
    const syn = forward(k, packet('10.0.0.1:1234', '10.96.0.1:80', 'tcp', 'SYN'), 'eth0', 'veth1');
    expect(syn.steps[1]!.logs).toEqual(['new-dnat IN=eth0 OUT=veth1 SRC=10.0.0.1 DST=10.244.1.5 LEN=60 PROTO=TCP SPT=1234 DPT=80 SYN']);
    const synack = forward(k, packet('10.244.1.5:80', '10.0.0.1:1234', 'tcp', 'SYN,ACK'), 'veth1', 'eth0');
    expect(hitLines(synack.steps[1]!.hits)).toEqual(['filter:FORWARD:rule:1 jump KUBE-FORWARD', 'filter:KUBE-FORWARD:rule:3 ACCEPT']);
    expect(k.nfacct.get('ct_state_invalid_dropped_pkts')!.packets).toBe(1);
  });

  it('[NF-3] raw runs before conntrack (ctstate INVALID there); TRACE marks the packet for the following hooks', () => {
    const { k } = kernel(`*raw
-A PREROUTING -p tcp -m conntrack --ctstate INVALID -j TRACE
COMMIT`);
    const r = forward(k, packet('1.1.1.1:1', '2.2.2.2:2', 'tcp', 'SYN'), 'a', 'b');
    expect(r.steps.map((s) => s.traced)).toEqual([true, true, true]);
    const other = forward(k, packet('1.1.1.1:1', '2.2.2.2:2', 'udp'), 'a', 'b');
    expect(other.steps.map((s) => s.traced)).toEqual([false, false, false]);
  });

  it('[NF-3] -m recent --update --hitcount counts hits within --seconds; --remove forgets', () => {
    const { k, advance } = kernel(`*filter
-A INPUT -p tcp -m tcp --dport 22 -m recent --update --seconds 60 --hitcount 3 --name ssh --mask 255.255.255.255 --rsource -j DROP
-A INPUT -p tcp -m tcp --dport 22 -m recent --set --name ssh --mask 255.255.255.255 --rsource
-A INPUT -p tcp -m tcp --dport 2222 -m recent --remove --name ssh --mask 255.255.255.255 --rsource
COMMIT`);
    const ssh = (port = 22) => input(k, packet('10.1.1.1:5000', `172.18.0.2:${port}`, 'tcp', 'SYN'), 'eth0').verdict;
    expect([ssh(), ssh(), ssh(), ssh()]).toEqual(['ACCEPT', 'ACCEPT', 'ACCEPT', 'DROP']);
    advance(61_000);
    expect(ssh()).toBe('ACCEPT'); // the stamps are older than 60 s
    ssh(2222);
    expect(k.recent.entries('ssh')).toEqual([]);
  });
});

describe('traversal of long chains', () => {
  // Rules testing one destination address are indexed by it (compile.ts, DstIndex): the walk
  // must report exactly what testing every rule in turn gives, stateful matches included.
  const longChain = (): string => {
    const lines = ['*filter', ':LONG - [0:0]', '-A FORWARD -j LONG', '-A FORWARD -j ACCEPT'];
    for (let k = 1; k <= 80; k++) {
      if (k % 10 === 0) lines.push('-A LONG -m statistic --mode nth --every 2 --packet 0');
      else if (k === 47) lines.push('-A LONG -d 10.0.0.0/24');
      else if (k === 55) lines.push('-A LONG ! -d 10.0.0.55/32');
      else if (k === 61) lines.push('-A LONG -d 10.0.0.33/32');
      else lines.push(`-A LONG -d 10.0.0.${k}/32`);
    }
    return [...lines, 'COMMIT'].join('\n');
  };

  it('[NF-3] a packet passes every rule of an 80-rule chain: matching rules, nth state and counters as rule by rule', () => {
    const { k } = kernel(longChain());
    const send = () => traceLines(forward(k, packet('10.1.0.1:1000', '10.0.0.33:80', 'tcp', 'SYN'), 'eth0', 'eth1'));
    const nth = [10, 20, 30, 40, 50, 60, 70, 80];
    const lines = (ns: number[]) => ['filter:FORWARD:rule:1 jump LONG', ...ns.map((n) => `filter:LONG:rule:${n}`), 'filter:LONG:return:81', 'filter:FORWARD:rule:2 ACCEPT'];
    expect(send()).toEqual(lines([...nth, 33, 47, 55, 61].sort((a, b) => a - b)));
    expect(send()).toEqual(lines([33, 47, 55, 61]));
    expect(send()).toEqual(lines([...nth, 33, 47, 55, 61].sort((a, b) => a - b)));
    const packets = chain(k, 'filter', 'LONG').rules.map((r) => r.counters.packets);
    expect(packets.filter((p) => p > 0).length).toBe(12);
    expect([packets[0], packets[9], packets[32], packets[46], packets[54], packets[60], packets[79]]).toEqual([0, 2, 3, 3, 3, 3, 2]);
  });

  it('[NF-3] in a long chain the first rule for the destination decides; other destinations pass the rest', () => {
    const { k } = kernel(longChain().replace('-A LONG -d 10.0.0.33/32\n', '-A LONG -d 10.0.0.33/32 -j DROP\n'));
    const first = traceLines(forward(k, packet('10.1.0.1:1000', '10.0.0.33:80', 'tcp', 'SYN'), 'eth0', 'eth1'));
    expect(first).toEqual(['filter:FORWARD:rule:1 jump LONG', 'filter:LONG:rule:10', 'filter:LONG:rule:20', 'filter:LONG:rule:30', 'filter:LONG:rule:33 DROP']);
    // nth rules 10-30 were tested once already: the next packet is their second
    const other = traceLines(forward(k, packet('10.1.0.1:1000', '10.0.1.9:80', 'tcp', 'SYN'), 'eth0', 'eth1'));
    expect(other).toEqual(['filter:FORWARD:rule:1 jump LONG', ...[40, 50, 55, 60, 70, 80].map((n) => `filter:LONG:rule:${n}`), 'filter:LONG:return:81', 'filter:FORWARD:rule:2 ACCEPT']);
  });
});
