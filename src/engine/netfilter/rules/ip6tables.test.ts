// ip6tables / ip6tables-restore / ip6tables-save 1.8.9 (nf_tables) on a ruleset of family
// 'ipv6'. Every expected text below was produced by the real tools in a fresh network namespace
// (Debian 12, 2026-11-21) from the same commands.

import { describe, expect, it } from 'vitest';
import { createRuleset, formatRule, restore, runIptables, save } from './index.ts';
import type { Ruleset } from '../types.ts';

const TRY = "Try `ip6tables -h' or 'ip6tables --help' for more information.\n";
const err = (msg: string): string => `ip6tables v1.8.9 (nf_tables): ${msg}\n${TRY}`;

function run(rs: Ruleset, line: string): string {
  const r = runIptables(rs, line.split(' '));
  if (!r.done) throw new Error('listing');
  return r.stderr || `rc=${r.exitCode}`;
}

/** The rules of one chain as ip6tables-save prints them. */
const rulesOf = (rs: Ruleset, table: 'nat' | 'filter', chain: string): string[] =>
  rs.tables.get(table)!.chains.get(chain)!.rules.map((r) => formatRule(r));

describe('ip6tables addresses (-s/-d)', () => {
  it('[NF-1] networks print in inet_ntop form with a /prefix; masks as prefix, address or strtoui number', () => {
    const rs = createRuleset('ipv6');
    for (const spec of [
      '! -s fd00:10::2/64 -d 2001:DB8::1',
      '-d ::/ffff::ff',
      '-s fd00::1/0x40',
      '-s fd00::1,fd00::2/127',
      '-s any/0 -d fd00::1/::',
      '-m addrtype --dst-type LOCAL ! -d ::1/128',
    ]) expect(run(rs, `-A INPUT ${spec} -j RETURN`)).toBe('rc=0');
    expect(rulesOf(rs, 'filter', 'INPUT')).toEqual([
      '! -s fd00:10::/64 -d 2001:db8::1/128 -j RETURN',
      '-d ::/ffff::ff -j RETURN',
      '-s fd00::/64 -j RETURN',
      '-s fd00::1/128 -j RETURN',
      '-s fd00::2/127 -j RETURN',
      '-j RETURN',
      '! -d ::1/128 -m addrtype --dst-type LOCAL -j RETURN',
    ]);
  });

  it('[NF-1] what ip6tables refuses: IPv4 addresses and masks, -f, -4', () => {
    const rs = createRuleset('ipv6');
    expect(run(rs, '-A INPUT -s fd00::1/129')).toBe(err("invalid mask `129' specified"));
    expect(run(rs, '-A INPUT -s fd00::1/1.2.3.4')).toBe(err("invalid mask `1.2.3.4' specified"));
    expect(run(rs, '-A INPUT -d 10.0.0.1')).toBe(err("host/network `10.0.0.1' not found"));
    expect(run(rs, '-A INPUT -d fd00::g')).toBe(err("host/network `fd00::g' not found"));
    expect(run(rs, '-A INPUT -f')).toBe(err("`-f' is not supported in IPv6, use -m frag instead"));
    expect(run(rs, '-A INPUT -4')).toBe(TRY);
    expect(run(rs, '-A INPUT -6 -j ACCEPT')).toBe('rc=0');
    expect(run(rs, '-N X')).toBe('rc=0');
    expect(run(rs, '-N X')).toBe('ip6tables: Chain already exists.\n');
  });

  it('[NF-1] an IPv4 ruleset is unchanged: no IPv6 there', () => {
    const rs = createRuleset();
    expect(run(rs, '-A INPUT -d fd00::1')).toBe("iptables v1.8.9 (nf_tables): host/network `fd00::1' not found\nTry `iptables -h' or 'iptables --help' for more information.\n");
    expect(run(rs, '-t nat -A PREROUTING -p tcp -j DNAT --to-destination [10.0.0.1]:80')).toBe(
      "iptables v1.8.9 (nf_tables): Invalid address format\nTry `iptables -h' or 'iptables --help' for more information.\n",
    );
  });
});

describe('ip6tables NAT targets (libxt_NAT parse_to / sprint_range)', () => {
  it('[NF-1] [KP-11] DNAT --to-destination [addr]:port keeps its brackets only with a port', () => {
    const rs = createRuleset('ipv6');
    run(rs, '-t nat -N SEP');
    for (const to of ['[fd00:10:180::2:1]:80', '[FD00::2-fd00::1]:53', 'fd00::1:80', '[fd00::1]80', '[fd00::1]', ':8080', '[]:8080']) {
      expect(run(rs, `-t nat -A SEP -p ${to.endsWith(':53') ? 'udp' : 'tcp'} -j DNAT --to-destination ${to}`)).toBe('rc=0');
    }
    expect(run(rs, '-t nat -A SEP -p tcp -j SNAT --to-source [2001:db8::1]:1024-2048 --random-fully')).toBe('rc=0');
    expect(rulesOf(rs, 'nat', 'SEP')).toEqual([
      '-p tcp -j DNAT --to-destination [fd00:10:180::2:1]:80',
      '-p udp -j DNAT --to-destination [fd00::2-fd00::1]:53',
      '-p tcp -j DNAT --to-destination fd00::1:80',
      '-p tcp -j DNAT --to-destination fd00::1',
      '-p tcp -j DNAT --to-destination fd00::1',
      '-p tcp -j DNAT --to-destination :8080',
      '-p tcp -j DNAT --to-destination :8080',
      '-p tcp -j SNAT --to-source [2001:db8::1]:1024-2048 --random-fully',
    ]);
  });

  it('[NF-1] parse_to errors', () => {
    const rs = createRuleset('ipv6');
    const dnat = (to: string, p = '-p tcp '): string => run(rs, `-t nat -A PREROUTING ${p}-j DNAT --to-destination ${to}`);
    expect(dnat('[fd00::1')).toBe(err('Invalid address format'));
    expect(dnat('[fd00::1]-[fd00::2]')).toBe(err("Port `:2]' not valid"));
    expect(dnat('[10.0.0.1]:80')).toBe(err('Bad IP address "10.0.0.1"'));
    expect(dnat('[fd00::1-]:80')).toBe(err('Bad IP address ""'));
    expect(dnat('[fd00::1]:80', '')).toBe(err('Need TCP, UDP, SCTP or DCCP with port specification'));
  });
});

describe('ip6tables REJECT (libip6t_REJECT) and match differences', () => {
  it('[NF-1] [KP-12] REJECT defaults to icmp6-port-unreachable; names and aliases by prefix, in table order', () => {
    const rs = createRuleset('ipv6');
    for (const w of ['', ' --reject-with no-route', ' --reject-with ', ' --reject-with ADM']) expect(run(rs, `-A INPUT -j REJECT${w}`)).toBe('rc=0');
    expect(run(rs, '-A INPUT -p tcp -j REJECT --reject-with tcp')).toBe('rc=0');
    expect(run(rs, '-A INPUT -j REJECT --reject-with icmp-port-unreachable')).toBe(err('unknown reject type "icmp-port-unreachable"'));
    expect(run(rs, '-A INPUT -j REJECT --reject-with tcp-rst')).toBe(err('unknown reject type "tcp-rst"'));
    expect(run(rs, '-A INPUT -j REJECT --reject-with tcp-reset')).toBe('ip6tables v1.8.9 (nf_tables):  RULE_APPEND failed (Invalid argument): rule in chain INPUT\n');
    expect(rulesOf(rs, 'filter', 'INPUT')).toEqual([
      '-j REJECT --reject-with icmp6-port-unreachable',
      '-j REJECT --reject-with icmp6-no-route',
      '-j REJECT --reject-with icmp6-no-route',
      '-j REJECT --reject-with icmp6-adm-prohibited',
      '-p tcp -j REJECT --reject-with tcp-reset',
    ]);
  });

  it('[NF-1] addrtype without IPv6 route types (kernel EINVAL), recent with a 128-bit mask, ipv6-icmp', () => {
    const rs = createRuleset('ipv6');
    expect(run(rs, '-A INPUT -m addrtype --dst-type BROADCAST')).toBe('ip6tables v1.8.9 (nf_tables):  RULE_APPEND failed (Invalid argument): rule in chain INPUT\n');
    expect(run(rs, '-A INPUT -m addrtype --src-type UNICAST --dst-type MULTICAST')).toBe('rc=0');
    expect(run(rs, '-A INPUT -m recent --set')).toBe('rc=0');
    expect(run(rs, '-A INPUT -m recent --rcheck --mask ffff:ffff:: --rdest')).toBe('rc=0');
    expect(run(rs, '-A INPUT -m recent --set --mask 255.255.255.0')).toBe(err('getaddrinfo: Address family for hostname not supported\n'));
    expect(run(rs, '-A INPUT -p icmpv6')).toBe('rc=0');
    expect(rulesOf(rs, 'filter', 'INPUT')).toEqual([
      '-m addrtype --src-type UNICAST --dst-type MULTICAST',
      '-m recent --set --name DEFAULT --mask ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff --rsource',
      '-m recent --rcheck --name DEFAULT --mask ffff:ffff:: --rdest',
      '-p ipv6-icmp',
    ]);
  });
});

describe('ip6tables-restore / ip6tables-save', () => {
  it('[NF-1] [KP-11] kube-proxy\'s IPv6 nat rules load and save back as ip6tables-save prints them', () => {
    const rs = createRuleset('ipv6');
    const input = [
      '*nat',
      ':KUBE-SERVICES - [0:0]',
      ':KUBE-SVC-XPGD46QRK7WJZT7O - [0:0]',
      ':KUBE-SEP-OGYCNMB4EMRUSJ6N - [0:0]',
      ':KUBE-MARK-MASQ - [0:0]',
      '-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000',
      '-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d fd00:172:30::41 --dport 80 -j KUBE-SVC-XPGD46QRK7WJZT7O',
      '-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d fd00:172:30::41 --dport 80 ! -s fd00:10::/64 -j KUBE-MARK-MASQ',
      '-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 -> [fd00:10:180::1]:80" -j KUBE-SEP-OGYCNMB4EMRUSJ6N',
      '-A KUBE-SEP-OGYCNMB4EMRUSJ6N -m comment --comment ns1/svc1:p80 -s fd00:10:180::1 -j KUBE-MARK-MASQ',
      '-A KUBE-SEP-OGYCNMB4EMRUSJ6N -m comment --comment ns1/svc1:p80 -m tcp -p tcp -j DNAT --to-destination [fd00:10:180::1]:80',
      'COMMIT',
      '',
    ].join('\n');
    expect(restore(rs, input, { noflush: true, counters: false })).toEqual({ ok: true });
    expect(save(rs, { generatedAt: 'Sat Nov 21 09:00:00 2026' })).toBe([
      '# Generated by ip6tables-nft-save v1.8.9 (nf_tables) on Sat Nov 21 09:00:00 2026',
      '*nat',
      ':PREROUTING ACCEPT [0:0]',
      ':INPUT ACCEPT [0:0]',
      ':OUTPUT ACCEPT [0:0]',
      ':POSTROUTING ACCEPT [0:0]',
      ':KUBE-MARK-MASQ - [0:0]',
      ':KUBE-SEP-OGYCNMB4EMRUSJ6N - [0:0]',
      ':KUBE-SERVICES - [0:0]',
      ':KUBE-SVC-XPGD46QRK7WJZT7O - [0:0]',
      '-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000',
      '-A KUBE-SEP-OGYCNMB4EMRUSJ6N -s fd00:10:180::1/128 -m comment --comment "ns1/svc1:p80" -j KUBE-MARK-MASQ',
      '-A KUBE-SEP-OGYCNMB4EMRUSJ6N -p tcp -m comment --comment "ns1/svc1:p80" -m tcp -j DNAT --to-destination [fd00:10:180::1]:80',
      '-A KUBE-SERVICES -d fd00:172:30::41/128 -p tcp -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp --dport 80 -j KUBE-SVC-XPGD46QRK7WJZT7O',
      '-A KUBE-SVC-XPGD46QRK7WJZT7O ! -s fd00:10::/64 -d fd00:172:30::41/128 -p tcp -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ',
      '-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 -> [fd00:10:180::1]:80" -j KUBE-SEP-OGYCNMB4EMRUSJ6N',
      'COMMIT',
      '# Completed on Sat Nov 21 09:00:00 2026',
      '',
    ].join('\n'));
  });

  it('[NF-1] -4 lines are skipped, errors name ip6tables-restore', () => {
    const rs = createRuleset('ipv6');
    expect(restore(rs, '*filter\n-4 -A INPUT -j ACCEPT\n-6 -A INPUT -j DROP\nCOMMIT\n', { noflush: true, counters: false })).toEqual({ ok: true });
    expect(rulesOf(rs, 'filter', 'INPUT')).toEqual(['-j DROP']);
    expect(restore(rs, '*filter\n-A INPUT -j ACCEPT\n-A INPUT -d 10.0.0.1 -j ACCEPT\nCOMMIT\n', { noflush: true, counters: false })).toEqual({
      ok: false,
      exitCode: 2,
      stderr: "ip6tables-restore v1.8.9 (nf_tables): host/network `10.0.0.1' not found\nError occurred at line: 3\nTry `ip6tables-restore -h' or 'ip6tables-restore --help' for more information.\n",
    });
    expect(restore(rs, '*filter\n-A INPUT -m addrtype --dst-type BLACKHOLE -j ACCEPT\nCOMMIT\n', { noflush: true, counters: false })).toEqual({
      ok: false,
      exitCode: 4,
      stderr: 'ip6tables-restore v1.8.9 (nf_tables): \nline 2: RULE_APPEND failed (Invalid argument): rule in chain INPUT\n',
    });
  });
});
