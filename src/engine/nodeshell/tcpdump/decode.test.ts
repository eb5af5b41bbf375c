// tcpdump's decoding: DNS (print-domain.c), -e link-level headers, statistics and options. The
// expected lines were printed by tcpdump 4.99.3 on a veth pair between two network namespaces
// (dig against a small server; `timeout -s INT` for the statistics).

import { describe, expect, it } from 'vitest';
import { defaultSim } from '../../../../test/support/sim.ts';
import type { DnsMessage } from '../../dns/message.ts';
import { runKubectl } from '../../kubectl/testing.ts';
import { createNodeShell, createNodeWorld } from '../shell.ts';
import { statistics } from './capture.ts';
import { Capture } from './command.ts';
import { queryText, replyText } from './domain.ts';

const NAME = 'auth-service.default.svc.cluster.local.';
const msg = (o: Partial<DnsMessage>): DnsMessage => ({ id: 55545, rcode: 'NOERROR', aa: false, rd: true, ra: false, question: { name: NAME, type: 'A' }, answer: [], authority: [], additional: [], ...o });
const a = (ip: string) => ({ name: NAME, ttl: 30, data: { type: 'A' as const, ip } });

describe('tcpdump: DNS as print-domain.c prints it without -v', () => {
  it('queries: id, RD "+", the EDNS record as [1au], type, name, size', () => {
    expect(queryText(msg({}))).toBe('55545+ A? auth-service.default.svc.cluster.local. (56)');
    expect(queryText(msg({ id: 40960, edns: { udpSize: 1232, cookie: '0011223344556677' } }))).toBe('40960+ [1au] A? auth-service.default.svc.cluster.local. (79)');
    expect(queryText(msg({ id: 43967, question: { name: NAME, type: 'AAAA' } }))).toBe('43967+ AAAA? auth-service.default.svc.cluster.local. (56)');
    expect(queryText(msg({ id: 25990, rd: false }))).toBe('25990 A? auth-service.default.svc.cluster.local. (56)');
    expect(queryText(msg({ id: 60385, question: { name: 'two.default.svc.cluster.local.', type: 'A' } }))).toBe('60385+ A? two.default.svc.cluster.local. (47)');
  });

  // The real server compressed its names; CoreDNS sends small replies uncompressed (dns/message.ts),
  // so the sizes here are the uncompressed ones.
  it('replies: rcode word, AA "*", no-RA "-", counts, the answers', () => {
    expect(replyText(msg({ aa: true, answer: [a('10.96.241.179')] }))).toBe('55545*- 1/0/0 A 10.96.241.179 (110)');
    expect(replyText(msg({ id: 60385, aa: true, answer: [a('10.96.241.179'), a('10.96.0.1')] }))).toBe('60385*- 2/0/0 A 10.96.241.179, A 10.96.0.1 (164)');
    const soa = { name: 'cluster.local.', ttl: 30, data: { type: 'SOA' as const, soa: { mname: 'ns.dns.cluster.local.', rname: 'hostmaster.cluster.local.', serial: 1, refresh: 7200, retry: 1800, expire: 86400, minimum: 30 } } };
    expect(replyText(msg({ id: 51737, rcode: 'NXDOMAIN', aa: true, authority: [soa] }))).toMatch(/^51737 NXDomain\*- 0\/1\/0 \(\d+\)$/);
    expect(replyText(msg({ id: 43967, aa: true, question: { name: NAME, type: 'AAAA' } }))).toBe('43967*- 0/0/0 (56)');
    expect(replyText(msg({ ra: true, answer: [a('10.96.241.179')], edns: { udpSize: 1232 } }))).toBe('55545 1/0/1 A 10.96.241.179 (121)');
  });
});

describe('tcpdump: statistics (tcpdump.c info())', () => {
  it('"packet" in the singular for one', () => {
    expect(statistics(1)).toBe('1 packet captured\n1 packet received by filter\n0 packets dropped by kernel\n');
    expect(statistics(13)).toBe('13 packets captured\n13 packets received by filter\n0 packets dropped by kernel\n');
  });
});

describe('tcpdump on a node: -e and DNS in the lines', () => {
  const lookup = (sim: ReturnType<typeof defaultSim>) => runKubectl(sim, ['exec', 'client', '--', 'nslookup', 'auth-service']);

  it('-i any -e: the cooked header (ifindex, source MAC, length + 20); DNS decoded, the Service address before DNAT', () => {
    const sim = defaultSim();
    const cap = new Capture(createNodeWorld(sim, 'kind-worker2'), { iface: 'any', count: 4, expression: '', linkHeader: true }, () => true);
    lookup(sim);
    expect(cap.takeSplit()).toEqual({
      stdout:
        '09:00:25.000000 veth0fb86042 In  ifindex 3 5a:71:cb:7f:94:5b ethertype IPv4 (0x0800), length 104: 10.244.2.2.53511 > 10.96.0.10.53: 64081+ A? auth-service.default.svc.cluster.local. (56)\n' +
        '09:00:25.000000 eth0  Out ifindex 2 da:31:cc:7a:22:5b ethertype IPv4 (0x0800), length 104: 10.244.2.2.53511 > 10.244.0.2.53: 64081+ A? auth-service.default.svc.cluster.local. (56)\n' +
        '09:00:25.000000 eth0  In  ifindex 2 46:79:de:ed:4c:10 ethertype IPv4 (0x0800), length 158: 10.244.0.2.53 > 10.244.2.2.53511: 64081*- 1/0/0 A 10.96.241.179 (110)\n' +
        '09:00:25.000000 veth0fb86042 Out ifindex 3 fa:d0:62:11:ea:c9 ethertype IPv4 (0x0800), length 158: 10.96.0.10.53 > 10.244.2.2.53511: 64081*- 1/0/0 A 10.96.241.179 (110)\n',
      // Ended by -c: no newline first, as when interrupted.
      stderr: '4 packets captured\n4 packets received by filter\n0 packets dropped by kernel\n',
    });
  });

  it('-i eth0 -e: the Ethernet header (source > destination MAC, length + 14), no "IP"', () => {
    const sim = defaultSim();
    const cap = new Capture(createNodeWorld(sim, 'kind-worker2'), { iface: 'eth0', count: 2, expression: '', linkHeader: true }, () => true);
    lookup(sim);
    expect(cap.takeSplit().stdout).toBe(
      '09:00:25.000000 da:31:cc:7a:22:5b > 46:79:de:ed:4c:10, ethertype IPv4 (0x0800), length 98: 10.244.2.2.53511 > 10.244.0.2.53: 64081+ A? auth-service.default.svc.cluster.local. (56)\n' +
        '09:00:25.000000 46:79:de:ed:4c:10 > da:31:cc:7a:22:5b, ethertype IPv4 (0x0800), length 152: 10.244.0.2.53 > 10.244.2.2.53511: 64081*- 1/0/0 A 10.96.241.179 (110)\n',
    );
  });

  it('option clusters and errors as tcpdump 4.99.3 (getopt, then print_usage)', () => {
    const sim = defaultSim();
    const sh = createNodeShell(sim, 'kind-worker2');
    const usage =
      'tcpdump version 4.99.3\nlibpcap version 1.10.3 (with TPACKET_V3)\nOpenSSL 3.0.17 1 Jul 2025\n' +
      'Usage: tcpdump [-AbdDefhHIJKlLnNOpqStuUvxX#] [ -B size ] [ -c count ] [--count]\n' +
      '\t\t[ -C file_size ] [ -E algo:secret ] [ -F file ] [ -G seconds ]\n' +
      '\t\t[ -i interface ] [ --immediate-mode ] [ -j tstamptype ]\n' +
      '\t\t[ -M secret ] [ --number ] [ --print ] [ -Q in|out|inout ]\n' +
      '\t\t[ -r file ] [ -s snaplen ] [ -T type ] [ --version ]\n' +
      '\t\t[ -V file ] [ -w file ] [ -W filecount ] [ -y datalinktype ]\n' +
      '\t\t[ --time-stamp-precision precision ] [ --micro ] [ --nano ]\n' +
      '\t\t[ -z postrotate-command ] [ -Z user ] [ expression ]\n';
    expect(sh.runLine('tcpdump -k')).toMatchObject({ stdout: '', stderr: `tcpdump: invalid option -- 'k'\n${usage}`, exitCode: 1 });
    expect(sh.runLine('tcpdump --help')).toMatchObject({ stdout: usage, stderr: '', exitCode: 0 });
    expect(sh.runLine('tcpdump -nec0').stderr).toBe('tcpdump: invalid packet count 0\n');
    expect(sh.runLine('tcpdump -ni').stderr).toBe(`tcpdump: option requires an argument -- 'i'\n${usage}`);
    expect(sh.runLine('tcpdump -nei eth9').stderr).toBe('tcpdump: eth9: No such device exists\n(No such device exists)\n');
    // glibc getopt permutes: options after the expression still count (checked with the real
    // tcpdump: `tcpdump -n -i lo host 10.244.1.2 and port 8080 -c 4` reaches the device check),
    // and "--" ends them.
    expect(sh.runLine('tcpdump -n host 10.244.1.2 and port 8080 -i eth9 -c 4').stderr).toBe('tcpdump: eth9: No such device exists\n(No such device exists)\n');
    expect(sh.runLine('tcpdump -n -- host 10.244.1.2 -c 4').stderr).toBe("tcpdump: data link type LINUX_SLL2\ntcpdump: can't parse filter expression: syntax error\n");
  });
});
