import { describe, expect, it } from 'vitest';
import { createRng } from '../../sim/rng.ts';
import { conntrackSummary, formatConntrack } from './conntrackFormat.ts';
import { NetfilterKernel } from './kernel.ts';
import { forward, input, load, output, packet } from './testkit.ts';

function host() {
  let now = 0;
  const k = new NetfilterKernel({ rng: createRng(3), now: () => now, isLocal: (ip) => ip === '10.0.0.1', ifaceAddress: () => '10.0.0.1' });
  const fwd = (src: string, dst: string, flags?: string, proto: 'tcp' | 'udp' = 'tcp') => forward(k, packet(src, dst, proto, flags), 'eth0', 'eth1');
  return { k, fwd, at: (ms: number) => { now = ms; }, now: () => now };
}

const C = '192.168.1.10:33000';
const S = '192.168.2.20:80';
const state = (k: NetfilterKernel, now: number) => k.conntrack.list(now).map((e) => `${e.tcpState} ${formatConntrack(e, now).split(' ').filter((w) => /^\d+$/.test(w))[1]}${e.assured ? ' A' : ''}${e.seenReply ? '' : ' U'}`);

describe('conntrack: TCP state tracking', () => {
  it('[NF-3] handshake, teardown and the kernel default timeouts of each state', () => {
    const { k, fwd } = host();
    const steps: [string, string, string][] = [
      [C, S, 'SYN'], [S, C, 'SYN,ACK'], [C, S, 'ACK'], [C, S, 'FIN,ACK'], [S, C, 'ACK'], [S, C, 'FIN,ACK'], [C, S, 'ACK'],
    ];
    const seen = steps.map(([a, b, f]) => { fwd(a, b, f); return state(k, 0)[0]; });
    expect(seen).toEqual([
      'SYN_SENT 120 U', 'SYN_RECV 60', 'ESTABLISHED 432000 A', 'FIN_WAIT 120 A', 'CLOSE_WAIT 60 A', 'LAST_ACK 30 A', 'TIME_WAIT 120 A',
    ]);
  });

  it('[NF-3] ctstate: originals are NEW until a reply is seen, replies ESTABLISHED', () => {
    const { fwd } = host();
    expect(fwd(C, S, 'SYN').steps[0]!.ctState).toBe('NEW');
    expect(fwd(C, S, 'SYN').steps[0]!.ctState).toBe('NEW'); // retransmission
    expect(fwd(S, C, 'SYN,ACK').steps[0]!.ctState).toBe('ESTABLISHED');
    expect(fwd(C, S, 'ACK').steps[0]!.ctState).toBe('ESTABLISHED');
  });

  it('[NF-3] a retransmitted SYN does not renew the SYN_SENT timeout', () => {
    const { k, fwd, at } = host();
    fwd(C, S, 'SYN');
    at(50_000);
    fwd(C, S, 'SYN');
    expect(formatConntrack(k.conntrack.list()[0]!, 50_000).split(' ').filter(Boolean)[2]).toBe('70');
  });

  it('[NF-3] a mid-stream ACK is picked up (loose) as ESTABLISHED, unassured, 300 s; FIN or SYN/ACK alone are INVALID', () => {
    const { k, fwd } = host();
    expect(fwd(C, S, 'FIN,ACK').steps[0]!.ctState).toBe('INVALID');
    expect(fwd(C, S, 'SYN,ACK').steps[0]!.ctState).toBe('INVALID');
    expect(k.conntrack.list()).toEqual([]);
    expect(fwd(C, S, 'ACK').steps[0]!.ctState).toBe('NEW');
    expect(state(k, 0)).toEqual(['ESTABLISHED 300 U']);
    fwd(S, C, 'ACK');
    fwd(C, S, 'ACK');
    expect(state(k, 0)).toEqual(['ESTABLISHED 432000 A']);
    k.conntrack.flush();
    k.conntrack.sysctl.nf_conntrack_tcp_loose = 0;
    expect(fwd(C, S, 'ACK').steps[0]!.ctState).toBe('INVALID');
  });

  it('[NF-3] an out-of-state segment (ACK before the SYN/ACK) is INVALID and keeps the entry', () => {
    const { k, fwd } = host();
    fwd(C, S, 'SYN');
    expect(fwd(C, S, 'ACK').steps[0]!.ctState).toBe('INVALID');
    expect(state(k, 0)).toEqual(['SYN_SENT 120 U']);
  });

  it('[NF-3] RST on an established connection: CLOSE with 10 s', () => {
    const { k, fwd } = host();
    fwd(C, S, 'SYN'); fwd(S, C, 'SYN,ACK'); fwd(C, S, 'ACK');
    fwd(S, C, 'RST');
    expect(state(k, 0)).toEqual(['CLOSE 10 A']);
  });

  it('[NF-3] packets without tcpFlags: SYN, then SYN/ACK, then ACK', () => {
    const { k, fwd } = host();
    fwd(C, S); fwd(S, C); fwd(C, S);
    expect(state(k, 0)).toEqual(['ESTABLISHED 432000 A']);
  });
});

describe('conntrack: timeouts on the virtual clock', () => {
  it('[NF-3] UDP: 30 s unreplied, gone at expiry; list() and lookups drop expired entries', () => {
    const { k, fwd, at } = host();
    fwd('192.168.1.10:5353', '192.168.2.20:53', undefined, 'udp');
    at(29_999);
    expect(k.conntrack.list().map((e) => formatConntrack(e, 29_999))).toEqual([
      'udp      17 0 src=192.168.1.10 dst=192.168.2.20 sport=5353 dport=53 [UNREPLIED] src=192.168.2.20 dst=192.168.1.10 sport=53 dport=5353 mark=0 use=1',
    ]);
    expect(k.conntrack.lookup({ proto: 'udp', src: '192.168.2.20', sport: 53, dst: '192.168.1.10', dport: 5353 })?.direction).toBe('reply');
    at(30_000);
    expect(k.conntrack.lookup({ proto: 'udp', src: '192.168.1.10', sport: 5353, dst: '192.168.2.20', dport: 53 })).toBeUndefined();
    expect(k.conntrack.list()).toEqual([]);
    // the next packet is a new connection again
    expect(fwd('192.168.1.10:5353', '192.168.2.20:53', undefined, 'udp').steps[0]!.ctState).toBe('NEW');
  });

  it('[NF-3] an expired connection is looked up afresh: the nat chains (and statistic) run again', () => {
    const { k, fwd, at } = host();
    load(k.ruleset, `*nat
-A PREROUTING -d 10.96.0.10/32 -p udp -m statistic --mode random --probability 0.50000000000 -j DNAT --to-destination 10.244.1.1:53
-A PREROUTING -d 10.96.0.10/32 -p udp -j DNAT --to-destination 10.244.2.2:53
COMMIT`);
    const first = fwd('192.168.1.10:5353', '10.96.0.10:53', undefined, 'udp');
    expect(first.steps[0]!.hits.filter((h) => h.table === 'nat')).not.toEqual([]);
    at(10_000);
    expect(fwd('192.168.1.10:5353', '10.96.0.10:53', undefined, 'udp').steps[0]!.hits.filter((h) => h.table === 'nat')).toEqual([]);
    at(40_000);
    expect(fwd('192.168.1.10:5353', '10.96.0.10:53', undefined, 'udp').steps[0]!.hits.filter((h) => h.table === 'nat')).not.toEqual([]);
  });

  it('[NF-3] sysctl timeouts apply (kube-proxy: established 86400, close_wait 3600)', () => {
    const { k, fwd, at } = host();
    k.conntrack.sysctl.nf_conntrack_tcp_timeout_established = 86400;
    fwd(C, S, 'SYN'); fwd(S, C, 'SYN,ACK'); fwd(C, S, 'ACK');
    at(86_399_999);
    expect(k.conntrack.count()).toBe(1);
    at(86_400_000);
    expect(k.conntrack.count()).toBe(0);
  });
});

describe('conntrack: table API', () => {
  function filled() {
    const h = host();
    load(h.k.ruleset, `*nat
-A PREROUTING -d 10.96.0.10/32 -p udp -m udp --dport 53 -j DNAT --to-destination 10.244.1.5:53
COMMIT`);
    h.fwd('192.168.1.10:1000', '10.96.0.10:53', undefined, 'udp');
    h.fwd('192.168.1.11:1001', '10.96.0.10:53', undefined, 'udp');
    h.fwd('192.168.1.10:1002', '192.168.2.20:80', 'SYN');
    h.fwd('192.168.2.20:80', '192.168.1.10:1002', 'SYN,ACK');
    return h;
  }

  it('[NF-2] delete by original destination and protocol (kube-proxy clearing UDP to a ClusterIP)', () => {
    const { k } = filled();
    expect(k.conntrack.delete({ proto: 'udp', dst: '10.96.0.10' })).toBe(2);
    expect(k.conntrack.list().map((e) => e.proto)).toEqual(['tcp']);
  });

  it('[NF-2] delete by reply source (a removed endpoint), by status, flush', () => {
    const { k } = filled();
    expect(k.conntrack.delete({ replySrc: '10.244.1.5', sport: 1001 })).toBe(1);
    expect(k.conntrack.list(0, { status: 'UNREPLIED' }).map((e) => e.original.sport)).toEqual([1000]);
    expect(k.conntrack.list(0, { status: 'DST_NAT' }).length).toBe(1);
    expect(k.conntrack.list(0, { state: 'SYN_RECV' }).map((e) => e.original.dport)).toEqual([80]);
    expect(k.conntrack.flush()).toBe(2);
    expect(k.conntrack.count()).toBe(0);
    expect(conntrackSummary(0)).toBe('conntrack v1.4.7 (conntrack-tools): 0 flow entries have been shown.');
  });

  it('[NF-2] ids are distinct 32-bit numbers, printed with -o id; zone 0 is not printed', () => {
    const { k } = filled();
    const [a, b] = k.conntrack.list();
    expect(a!.id).not.toBe(b!.id);
    expect(a!.id).toBeLessThan(2 ** 32);
    expect(formatConntrack(a!, 0, { showId: true, extended: true })).toBe(
      `ipv4     2 udp      17 30 src=192.168.1.10 dst=10.96.0.10 sport=1000 dport=53 [UNREPLIED] src=10.244.1.5 dst=192.168.1.10 sport=53 dport=1000 mark=0 use=1 id=${a!.id}`,
    );
  });

  it('[NF-3] nf_conntrack_max: a full table evicts an unassured entry, else drops the new packet', () => {
    const { k, fwd } = host();
    k.conntrack.sysctl.nf_conntrack_max = 2;
    for (const p of [1, 2]) { fwd(`192.168.1.10:${p}`, S, 'SYN'); fwd(S, `192.168.1.10:${p}`, 'SYN,ACK'); fwd(`192.168.1.10:${p}`, S, 'ACK'); }
    const r = fwd('192.168.1.10:3', S, 'SYN');
    expect(r.verdict).toBe('DROP');
    expect(r.steps[0]!.dropReason).toBe('nf_conntrack: table full, dropping packet');
    k.conntrack.delete({ sport: 2 });
    fwd('192.168.1.10:4', S, 'SYN'); // unassured
    expect(fwd('192.168.1.10:5', S, 'SYN').verdict).toBe('ACCEPT');
    expect(k.conntrack.list().map((e) => e.original.sport)).toEqual([1, 5]);
  });

  it('[NF-3] locally delivered connections are confirmed at the end of INPUT; local replies go OUTPUT → POSTROUTING', () => {
    const { k } = host();
    const syn = input(k, packet('192.168.1.10:40000', '10.0.0.1:22', 'tcp', 'SYN'), 'eth0');
    expect(syn.steps[1]!.conntrack!.confirmed).toBe(true);
    const synack = output(k, packet('10.0.0.1:22', '192.168.1.10:40000', 'tcp', 'SYN,ACK'), 'eth0');
    expect(synack.steps[0]!.direction).toBe('reply');
    expect(state(k, 0)).toEqual(['SYN_RECV 60']);
  });
});
