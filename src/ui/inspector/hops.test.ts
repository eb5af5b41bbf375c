import { describe, expect, it } from 'vitest';
import type { HopView } from '../../engine/view/types.ts';
import { dnatText, firstDnat, formatHeader, hitsText, hopPlace, rewritesOf } from './hops.ts';

const h = { src: '10.244.1.2', sport: 40000, dst: '10.96.0.10', dport: 8080, proto: 'tcp', mark: 0, flags: 'S' };

describe('hops', () => {
  it('formats headers', () => {
    expect(formatHeader(h)).toBe('tcp 10.244.1.2:40000 → 10.96.0.10:8080 [S]');
    expect(formatHeader({ ...h, flags: undefined, mark: 0x4000 })).toBe('tcp 10.244.1.2:40000 → 10.96.0.10:8080 mark=0x4000');
  });

  it('names the rewrite', () => {
    const o = 'original' as const;
    expect(rewritesOf({ direction: o, before: h, after: h })).toEqual([]);
    expect(rewritesOf({ direction: o, before: h, after: { ...h, dst: '10.244.2.5' } })).toEqual(['DNAT']);
    expect(rewritesOf({ direction: o, before: h, after: { ...h, src: '172.18.0.3', sport: 1024 } })).toEqual(['SNAT']);
    expect(rewritesOf({ direction: o, before: h, after: { ...h, mark: 0x4000 } })).toEqual(['MARK']);
    const reply = { src: '10.244.2.5', sport: 8080, dst: '10.244.1.2', dport: 40000, proto: 'tcp', mark: 0 };
    expect(rewritesOf({ direction: 'reply', before: reply, after: { ...reply, src: '10.96.0.10' } })).toEqual(['un-DNAT']);
  });

  it('labels place and hits', () => {
    const hop: HopView = {
      packet: 'SYN', direction: 'original', host: 'kind-worker', hostKind: 'node', node: 'kind-worker', step: 'hook', hook: 'PREROUTING',
      hits: [{ table: 'nat', chain: 'KUBE-SERVICES', rule: 3, type: 'rule' }, { table: 'nat', chain: 'KUBE-SEP-X', rule: 2, type: 'rule', verdict: 'DNAT' }, { table: 'filter', chain: 'FORWARD', rule: 0, type: 'policy', verdict: 'ACCEPT' }],
      before: h, after: h,
    };
    expect(hopPlace(hop)).toBe('kind-worker PREROUTING');
    expect(hitsText(hop)).toBe('nat/KUBE-SERVICES#3 → nat/KUBE-SEP-X#2 DNAT → filter/FORWARD policy ACCEPT');
  });

  it('finds the first DNAT hop', () => {
    const base = { packet: 'SYN', direction: 'original' as const, host: 'kind-worker', hostKind: 'node' as const, step: 'hook' as const, hits: [] };
    const hops: HopView[] = [
      { ...base, before: h, after: h },
      { ...base, hook: 'OUTPUT', before: h, after: { ...h, dst: '10.244.2.3' } },
      { ...base, before: { ...h, dst: '10.244.2.3' }, after: { ...h, dst: '10.244.2.3' } },
    ];
    expect(firstDnat(hops)?.index).toBe(1);
    expect(dnatText(firstDnat(hops)!.hop)).toBe('10.96.0.10:8080 → 10.244.2.3:8080');
    expect(firstDnat([hops[0]!])).toBeUndefined();
  });
});
