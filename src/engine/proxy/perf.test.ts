// Restore payloads at scale: 10,000 Services × 10 endpoints (100,000 endpoints, large cluster
// mode), a full sync, then a partial one after a single endpoint change. What is asserted is the
// work done (rules and payload lines written); the time it takes is measured by
// `npm run bench:dataplane`, never here (shared machines make timings noise).

import { describe, expect, it } from 'vitest';
import type { EndpointSlice } from '../api/types.ts';
import type { NetfilterPort } from './port.ts';
import { makeTestEndpointSlice, makeTestService, newFakeProxier } from './testkit.ts';

/** Accepts every payload: measures the proxier, not iptables-restore. */
const nullPort = (): NetfilterPort => {
  const chains = new Set<string>();
  return {
    restore: () => ({ ok: true }),
    chainNames: () => chains,
    chainExists: () => true,
    ensureChain: () => undefined,
    ensureRuleFirst: () => undefined,
    ensureNfacct: () => true,
  };
};

function populate(n: number): { fp: ReturnType<typeof newFakeProxier>['fp']; slices: EndpointSlice[] } {
  const port = nullPort();
  const { fp } = newFakeProxier({}, { port: () => port });
  const slices: EndpointSlice[] = [];
  for (let i = 0; i < n; i++) {
    const ns = `ns${i % 50}`;
    fp.onServiceAdd(
      makeTestService(ns, `svc${i}`, (svc) => {
        svc.spec.type = 'ClusterIP';
        svc.spec.clusterIP = `172.${20 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`;
        svc.spec.ports = [{ name: 'http', port: 80, protocol: 'TCP' }];
      }),
    );
    const slice = makeTestEndpointSlice(ns, `svc${i}`, 1, (eps) => {
      eps.endpoints = Array.from({ length: 10 }, (_, j) => ({ addresses: [`10.${(i >> 8) & 255}.${i & 255}.${j + 1}`], conditions: {}, nodeName: `node${j}` }));
      eps.ports = [{ name: 'http', port: 8080, protocol: 'TCP' }];
    });
    slices.push(slice);
    fp.onEndpointSliceAdd(slice);
  }
  if (n < 10_000) fp.syncNow();
  return { fp, slices };
}

describe('kube-proxy payload cost', () => {
  it('[KP-19] [KP-22] 10,000 services × 10 endpoints: a partial sync writes under 5 % of what a full one does', () => {
    const { fp, slices } = populate(10_000);
    const full = fp.syncNow()!;
    expect(full.full).toBe(true);
    expect(fp.largeClusterMode).toBe(true);
    expect(full.ruleCount.natTotal).toBe(10_000 * (1 + 1 + 10 + 20) + 5);

    const s = slices[4711]!;
    const changed = structuredClone(s);
    changed.endpoints![3]!.addresses = ['10.99.99.99'];
    fp.onEndpointSliceUpdate(s, changed);
    const partial = fp.syncNow()!;
    expect(partial.full).toBe(false);
    expect(partial.servicesWritten).toEqual(['ns11/svc4711']);
    expect(partial.payload.length).toBeLessThan(full.payload.length * 0.05);
  });
});
