// Replays of experiments run against the real kernel (Linux 6.18, iptables-nft 1.8.9,
// conntrack-tools 1.4.7) in network namespaces: client 10.99.1.2 ─ router (pskr0 10.99.1.1,
// pskr1 10.99.2.1) ─ server 10.99.2.2. Expected lines are what `conntrack -L` printed in the
// router namespace (listing order there is hash order; compared sorted).
import { describe, expect, it } from 'vitest';
import { createRng } from '../../sim/rng.ts';
import { formatConntrack } from './conntrackFormat.ts';
import { NetfilterKernel } from './kernel.ts';
import { forward, load, packet } from './testkit.ts';

function router(masquerade = '-j MASQUERADE') {
  let now = 0;
  const k = new NetfilterKernel({
    rng: createRng(99),
    now: () => now,
    isLocal: (ip) => ip === '10.99.1.1' || ip === '10.99.2.1',
    ifaceAddress: (i) => ({ pskr0: '10.99.1.1', pskr1: '10.99.2.1' })[i],
  });
  load(k.ruleset, `*nat
-A PREROUTING -d 10.96.0.10/32 -p tcp -m tcp --dport 80 -j DNAT --to-destination 10.99.2.2:8080
-A PREROUTING -d 10.96.0.10/32 -p udp -m udp --dport 53 -j DNAT --to-destination 10.99.2.2:5353
-A PREROUTING -d 10.96.0.11/32 -p tcp -m tcp --dport 80 -j DNAT --to-destination 10.99.2.2:9
-A POSTROUTING -o pskr1 ${masquerade}
COMMIT`);
  const out = (src: string, dst: string, proto: 'tcp' | 'udp' | 'icmp', flags?: string) => forward(k, packet(src, dst, proto, flags), 'pskr0', 'pskr1');
  const back = (src: string, dst: string, proto: 'tcp' | 'udp' | 'icmp', flags?: string) => forward(k, packet(src, dst, proto, flags), 'pskr1', 'pskr0');
  return { k, out, back, at: (ms: number) => { now = ms; } };
}

/** A client connection through the DNAT+MASQUERADE router; returns the masqueraded port. */
function tcpExchange(r: ReturnType<typeof router>, client: string, vip: string, close: boolean): number {
  const syn = r.out(client, vip, 'tcp', 'SYN');
  const { src, sport, dst, dport } = syn.packet;
  const server = `${dst}:${dport}`;
  const masq = `${src}:${sport}`;
  r.back(server, masq, 'tcp', 'SYN,ACK');
  r.out(client, vip, 'tcp', 'ACK');
  r.out(client, vip, 'tcp', 'PSH,ACK');
  r.back(server, masq, 'tcp', 'ACK');
  r.back(server, masq, 'tcp', 'PSH,ACK');
  r.out(client, vip, 'tcp', 'ACK');
  if (close) {
    r.out(client, vip, 'tcp', 'FIN,ACK');
    r.back(server, masq, 'tcp', 'ACK');
    r.back(server, masq, 'tcp', 'FIN,ACK');
    r.out(client, vip, 'tcp', 'ACK');
  }
  return sport;
}

describe('kernel referee replays (conntrack -L in a real namespace)', () => {
  it('[NF-2] DNAT + MASQUERADE: TIME_WAIT, ESTABLISHED, replied and unreplied UDP lines', () => {
    const r = router();
    tcpExchange(r, '10.99.1.2:43210', '10.96.0.10:80', true);
    tcpExchange(r, '10.99.1.2:43211', '10.96.0.10:80', false);
    r.out('10.99.1.2:40000', '10.96.0.10:53', 'udp');
    r.back('10.99.2.2:5353', '10.99.2.1:40000', 'udp');
    r.out('10.99.1.2:40001', '10.96.0.10:53', 'udp');
    r.back('10.99.2.2:5353', '10.99.2.1:40001', 'udp');
    r.out('10.99.1.2:40002', '10.99.2.2:9999', 'udp');
    r.at(2000);
    expect(r.k.conntrack.list().map((e) => formatConntrack(e, 2000)).sort()).toEqual([
      'tcp      6 118 TIME_WAIT src=10.99.1.2 dst=10.96.0.10 sport=43210 dport=80 src=10.99.2.2 dst=10.99.2.1 sport=8080 dport=43210 [ASSURED] mark=0 use=1',
      'tcp      6 431998 ESTABLISHED src=10.99.1.2 dst=10.96.0.10 sport=43211 dport=80 src=10.99.2.2 dst=10.99.2.1 sport=8080 dport=43211 [ASSURED] mark=0 use=1',
      'udp      17 28 src=10.99.1.2 dst=10.96.0.10 sport=40000 dport=53 src=10.99.2.2 dst=10.99.2.1 sport=5353 dport=40000 mark=0 use=1',
      'udp      17 28 src=10.99.1.2 dst=10.96.0.10 sport=40001 dport=53 src=10.99.2.2 dst=10.99.2.1 sport=5353 dport=40001 mark=0 use=1',
      'udp      17 28 src=10.99.1.2 dst=10.99.2.2 sport=40002 dport=9999 [UNREPLIED] src=10.99.2.2 dst=10.99.2.1 sport=9999 dport=40002 mark=0 use=1',
    ]);
  });

  it('[NF-2] UDP becomes ASSURED (120 s) only for traffic after a reply more than 2 s after the first packet', () => {
    const r = router();
    r.out('10.99.1.2:41000', '10.96.0.10:53', 'udp');
    r.back('10.99.2.2:5353', '10.99.2.1:41000', 'udp');
    r.out('10.99.1.2:41000', '10.96.0.10:53', 'udp');
    r.back('10.99.2.2:5353', '10.99.2.1:41000', 'udp');
    r.out('10.99.1.2:41001', '10.96.0.10:53', 'udp');
    r.back('10.99.2.2:5353', '10.99.2.1:41001', 'udp');
    r.at(2500);
    r.out('10.99.1.2:41001', '10.96.0.10:53', 'udp');
    r.back('10.99.2.2:5353', '10.99.2.1:41001', 'udp');
    r.at(3000);
    expect(r.k.conntrack.list().map((e) => formatConntrack(e, 3000))).toEqual([
      'udp      17 27 src=10.99.1.2 dst=10.96.0.10 sport=41000 dport=53 src=10.99.2.2 dst=10.99.2.1 sport=5353 dport=41000 mark=0 use=1',
      'udp      17 119 src=10.99.1.2 dst=10.96.0.10 sport=41001 dport=53 src=10.99.2.2 dst=10.99.2.1 sport=5353 dport=41001 [ASSURED] mark=0 use=1',
    ]);
  });

  it('[NF-2] ICMP echo through MASQUERADE keeps its id', () => {
    const r = router();
    r.out('10.99.1.2:4242', '10.99.2.2:8', 'icmp');
    r.back('10.99.2.2:4242', '10.99.2.1:0', 'icmp');
    r.at(1000);
    expect(r.k.conntrack.list().map((e) => formatConntrack(e, 1000))).toEqual([
      'icmp     1 29 src=10.99.1.2 dst=10.99.2.2 type=8 code=0 id=4242 src=10.99.2.2 dst=10.99.2.1 type=0 code=0 id=4242 mark=0 use=1',
    ]);
  });

  it('[NF-2] a RST answering the SYN (closed port behind DNAT) destroys the entry', () => {
    const r = router();
    const syn = r.out('10.99.1.2:46000', '10.96.0.11:80', 'tcp', 'SYN');
    expect(formatConntrack(syn.steps[2]!.conntrack!, 0)).toBe(
      'tcp      6 120 SYN_SENT src=10.99.1.2 dst=10.96.0.11 sport=46000 dport=80 [UNREPLIED] src=10.99.2.2 dst=10.99.2.1 sport=9 dport=46000 mark=0 use=1',
    );
    const rst = r.back('10.99.2.2:9', '10.99.2.1:46000', 'tcp', 'RST,ACK');
    expect(rst.packet).toMatchObject({ src: '10.96.0.11', sport: 80, dst: '10.99.1.2', dport: 46000 });
    expect(r.k.conntrack.list()).toEqual([]);
  });

  it('[NF-2] MASQUERADE keeps the source port unless it clashes; a SYN on TIME_WAIT reopens with the same port', () => {
    const r = router();
    expect(tcpExchange(r, '10.99.1.2:45000', '10.96.0.10:80', true)).toBe(45000);
    const clashed = tcpExchange(r, '10.99.1.3:45000', '10.96.0.10:80', true);
    expect(clashed).not.toBe(45000);
    expect(clashed).toBeGreaterThanOrEqual(1024);
    expect(tcpExchange(r, '10.99.1.2:45000', '10.96.0.10:80', true)).toBe(45000);
    expect(r.k.conntrack.list().map((e) => `${e.original.src}:${e.original.sport} ${e.tcpState} ${e.reply.dport}`)).toEqual([
      `10.99.1.3:45000 TIME_WAIT ${clashed}`,
      '10.99.1.2:45000 TIME_WAIT 45000',
    ]);
    // ports below 1024 stay in their class: 100 → 1..511 on a clash, kept otherwise
    expect(tcpExchange(r, '10.99.1.2:100', '10.96.0.10:80', false)).toBe(100);
    const low = tcpExchange(r, '10.99.1.3:100', '10.96.0.10:80', false);
    expect(low >= 1 && low <= 511 && low !== 100).toBe(true);
  });

  it('[NF-2] MASQUERADE --random and --random-fully pick a random port even without a clash', () => {
    for (const flag of ['--random', '--random-fully']) {
      const r = router(`-j MASQUERADE ${flag}`);
      const ports = [43300, 43301, 43302].map((p) => tcpExchange(r, `10.99.1.2:${p}`, '10.96.0.10:80', true));
      for (const [i, p] of ports.entries()) {
        expect(p).not.toBe(43300 + i);
        expect(p).toBeGreaterThanOrEqual(1024);
      }
    }
  });

  it('[NF-2] a source already mapped keeps its mapping towards another destination (find_appropriate_src)', () => {
    const r = router();
    const p1 = tcpExchange(r, '10.99.1.3:47000', '10.99.2.2:8080', true);
    const p2 = tcpExchange(r, '10.99.1.2:47000', '10.99.2.2:8080', true);
    const p3 = tcpExchange(r, '10.99.1.2:47000', '10.99.2.2:8081', true);
    expect(p1).toBe(47000);
    expect(p2).not.toBe(47000); // real run: 16814
    expect(p3).toBe(p2); // real run: 16814 again
  });

  it('[NF-2] SNAT to an address range picks by jhash of the addresses (and of the source only with --persistent)', () => {
    const r = router();
    load(r.k.ruleset, `*nat
-A POSTROUTING -o pskr1 -p udp -m udp --dport 9999 -j SNAT --to-source 10.99.2.100-10.99.2.110
-A POSTROUTING -o pskr1 -p udp -m udp --dport 9998 -j SNAT --to-source 10.99.2.100-10.99.2.110 --persistent
COMMIT`);
    const post = r.k.ruleset.tables.get('nat')!.chains.get('POSTROUTING')!.rules;
    post.push(post.shift()!); // MASQUERADE after the SNAT rules
    const mapped = (port: number, sport: number) =>
      [2, 3, 4, 5, 6, 7, 8, 9].map((i) => r.out(`10.99.1.${i}:${sport}`, `10.99.2.2:${port}`, 'udp').packet.src.split('.')[3]);
    expect(mapped(9999, 48000)).toEqual(['109', '107', '108', '108', '103', '100', '109', '107']);
    expect(mapped(9998, 48001)).toEqual(['104', '107', '108', '105', '101', '107', '105', '103']);
  });
});
