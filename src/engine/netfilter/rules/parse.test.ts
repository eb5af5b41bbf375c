// parseRuleSpec() + formatRule(): normalisation and error texts of iptables 1.8.9 (nf_tables).
// Expected strings are what the kernel printed back for the same spec (see oracle.json).
import { describe, expect, it } from 'vitest';
import { formatProbability, formatRule, parseRuleSpec, saveString } from './index.ts';

const norm = (spec: string[]): string => {
  const r = parseRuleSpec(spec);
  if (!r.ok) throw new Error(r.error);
  return formatRule(r.rule);
};
const TRY = "Try `iptables -h' or 'iptables --help' for more information.\n";
const err = (msg: string): string => `iptables v1.8.9 (nf_tables): ${msg}\n${TRY}`;

describe('[NF-1] normalisation as iptables-save prints it', () => {
  it.each([
    // kube-proxy's own order → kernel order: -s -d -i -o -p, then matches, implicit -m tcp
    [['-m', 'comment', '--comment', 'ns1/svc1:p80 cluster IP', '-m', 'tcp', '-p', 'tcp', '-d', '172.30.0.41', '--dport', '80', '!', '-s', '10.0.0.0/14', '-j', 'KUBE-MARK-MASQ'],
      '! -s 10.0.0.0/14 -d 172.30.0.41/32 -p tcp -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ'],
    [['-p', 'udp', '-d', '10.96.0.10', '-m', 'comment', '--comment', 'kube-system/kube-dns:dns cluster IP', '--dport', '53', '-j', 'KUBE-SVC-TCOU7JCQXEZGVUNU'],
      '-d 10.96.0.10/32 -p udp -m comment --comment "kube-system/kube-dns:dns cluster IP" -m udp --dport 53 -j KUBE-SVC-TCOU7JCQXEZGVUNU'],
    [['-m', 'comment', '--comment', 'kubernetes-svc', '-j', 'ACCEPT'], '-m comment --comment kubernetes-svc -j ACCEPT'],
    [['-m', 'comment', '--comment', 'a "q" \\ \'s\''], '-m comment --comment "a \\"q\\" \\\\ \\\'s\\\'"'],
    [['-j', 'MARK', '--or-mark', '0x4000'], '-j MARK --set-xmark 0x4000/0x4000'],
    [['-j', 'MARK', '--xor-mark', '0x4000'], '-j MARK --set-xmark 0x4000/0x0'],
    [['-j', 'MARK', '--and-mark', '0x4000'], '-j MARK --set-xmark 0x0/0xffffbfff'],
    [['-j', 'MARK', '--set-mark', '0x10'], '-j MARK --set-xmark 0x10/0xffffffff'],
    [['-j', 'MARK', '--set-mark', '0x4000/0xff00'], '-j MARK --set-xmark 0x4000/0xff00'],
    [['-m', 'mark', '!', '--mark', '0x4000/0x4000', '-j', 'RETURN'], '-m mark ! --mark 0x4000/0x4000 -j RETURN'],
    [['-m', 'mark', '--mark', '16'], '-m mark --mark 0x10'],
    [['-j', 'REJECT'], '-j REJECT --reject-with icmp-port-unreachable'],
    [['-p', 'tcp', '-j', 'REJECT', '--reject-with', 'tcp-rst'], '-p tcp -j REJECT --reject-with tcp-reset'],
    [['-m', 'tcp', '-p', 'tcp', '-j', 'DNAT', '--to-destination', '10.180.0.1:80'], '-p tcp -m tcp -j DNAT --to-destination 10.180.0.1:80'],
    [['-j', 'MASQUERADE', '--random-fully'], '-j MASQUERADE --random-fully'],
    [['-m', 'addrtype', '--dst-type', 'LOCAL', '-j', 'KUBE-NODEPORTS'], '-m addrtype --dst-type LOCAL -j KUBE-NODEPORTS'],
    [['-m', 'addrtype', '!', '--src-type', 'local,UNI'], '-m addrtype ! --src-type UNICAST,LOCAL'],
    [['-m', 'conntrack', '!', '--ctstate', 'RELATED,ESTABLISHED,DNAT', '-j', 'DROP'], '-m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP'],
    [['-m', 'conntrack', '--ctstate', 'ESTABLISHED,RELATED'], '-m conntrack --ctstate RELATED,ESTABLISHED'],
    [['-m', 'state', '--state', 'new,established'], '-m state --state NEW,ESTABLISHED'],
    [['-m', 'nfacct', '--nfacct-name', 'localhost_nps_accepted_pkts'], '-m nfacct --nfacct-name  localhost_nps_accepted_pkts'],
    [['-m', 'recent', '--name', 'KUBE-SEP-X', '--set'], '-m recent --set --name KUBE-SEP-X --mask 255.255.255.255 --rsource'],
    [['-m', 'recent', '--name', 'KUBE-SEP-X', '--rcheck', '--seconds', '10800', '--reap'], '-m recent --rcheck --seconds 10800 --reap --name KUBE-SEP-X --mask 255.255.255.255 --rsource'],
    [['-p', 'tcp', '-m', 'multiport', '--dports', '80,443,8000:9000'], '-p tcp -m multiport --dports 80,443,8000:9000'],
    [['-p', 'tcp', '--dport', 'http', '--sport', '1024:'], '-p tcp -m tcp --sport 1024:65535 --dport 80'],
    [['-p', 'tcp', '--syn'], '-p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN'],
    [['-p', 'tcp', '-m', 'tcp', '--dport', '1', '-m', 'comment', '--comment', 'c', '-m', 'tcp', '--sport', '2'], '-p tcp -m tcp --sport 2 --dport 1 -m comment --comment c'],
    [['-m', 'physdev', '--physdev-is-bridged', '--physdev-in', 'eth0'], '-m physdev --physdev-in eth0 --physdev-is-bridged'],
    [['-s', '10.1.2.3/255.255.0.0', '-d', '10.1.2.3/255.0.255.0'], '-s 10.1.0.0/16 -d 10.0.2.0/255.0.255.0'],
    [['-s', '0x0a.010.0.1', '-d', '1.2'], '-s 10.8.0.1/32 -d 1.2.0.0/32'],
    [['-s', '1.2.3.4/0', '-p', 'all'], ''],
    [['-i', 'eth0', '!', '-o', 'veth+', '-p', '47'], '-i eth0 ! -o veth+ -p gre'],
    [['-m', 'statistic', '--mode', 'nth', '--every', '3', '--packet', '1'], '-m statistic --mode nth --every 3 --packet 1'],
    [['-j', 'LOG', '--log-prefix', 'hello world', '--log-level', 'debug'], '-j LOG --log-prefix "hello world" --log-level 7'],
    [['-g', 'KUBE-X'], '-g KUBE-X'],
  ])('%j', (spec, out) => {
    expect(norm(spec as string[])).toBe(out);
  });

  it('[KP-16][NF-1] probability 1/n with kube-proxy\'s 10 decimals → kernel u32 threshold, 11 decimals', () => {
    const table = [2, 3, 4, 5, 6, 7, 8, 9, 10, 100001].map((n) => {
      const p = (1 / n).toFixed(10);
      return [n, p, norm(['-m', 'statistic', '--mode', 'random', '--probability', p]).split(' ').pop()];
    });
    expect(table).toEqual([
      [2, '0.5000000000', '0.50000000000'],
      [3, '0.3333333333', '0.33333333349'],
      [4, '0.2500000000', '0.25000000000'],
      [5, '0.2000000000', '0.20000000019'],
      [6, '0.1666666667', '0.16666666651'],
      [7, '0.1428571429', '0.14285714272'],
      [8, '0.1250000000', '0.12500000000'],
      [9, '0.1111111111', '0.11111111101'],
      [10, '0.1000000000', '0.10000000009'],
      [100001, '0.0000099999', '0.00001000008'],
    ]);
  });

  it('printf rounds half to even: 2^-12 prints 0.00024414062', () => {
    expect(formatProbability(524288)).toBe('0.00024414062');
    expect(formatProbability(0x80000000)).toBe('1.00000000000');
    expect(formatProbability(0)).toBe('0.00000000000');
  });

  it('xtables_save_string quoting', () => {
    expect(saveString('kubernetes-svc_1')).toBe('kubernetes-svc_1');
    expect(saveString('ns/svc:p')).toBe('"ns/svc:p"');
    expect(saveString('')).toBe('""');
  });

  it('-s a,b -d c yields one rule per pair', () => {
    const r = parseRuleSpec(['-s', '1.1.1.1,2.2.2.2', '-d', '3.3.3.3', '-j', 'ACCEPT']);
    expect(r.ok && r.rules.map(formatRule)).toEqual(['-s 1.1.1.1/32 -d 3.3.3.3/32 -j ACCEPT', '-s 2.2.2.2/32 -d 3.3.3.3/32 -j ACCEPT']);
  });
});

describe('error texts', () => {
  it.each([
    [['--foo'], err('unknown option "--foo"')],
    [['-j', 'ACCEPT', 'extra'], `Bad argument \`extra'\n${TRY}`],
    [['-s', '300.1.1.1'], err("host/network `300.1.1.1' not found")],
    [['-s', '1.2.3.4/33'], err("invalid mask `33' specified")],
    [['-m', 'foo'], err("Couldn't load match `foo':No such file or directory\n")],
    [['-j', 'REDIRECT'], err("Couldn't load target `REDIRECT':No such file or directory\n")],
    [['-p', 'tcp', '--dport', 'x'], err("invalid port/service `x' specified")],
    [['-p', 'udp', '--dport', 'x'], err('Port "x" does not resolve to anything.\n')],
    [['-p', 'tcp', '--dport', '5:3'], err('invalid portrange (min > max)')],
    [['-m', 'statistic', '--mode', 'random', '--probability', '2'], err('statistic: bad value for option "--probability", or out of range (0-1).\n')],
    [['-m', 'statistic', '--mode', 'nth', '--every', '3'], err('statistic: option "--every" also requires "--packet".\n')],
    [['-p', 'foo'], err('unknown protocol "foo" specified')],
    [['-x'], err("Illegal option `-x' with this command")],
    [['!', '-p'], err('option "-p" requires an argument')],
    [['-m', 'comment'], err('comment: option "--comment" must be specified\n')],
    [['-m', 'mark', '--mark', 'x'], err('mark: bad integer value for option "--mark", or out of range.\n')],
    [['-m', 'tcp', '--dport', '80'], err("TCP match requires '-p tcp'")],
    [['!', '-j', 'ACCEPT'], err('cannot have ! before -j')],
    [['-s', '1.1.1.1', '!'], err('nothing appropriate following !')],
    [['-p', 'udp', '--d', '7'], err('unknown option "--d"')],
    [['-m', 'recent', '--set', '--rcheck'], err('recent: option "--set" cannot be used together with "--rcheck".\n')],
    [['-m', 'multiport', '--dports', '1'], err("multiport needs `-p tcp', `-p udp', `-p udplite', `-p sctp' or `-p dccp'")],
    [['-j', 'DNAT', '--to-destination', '1.2.3.4:80'], err('Need TCP, UDP, SCTP or DCCP with port specification')],
    [['-j', 'MARK'], err('MARK: One of the --set-xmark, --{and,or,xor,set}-mark options is required')],
    [['-j', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'], err("Invalid target name `aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' (28 chars max)")],
  ])('%j', (spec, text) => {
    expect(parseRuleSpec(spec as string[])).toEqual({ ok: false, error: text, exitCode: 2 });
  });
});
