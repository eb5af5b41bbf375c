import { describe, expect, it } from 'vitest';
import { createRng } from '../../sim/rng.ts';
import type { Rule } from '../types.ts';
import { NetfilterKernel } from './kernel.ts';
import { load, packet, spec } from './testkit.ts';

/** 10,000 ClusterIP services with 3 endpoints each, as kube-proxy writes them. */
function bigKernel() {
  const k = new NetfilterKernel({ rng: createRng(5), now: () => 0, isLocal: (ip) => ip === '172.18.0.2', ifaceAddress: () => '172.18.0.2' });
  load(k.ruleset, '*nat\n-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES\nCOMMIT');
  const nat = k.ruleset.tables.get('nat')!.chains;
  const add = (name: string, rules: Rule[]) => nat.set(name, { name, counters: { packets: 0, bytes: 0 }, rules });
  add('KUBE-MARK-MASQ', [spec('-j MARK --set-xmark 0x4000/0x4000')]);
  add('KUBE-NODEPORTS', []);
  const services: Rule[] = [];
  for (let i = 0; i < 10000; i++) {
    const vip = `10.96.${i >> 8}.${i & 255}`;
    const svc = `KUBE-SVC-${String(i).padStart(16, 'X')}`;
    services.push(spec(`-d ${vip}/32 -p tcp -m comment --comment "ns/svc-${i}:http cluster IP" -m tcp --dport 80 -j ${svc}`));
    const seps = [0, 1, 2].map((e) => `KUBE-SEP-${String(i * 3 + e).padStart(16, 'Y')}`);
    add(svc, [
      spec(`! -s 10.244.0.0/16 -d ${vip}/32 -p tcp -m comment --comment "ns/svc-${i}:http cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ`),
      spec(`-m comment --comment "ns/svc-${i}:http -> 10.244.${e(i, 0)}:80" -m statistic --mode random --probability 0.33333333349 -j ${seps[0]}`),
      spec(`-m comment --comment "ns/svc-${i}:http -> 10.244.${e(i, 1)}:80" -m statistic --mode random --probability 0.50000000000 -j ${seps[1]}`),
      spec(`-m comment --comment "ns/svc-${i}:http -> 10.244.${e(i, 2)}:80" -j ${seps[2]}`),
    ]);
    seps.forEach((sep, j) => add(sep, [
      spec(`-s 10.244.${e(i, j)}/32 -m comment --comment "ns/svc-${i}:http" -j KUBE-MARK-MASQ`),
      spec(`-p tcp -m comment --comment "ns/svc-${i}:http" -m tcp -j DNAT --to-destination 10.244.${e(i, j)}:80`),
    ]));
  }
  services.push(spec('-m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS'));
  add('KUBE-SERVICES', services);
  return k;
}
function e(i: number, j: number): string {
  const n = i * 3 + j;
  return `${(n >> 8) & 255}.${n & 255}`;
}

describe('performance', () => {
  // Timing lives in the benchmark (npm run bench); here only what the traversal does.
  it('[KP-20] a new connection to the last of 10,000 services is DNATed after traversing 10k KUBE-SERVICES rules', () => {
    const k = bigKernel();
    const vip = '10.96.39.15'; // service 9999
    // the first packets compile the rules and warm up the JIT
    for (let i = 0; i < 100; i++) k.hook('PREROUTING', packet(`10.244.201.1:${1000 + i}`, `${vip}:80`, 'tcp', 'SYN'), { inIface: 'veth1' });
    const n = 300;
    let last;
    for (let i = 0; i < n; i++) last = k.hook('PREROUTING', packet(`10.244.200.1:${2000 + i}`, `${vip}:80`, 'tcp', 'SYN'), { inIface: 'veth1' });
    expect(last!.packet.dst.startsWith('10.244.')).toBe(true);
    expect(last!.hits.find((h) => h.chain === 'KUBE-SERVICES')!.ruleNumber).toBe(10000);
  });
});
