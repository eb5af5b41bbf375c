import { describe, expect, it } from 'vitest';
import { TestSim } from '../../../../test/support/sim.ts';
import { createNodeWorld } from '../shell.ts';
import { Capture } from './command.ts';
import { compileFilter } from './filter.ts';
import { tcpOptions } from './format.ts';
import type { Packet } from '../../netfilter/types.ts';

const pkt = (o: Partial<Packet>): Packet => ({ src: '10.244.2.2', dst: '10.244.1.2', proto: 'tcp', sport: 53511, dport: 8080, length: 60, mark: 0, ...o });

describe('tcpdump filter', () => {
  const m = (expr: string, p: Packet) => {
    const f = compileFilter(expr);
    if (!f.ok) throw new Error(f.error);
    return f.match(p);
  };
  it('host, src, dst, port, net, protocols', () => {
    expect(m('host 10.244.1.2 and port 8080', pkt({}))).toBe(true);
    expect(m('src host 10.244.1.2', pkt({}))).toBe(false);
    expect(m('dst 10.244.1.2', pkt({}))).toBe(true);
    expect(m('src port 53511 && tcp', pkt({}))).toBe(true);
    expect(m('udp port 8080', pkt({}))).toBe(false);
    expect(m('net 10.244.1.0/24', pkt({}))).toBe(true);
    expect(m('dst net 10.244.2.0/24', pkt({}))).toBe(false);
    expect(m('not icmp and (port 53 or port 8080)', pkt({}))).toBe(true);
    expect(m('!(tcp) || udp', pkt({}))).toBe(false);
    expect(m('', pkt({}))).toBe(true);
  });
  it('errors as libpcap 1.10.3', () => {
    expect(compileFilter('host and port')).toEqual({ ok: false, error: "can't parse filter expression: syntax error" });
    expect(compileFilter('(tcp')).toEqual({ ok: false, error: "can't parse filter expression: syntax error" });
    expect(compileFilter('port 99999')).toEqual({ ok: false, error: 'illegal port number 99999 > 65535' });
    expect(compileFilter('host 10.0.0.300')).toEqual({ ok: false, error: "invalid IPv4 address '10.0.0.300'" });
    expect(compileFilter('net 10.0.0.1/8')).toEqual({ ok: false, error: 'non-network bits set in "10.0.0.1/8"' });
  });
  it('TCP options', () => {
    expect(tcpOptions('020405B40402080A47AA0A690000000001030307')).toBe('mss 1460,sackOK,TS val 1202326121 ecr 0,nop,wscale 7');
  });
});

describe('tcpdump on a node', () => {
  // -i any pads the interface name to 5 (print-sll.c "%-5s "): `eth0  In  IP`, as tcpdump 4.99.3 prints it.
  it('sees the curl through the Service on the auth pod node (after DNAT)', () => {
    const t = new TestSim();
    const cap = new Capture(createNodeWorld(t.sim, 'kind-worker'), { iface: 'any', count: 4, expression: '' }, (() => {
      const f = compileFilter('host 10.244.1.2 and port 8080');
      return f.ok ? f.match : () => false;
    })());
    t.exec('kubectl exec client -- curl -s http://10.96.241.179:8080/');
    expect(cap.takeSplit().stdout).toBe(
      '09:00:25.000000 eth0  In  IP 10.244.2.2.53511 > 10.244.1.2.8080: Flags [S], seq 3754065969, win 64240, options [mss 1460,sackOK,TS val 1202326121 ecr 0,nop,wscale 7], length 0\n' +
        '09:00:25.000000 vethac4270d1 Out IP 10.244.2.2.53511 > 10.244.1.2.8080: Flags [S], seq 3754065969, win 64240, options [mss 1460,sackOK,TS val 1202326121 ecr 0,nop,wscale 7], length 0\n' +
        '09:00:25.000000 vethac4270d1 In  IP 10.244.1.2.8080 > 10.244.2.2.53511: Flags [S.], seq 958417140, ack 3754065970, win 65160, options [mss 1460,sackOK,TS val 4156656540 ecr 1202326121,nop,wscale 7], length 0\n' +
        '09:00:25.000000 eth0  Out IP 10.244.1.2.8080 > 10.244.2.2.53511: Flags [S.], seq 958417140, ack 3754065970, win 65160, options [mss 1460,sackOK,TS val 4156656540 ecr 1202326121,nop,wscale 7], length 0\n',
    );
    expect(cap.done).toBe(true);
    expect(cap.stats()).toBe('4 packets captured\n4 packets received by filter\n0 packets dropped by kernel\n');
  });

  it('on the client node the pod veth sees the Service address (before DNAT), relative seq after', () => {
    const t = new TestSim();
    const f = compileFilter('port 8080');
    const cap = new Capture(createNodeWorld(t.sim, 'kind-worker2'), { iface: 'veth0fb86042', expression: 'port 8080' }, f.ok ? f.match : () => false);
    t.exec('kubectl exec client -- curl -s http://10.96.241.179:8080/');
    const lines = cap.take().split('\n');
    expect(lines[0]).toBe('09:00:25.000000 IP 10.244.2.2.53511 > 10.96.241.179.8080: Flags [S], seq 3754065969, win 64240, options [mss 1460,sackOK,TS val 1202326121 ecr 0,nop,wscale 7], length 0');
    expect(lines[2]).toBe('09:00:25.000000 IP 10.244.2.2.53511 > 10.96.241.179.8080: Flags [.], ack 1, win 502, options [nop,nop,TS val 1202326121 ecr 4156656540], length 0');
    expect(lines[3]).toBe('09:00:25.000000 IP 10.244.2.2.53511 > 10.96.241.179.8080: Flags [P.], seq 1:82, ack 1, win 502, options [nop,nop,TS val 1202326121 ecr 4156656540], length 81');
    cap.stop();
  });

  it('errors as tcpdump 4.99.3', () => {
    const t = new TestSim();
    t.exec('docker exec kind-worker tcpdump -n -i eth9');
    expect(t.last).toEqual({ stdout: '', stderr: 'tcpdump: eth9: No such device exists\n(No such device exists)\n', exitCode: 1 });
    t.exec('docker exec kind-worker tcpdump -n -i any host and port');
    expect(t.last).toEqual({ stdout: '', stderr: "tcpdump: data link type LINUX_SLL2\ntcpdump: can't parse filter expression: syntax error\n", exitCode: 1 });
    t.exec('docker exec kind-worker tcpdump -n -i any -c x');
    expect(t.last).toEqual({ stdout: '', stderr: 'tcpdump: invalid packet count x\n', exitCode: 1 });
  });

  it('headless: captures while the cluster settles, then the statistics', () => {
    const t = new TestSim();
    t.exec('docker exec kind-worker tcpdump -n -i eth0 port 8080');
    expect(t.last).toEqual({
      stdout: '\n',
      stderr: 'tcpdump: verbose output suppressed, use -v[v]... for full protocol decode\nlistening on eth0, link-type EN10MB (Ethernet), snapshot length 262144 bytes\n0 packets captured\n0 packets received by filter\n0 packets dropped by kernel\n',
      exitCode: 0,
    });
  });
});
