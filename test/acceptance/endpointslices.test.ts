// Issue acceptance: 250 replicas → slices of 100/100/50; one pod deleted → one slice changes,
// the legacy Endpoints object is rewritten whole; both visible in the journal with bytes.
import { describe, expect, it } from 'vitest';
import type { EndpointSlice, Endpoints } from '../../src/engine/api/types.ts';
import { TestSim } from '../support/sim.ts';

const sliceSizes = (t: TestSim) =>
  t.sim.api
    .list<EndpointSlice>('endpointslices', 'default', (s) => s.metadata.labels?.['kubernetes.io/service-name'] === 'auth-service')
    .map((s) => (s.endpoints ?? []).length)
    .sort((a, b) => b - a);

describe('auth-service at 250 replicas', () => {
  const t = new TestSim();
  t.exec('kubectl scale deploy auth-service --replicas=250');

  it('[ES-4] kubectl shows three slices holding 100, 100 and 50 endpoints', () => {
    expect(sliceSizes(t)).toEqual([100, 100, 50]);
    t.exec('kubectl get endpointslice -l kubernetes.io/service-name=auth-service');
    const rows = t.last.stdout.trimEnd().split('\n');
    expect(rows[0]).toMatch(/^NAME\s+ADDRESSTYPE\s+PORTS\s+ENDPOINTS\s+AGE$/);
    expect(rows).toHaveLength(4);
    const more = rows.slice(1).map((r) => Number(/\+ (\d+) more\.\.\./.exec(r)?.[1]) + 3).sort((a, b) => b - a);
    expect(more).toEqual([100, 100, 50]);
    expect(rows.slice(1).every((r) => /^auth-service-[bcdfghjklmnpqrstvwxz2456789]{5}\s+IPv4\s+8080\s/.test(r))).toBe(true);
  });

  it('[ES-4] deleting one pod rewrites exactly one slice; the Endpoints object is rewritten whole', () => {
    const before = new Map(t.sim.api.list<EndpointSlice>('endpointslices', 'default').map((s) => [s.metadata.name!, s.metadata.resourceVersion!]));
    const mark = t.sim.journal.lastSeq();
    const victim = t.sim.api.list<EndpointSlice>('endpointslices', 'default').find((s) => s.metadata.name?.startsWith('auth-service-'))!.endpoints![7]!.targetRef!.name!;
    t.exec(`kubectl delete pod ${victim}`);
    expect(t.last.stdout).toBe(`pod "${victim}" deleted\n`);
    const after = t.sim.api.list<EndpointSlice>('endpointslices', 'default');
    const changed = after.filter((s) => before.get(s.metadata.name!) !== s.metadata.resourceVersion).map((s) => s.metadata.name);
    expect(changed).toHaveLength(1);
    expect(sliceSizes(t)).toEqual([100, 100, 50]); // the replacement pod took the freed place

    const writes = t.sim.journal.since(mark).filter((e) => e.type === 'write');
    const sliceWrites = writes.filter((e) => e.type === 'write' && e.resource === 'endpointslices');
    const epWrites = writes.filter((e) => e.type === 'write' && e.resource === 'endpoints');
    expect(new Set(sliceWrites.map((e) => e.type === 'write' && e.name))).toEqual(new Set(changed));
    expect(epWrites.length).toBeGreaterThan(0);
    // Every Endpoints write carries all 250 addresses: its last write is the whole stored object.
    const ep = t.sim.api.get<Endpoints>('endpoints', 'default', 'auth-service')!;
    const lastEp = epWrites.at(-1)!;
    expect(lastEp.type === 'write' && lastEp.bytes).toBe(JSON.stringify(ep).length);
    const addresses = (ep.subsets ?? []).reduce((n, s) => n + (s.addresses?.length ?? 0) + (s.notReadyAddresses?.length ?? 0), 0);
    expect(addresses).toBe(250);
    for (const e of epWrites) expect(e.type === 'write' && e.bytes).toBeGreaterThan(40_000);
    for (const e of sliceWrites) expect(e.type === 'write' && e.bytes).toBeLessThan(30_000);
  });

  it('the journal command shows those writes with their bytes', () => {
    t.exec('journal --type write --resource endpoints --tail 1');
    expect(t.last.stdout).toMatch(/^SEQ\s+TIME\s+EVENT\s+KIND\s+NAMESPACE\s+NAME\s+DETAIL\s+BY\n\d+\s+[\d.]+s\s+update\s+endpoints\s+default\s+auth-service\s+rv=\d+ bytes=\d{5}\s+endpoint-controller\n$/);
  });
});
