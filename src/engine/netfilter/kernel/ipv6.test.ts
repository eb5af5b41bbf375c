// The IPv6 side of a namespace (NetfilterKernel with family 'ipv6'): kube-proxy's ip6tables
// rules loaded with ip6tables-restore, IPv6 packets through the hooks, DNAT/MASQUERADE bindings
// in conntrack (NF-3).

import { describe, expect, it } from 'vitest';
import { createRng } from '../../sim/rng.ts';
import { restore } from '../rules/index.ts';
import type { Packet } from '../types.ts';
import { formatConntrack } from './conntrackFormat.ts';
import { NetfilterKernel } from './kernel.ts';
import { forward, input, output, traceLines } from './testkit.ts';

const NODE = '2001:db8::1';
const VIP = 'fd00:172:30::41';
const EP = 'fd00:10:180::1';
const SVC = 'KUBE-SVC-XPGD46QRK7WJZT7O';
const SEP = 'KUBE-SEP-OGYCNMB4EMRUSJ6N';

/** kube-proxy's IPv6 nat rules for one NodePort Service with one endpoint (+ `extra` services). */
function rules(extra: string[] = []): string {
  return [
    '*nat',
    ':KUBE-SERVICES - [0:0]', ':KUBE-NODEPORTS - [0:0]', ':KUBE-POSTROUTING - [0:0]', ':KUBE-MARK-MASQ - [0:0]',
    ':KUBE-EXT-XPGD46QRK7WJZT7O - [0:0]', `:${SVC} - [0:0]`, `:${SEP} - [0:0]`,
    '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    '-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    '-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
    '-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000',
    '-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN',
    '-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000',
    '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE',
    ...extra,
    `-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d ${VIP} --dport 80 -j ${SVC}`,
    '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL ! -d ::1/128 -j KUBE-NODEPORTS',
    '-A KUBE-NODEPORTS -m comment --comment ns1/svc1:p80 -m tcp -p tcp --dport 3001 -j KUBE-EXT-XPGD46QRK7WJZT7O',
    '-A KUBE-EXT-XPGD46QRK7WJZT7O -j KUBE-MARK-MASQ',
    `-A KUBE-EXT-XPGD46QRK7WJZT7O -j ${SVC}`,
    `-A ${SVC} -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d ${VIP} --dport 80 ! -s fd00:10::/64 -j KUBE-MARK-MASQ`,
    `-A ${SVC} -j ${SEP}`,
    `-A ${SEP} -s ${EP} -j KUBE-MARK-MASQ`,
    `-A ${SEP} -m tcp -p tcp -j DNAT --to-destination [${EP}]:80`,
    'COMMIT',
    '',
  ].join('\n');
}

function node(extra: string[] = []): NetfilterKernel {
  const k = new NetfilterKernel({
    rng: createRng(7),
    now: () => 1000,
    isLocal: (ip) => ip === NODE,
    ifaceAddress: (iface, family) => (family !== 'ipv6' ? undefined : iface === 'eth0' ? NODE : iface === 'lo' ? '::1' : undefined),
    family: 'ipv6',
  });
  const r = restore(k.ruleset, rules(extra), { noflush: true, counters: false });
  if (!r.ok) throw new Error(r.stderr);
  return k;
}

const syn = (src: string, sport: number, dst: string, dport: number): Packet => ({ src, dst, proto: 'tcp', sport, dport, length: 80, mark: 0, tcpFlags: 'SYN' });

describe('IPv6 packets through ip6tables rules', () => {
  it('[NF-3] [KP-11] pod → ClusterIP: DNAT to [fd00:10:180::1]:80, no masquerade for the pod network, conntrack ipv6 10', () => {
    const k = node();
    const r = forward(k, syn('fd00:10::2', 40000, VIP, 80), 'vethpod', 'eth0');
    expect(r.verdict).toBe('ACCEPT');
    expect([r.packet.src, r.packet.dst, r.packet.dport, r.packet.mark]).toEqual(['fd00:10::2', EP, 80, 0]);
    expect(traceLines(r)).toEqual([
      'nat:PREROUTING:rule:1 jump KUBE-SERVICES',
      'nat:KUBE-SERVICES:rule:1 jump KUBE-SVC-XPGD46QRK7WJZT7O',
      'nat:KUBE-SVC-XPGD46QRK7WJZT7O:rule:2 jump KUBE-SEP-OGYCNMB4EMRUSJ6N',
      'nat:KUBE-SEP-OGYCNMB4EMRUSJ6N:rule:2 DNAT',
      'nat:POSTROUTING:rule:1 jump KUBE-POSTROUTING',
      'nat:KUBE-POSTROUTING:rule:1 RETURN',
      'nat:POSTROUTING:policy:2 ACCEPT',
    ]);
    const ct = r.steps.at(-1)!.conntrack!;
    expect(formatConntrack(ct, 1000, { extended: true })).toBe(
      'ipv6     10 tcp      6 120 SYN_SENT src=fd00:10::2 dst=fd00:172:30::41 sport=40000 dport=80 [UNREPLIED] src=fd00:10:180::1 dst=fd00:10::2 sport=80 dport=40000 mark=0 use=1',
    );
    // The reply comes back from the ClusterIP (un-DNAT through the conntrack entry).
    const reply = forward(k, { src: EP, dst: 'fd00:10::2', proto: 'tcp', sport: 80, dport: 40000, length: 80, mark: 0, tcpFlags: 'SYN,ACK' }, 'eth0', 'vethpod');
    expect([reply.packet.src, reply.packet.sport]).toEqual([VIP, 80]);
  });

  it('[NF-3] [KP-15] external → NodePort on 2001:db8::1: addrtype LOCAL, DNAT, MASQUERADE to the eth0 IPv6 address', () => {
    const k = node();
    const r = forward(k, syn('2600:5200::1', 40001, NODE, 3001), 'eth0', 'eth0');
    expect(r.verdict).toBe('ACCEPT');
    expect([r.packet.src, r.packet.dst, r.packet.dport]).toEqual([NODE, EP, 80]);
    expect(traceLines(r).filter((l) => /DNAT|MASQUERADE|NODEPORTS/.test(l))).toEqual([
      'nat:KUBE-SERVICES:rule:2 jump KUBE-NODEPORTS',
      'nat:KUBE-NODEPORTS:rule:1 jump KUBE-EXT-XPGD46QRK7WJZT7O',
      'nat:KUBE-SEP-OGYCNMB4EMRUSJ6N:rule:2 DNAT',
      'nat:KUBE-POSTROUTING:rule:3 MASQUERADE',
    ]);
  });

  it('[KP-15] ::1 to the NodePort stays local: `! -d ::1/128` keeps it out of KUBE-NODEPORTS', () => {
    const k = node();
    const r = output(k, syn('::1', 40002, '::1', 3001), 'lo');
    expect([r.verdict, r.packet.dst, r.packet.dport]).toEqual(['ACCEPT', '::1', 3001]);
    expect(traceLines(r).some((l) => l.includes('KUBE-NODEPORTS'))).toBe(false);
  });

  it('[NF-3] addresses are compared as 128-bit values: any spelling of the ClusterIP matches', () => {
    const k = node();
    const r = input(k, syn('FD00:10:0:0::2', 40003, 'fd00:172:30:0:0:0:0:41', 80), 'vethpod');
    expect([r.packet.src, r.packet.dst]).toEqual(['fd00:10::2', EP]);
  });

  it('[NF-3] the destination index of a long KUBE-SERVICES works for /128 IPv6 destinations', () => {
    const extra = Array.from({ length: 40 }, (_, i) => `-A KUBE-SERVICES -m tcp -p tcp -d fd00:172:30::1:${i.toString(16)} --dport 80 -j KUBE-MARK-MASQ`);
    const k = node(extra);
    const hit = (dst: string): string[] => traceLines(input(k, syn('fd00:10::2', 40100 + Number.parseInt(dst.slice(-2), 16), dst, 80), 'vethpod')).filter((l) => l.startsWith('nat:KUBE-SERVICES'));
    expect(hit('fd00:172:30::1:25')).toEqual(['nat:KUBE-SERVICES:rule:38 jump KUBE-MARK-MASQ', 'nat:KUBE-SERVICES:return:43']);
    expect(hit(VIP)).toEqual(['nat:KUBE-SERVICES:rule:41 jump KUBE-SVC-XPGD46QRK7WJZT7O']);
  });

  it('[NF-3] DNAT to an IPv6 range picks an address inside it (find_best_ips_proto)', () => {
    const k = node([`-A KUBE-SERVICES -m tcp -p tcp -d fd00:172:30::99 --dport 80 -j DNAT --to-destination [fd00:10:180::a-fd00:10:180::c]:8080`]);
    const seen = new Set<string>();
    for (let i = 0; i < 24; i++) seen.add(input(k, syn(`fd00:10::${(i + 2).toString(16)}`, 41000 + i, 'fd00:172:30::99', 80), 'vethpod').packet.dst);
    expect([...seen].every((a) => ['fd00:10:180::a', 'fd00:10:180::b', 'fd00:10:180::c'].includes(a))).toBe(true);
    expect(seen.size).toBeGreaterThan(1);
  });
});
