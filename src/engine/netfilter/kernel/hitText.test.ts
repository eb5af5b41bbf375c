import { describe, expect, it } from 'vitest';
import { formatRule } from '../rules/index.ts';
import { spec } from './testkit.ts';

// Printed by the real iptables-save v1.8.9 (nf_tables) after loading kube-proxy-style rules.
const SAVED = [
  '! -s 127.0.0.0/8 -d 127.0.0.0/8 -m comment --comment "block incoming localnet connections" -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP',
  '-p tcp -m tcp --dport 22 -j REJECT --reject-with icmp-port-unreachable',
  '-p tcp -m tcp --dport 23 -j REJECT --reject-with tcp-reset',
  '-p tcp -m tcp ! --sport 22:30 -j KUBE-FORWARD',
  '-p icmp -g KUBE-FORWARD',
  '-m recent --update --seconds 5 --hitcount 2 --rttl --name foo --mask 255.255.255.0 --rdest',
  '-m conntrack --ctstate INVALID -m nfacct --nfacct-name  ct_state_invalid_dropped_pkts -j DROP',
  '-m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT',
  '-j MARK --set-xmark 0x4000/0x4000',
  '-m mark ! --mark 0x4000/0x4000 -j RETURN',
  '-j MARK --set-xmark 0x4000/0x0',
  '-m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully',
  '! -d 10.0.0.0/8 -i veth+ -o eth0 -p udp -m multiport --dports 53,80:90 -m addrtype ! --src-type LOCAL --dst-type LOCAL -j SNAT --to-source 1.2.3.4:1000-2000',
  '-m statistic --mode nth --every 3 --packet 0 -m mark --mark 0x1 -j LOG --log-prefix "x "',
  '-m state --state NEW,ESTABLISHED',
  '-s 10.180.0.1/32 -m comment --comment "ns1/svc1:p80" -j KUBE-MARK-MASQ',
  '-p tcp -m comment --comment "ns1/svc1:p80" -m recent --set --name KUBE-SEP-A --mask 255.255.255.255 --rsource -m tcp -j DNAT --to-destination 10.180.0.1:80',
  '! -s 10.0.0.0/8 -d 172.30.0.41/32 -p tcp -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ',
  '-m comment --comment "ns1/svc1:p80 -> 10.180.0.1:80" -m recent --rcheck --seconds 10800 --reap --name KUBE-SEP-A --mask 255.255.255.255 --rsource -j KUBE-SEP-A',
  '-m comment --comment "ns1/svc1:p80 -> 10.180.0.1:80" -m statistic --mode random --probability 0.33333333349 -j KUBE-SEP-A',
  '-p tcp -m udp --dport 7777 -m statistic --mode random --probability 0.50000000000',
  '-p tcp -j TRACE',
];

describe('RuleHit.rule text (rules/formatRule on the rule model) against real iptables-save', () => {
  it.each(SAVED)('[NF-1] prints %s as iptables-save does', (line) => {
    expect(formatRule(spec(line))).toBe(line);
  });

  it('[NF-1] probability is the kernel threshold printed with 11 decimals (1/3 → 0.33333333349)', () => {
    const r = spec('-m statistic --mode random --probability 0.3333333333 -j X');
    expect(r.matches[0]).toMatchObject({ probability: 715827883 });
    expect(formatRule(r)).toBe('-m statistic --mode random --probability 0.33333333349 -j X');
  });
});
