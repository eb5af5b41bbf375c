import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../sim/clock.ts';
import { GoDuration, goQuote, Klog } from './klog.ts';
import { probability } from './probability.ts';

const EPOCH = Date.UTC(2026, 10, 21, 9, 0, 0);

describe('klog text format', () => {
  it('header: severity, mmdd hh:mm:ss.uuuuuu, thread id in 7 columns, file:line', () => {
    const lines: string[] = [];
    const log = new Klog(new VirtualClock(EPOCH), (l) => lines.push(l), () => 123, 0);
    log.log('I', 16_084, 'server_linux.go:63', 'Using iptables proxy');
    log.log('E', 16_084, 'server.go:245', 'Kube-proxy configuration may be incomplete or incorrect', [['err', 'nodePortAddresses is unset']]);
    log.log('I', 61_000.5, 'server.go:715', 'Successfully retrieved node IP(s)', [['IPs', ['172.18.0.3']]]);
    expect(lines).toEqual([
      'I1121 09:00:16.084123       1 server_linux.go:63] "Using iptables proxy"',
      'E1121 09:00:16.084129       1 server.go:245] "Kube-proxy configuration may be incomplete or incorrect" err="nodePortAddresses is unset"',
      'I1121 09:01:01.000623       1 server.go:715] "Successfully retrieved node IP(s)" IPs=["172.18.0.3"]',
    ]);
  });

  it('multi-line values are printed verbatim and indented', () => {
    const lines: string[] = [];
    const log = new Klog(new VirtualClock(EPOCH), (l) => lines.push(l), () => 0, 0);
    log.log('E', 0, 'proxier.go:1562', 'Failed to execute iptables-restore', [['err', 'exit status 1: iptables-restore: line 7 failed\n'], ['ipFamily', 'IPv4']]);
    expect(lines[0]).toBe('E1121 09:00:00.000000       1 proxier.go:1562] "Failed to execute iptables-restore" err=<\n\texit status 1: iptables-restore: line 7 failed\n > ipFamily="IPv4"');
  });

  it('Go quoting and durations', () => {
    expect(goQuote('a "b" \\ c')).toBe('"a \\"b\\" \\\\ c"');
    expect(String(new GoDuration(8_063_544))).toBe('8.063544ms');
    expect(String(new GoDuration(30e9))).toBe('30s');
    expect(String(new GoDuration(1e9))).toBe('1s');
    expect(String(new GoDuration(12_500))).toBe('12.5µs');
    expect(String(new GoDuration(3_600e9))).toBe('1h0m0s');
  });

  it('verbosity gates V(n) lines', () => {
    const log = new Klog(new VirtualClock(EPOCH), () => undefined, () => 0, 2);
    expect(log.enabled(2)).toBe(true);
    expect(log.enabled(4)).toBe(false);
  });
});

describe('computeProbability (KP-16)', () => {
  it('[KP-16] 1/n with exactly ten decimals, as TestComputeProbability expects', () => {
    const expected: Record<number, string> = {
      1: '1.0000000000', 2: '0.5000000000', 3: '0.3333333333', 10: '0.1000000000', 100: '0.0100000000', 1000: '0.0010000000',
      10000: '0.0001000000', 100000: '0.0000100000', 100001: '0.0000099999',
    };
    for (const [n, p] of Object.entries(expected)) expect(probability(Number(n))).toBe(p);
  });

  it('[KP-16] exact binary ties round half to even like Go (n = 2048)', () => {
    expect(probability(2048)).toBe('0.0004882812');
    expect(probability(1024)).toBe('0.0009765625');
  });

  it('[KP-16] strictly increasing as n decreases', () => {
    let prev = 0;
    for (let n = 5000; n > 1; n--) {
      const p = Number(probability(n));
      expect(p).toBeGreaterThan(prev);
      prev = p;
    }
  });
});
