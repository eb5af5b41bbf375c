// TRACE lines against the kernel: every expected string below was logged by Linux (6.18,
// iptables-legacy `-j TRACE`, nf_log_ipv4) for the same packet in a pair of namespaces.

import { describe, expect, it } from 'vitest';
import type { Packet } from '../netfilter/types.ts';
import type { RuleHit } from './kernelPort.ts';
import { formatHopTrace, traceLine } from './tracelog.ts';
import type { Hop, WireInfo } from './types.ts';

const SYN: Packet = { src: '10.244.1.2', dst: '10.96.0.50', proto: 'tcp', sport: 37692, dport: 8080, length: 60, mark: 0, tcpFlags: 'SYN' };
const SYN_WIRE: WireInfo = { ttl: 64, id: 20372, df: true, tos: 0, tcp: { seq: 1968853014, ack: 0, window: 64240, options: '020405B40402080A6FF528D1000000000103030A' } };

function hop(h: Partial<Hop> & Pick<Hop, 'before' | 'wire'>): Hop {
  return { packetLabel: 'SYN', direction: 'original', host: 'n', hostKind: 'node', step: 'hook', after: h.before, hits: [], ...h };
}

const policy = (table: RuleHit['table'], chain: string, n: number): RuleHit => ({ table, chain, ruleNumber: n, rule: '', type: 'policy' });

describe('TRACE lines (nf_log format)', () => {
  it('a received SYN: IN=, MAC= (dst, src, ethertype), TCP with SEQ/ACK and options', () => {
    const h = hop({ hook: 'PREROUTING', inIface: 'veth1a2b3c4d', mac: '0e:7d:ce:c9:61:35:9a:ce:35:c9:6d:fd:08:00', before: SYN, wire: SYN_WIRE });
    expect(traceLine(policy('raw', 'PREROUTING', 2), h)).toBe(
      'TRACE: raw:PREROUTING:policy:2 IN=veth1a2b3c4d OUT= MAC=0e:7d:ce:c9:61:35:9a:ce:35:c9:6d:fd:08:00 SRC=10.244.1.2 DST=10.96.0.50 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=20372 DF PROTO=TCP SPT=37692 DPT=8080 SEQ=1968853014 ACK=0 WINDOW=64240 RES=0x00 SYN URGP=0 OPT (020405B40402080A6FF528D1000000000103030A) ',
    );
  });

  it('a locally generated SYN: no MAC, the socket owner as UID/GID', () => {
    const h = hop({ hook: 'OUTPUT', outIface: 'eth0', before: SYN, wire: { ...SYN_WIRE, owner: { uid: 0, gid: 0 } } });
    expect(traceLine(policy('raw', 'OUTPUT', 2), h)).toBe(
      'TRACE: raw:OUTPUT:policy:2 IN= OUT=eth0 SRC=10.244.1.2 DST=10.96.0.50 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=20372 DF PROTO=TCP SPT=37692 DPT=8080 SEQ=1968853014 ACK=0 WINDOW=64240 RES=0x00 SYN URGP=0 OPT (020405B40402080A6FF528D1000000000103030A) UID=0 GID=0 ',
    );
  });

  it('a REJECT answer: ICMP with PREC=0xC0, no DF, the offending packet in brackets', () => {
    const inner: Packet = { src: '10.244.1.2', dst: '10.96.0.60', proto: 'tcp', sport: 42042, dport: 80, length: 60, mark: 0, tcpFlags: 'SYN' };
    const innerWire: WireInfo = { ttl: 63, id: 733, df: true, tos: 0, tcp: { seq: 2264353128, ack: 0, window: 64240, options: '020405B40402080A28D5C533000000000103030A' } };
    const icmp: Packet = { src: '10.244.1.1', dst: '10.244.1.2', proto: 'icmp', sport: 0, dport: 3, length: 88, mark: 0 };
    const h = hop({ hook: 'OUTPUT', outIface: 'veth1a2b3c4d', before: icmp, wire: { ttl: 64, id: 65450, df: false, tos: 0xc0, icmp: { type: 3, code: 3, inner: { packet: inner, wire: innerWire } } } });
    expect(traceLine(policy('raw', 'OUTPUT', 2), h)).toBe(
      'TRACE: raw:OUTPUT:policy:2 IN= OUT=veth1a2b3c4d SRC=10.244.1.1 DST=10.244.1.2 LEN=88 TOS=0x00 PREC=0xC0 TTL=64 ID=65450 PROTO=ICMP TYPE=3 CODE=3 [SRC=10.244.1.2 DST=10.96.0.60 LEN=60 TOS=0x00 PREC=0x00 TTL=63 ID=733 DF PROTO=TCP SPT=42042 DPT=80 SEQ=2264353128 ACK=0 WINDOW=64240 RES=0x00 SYN URGP=0 OPT (020405B40402080A28D5C533000000000103030A) ] ',
    );
  });

  it('UDP with the skb mark a MARK rule set earlier in the hook', () => {
    const udp: Packet = { src: '10.9.0.2', dst: '10.9.0.1', proto: 'udp', sport: 49790, dport: 5353, length: 34, mark: 0 };
    const mark: RuleHit = { table: 'mangle', chain: 'PREROUTING', ruleNumber: 1, rule: '-j MARK --set-xmark 0x4000/0x4000', verdict: 'MARK', type: 'rule' };
    const h = hop({ hook: 'PREROUTING', inIface: 'veth9', mac: '7a:5c:4b:ec:6a:b5:72:eb:b8:42:2b:71:08:00', before: udp, wire: { ttl: 64, id: 4090, df: true, tos: 0 }, hits: [mark, policy('mangle', 'PREROUTING', 2)] });
    expect(formatHopTrace(h)[1]).toBe(
      'TRACE: mangle:PREROUTING:policy:2 IN=veth9 OUT= MAC=7a:5c:4b:ec:6a:b5:72:eb:b8:42:2b:71:08:00 SRC=10.9.0.2 DST=10.9.0.1 LEN=34 TOS=0x00 PREC=0x00 TTL=64 ID=4090 DF PROTO=UDP SPT=49790 DPT=5353 LEN=14 MARK=0x4000 ',
    );
    expect(formatHopTrace(h)[0]).not.toContain('MARK=');
  });

  it('a forwarded packet in POSTROUTING keeps IN= and MAC=; flags print in the kernel order', () => {
    const synack: Packet = { ...SYN, tcpFlags: 'SYN,ACK' };
    const h = hop({ hook: 'POSTROUTING', inIface: 'a', outIface: 'b', mac: 'm', before: synack, wire: { ...SYN_WIRE, owner: { uid: 0, gid: 0 } } });
    const line = traceLine({ table: 'nat', chain: 'POSTROUTING', ruleNumber: 1, rule: '-j KUBE-POSTROUTING', type: 'rule' }, h);
    expect(line.startsWith('TRACE: nat:POSTROUTING:rule:1 IN=a OUT=b MAC=m SRC=')).toBe(true);
    expect(line).toContain(' RES=0x00 ACK SYN URGP=0 ');
    expect(line).not.toContain('UID=');
  });
});
