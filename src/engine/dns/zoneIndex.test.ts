// The SOA serial and the indexes CoreDNS answers from (zoneIndex.ts) follow the API as a scan of
// every Service and EndpointSlice would (DNS-1): the newest creation time, back to the previous
// one when that object is deleted; reverse lookups through ClusterIP and endpoint addresses.

import { describe, expect, it } from 'vitest';
import { TestSim } from '../../../test/support/sim.ts';
import type { KubeObject } from '../api/types.ts';
import { corednsAnswer } from './coredns.ts';
import { newestZoneChange, servicesWithClusterIP, slicesOfService, slicesWithAddress } from './zoneIndex.ts';

/** What the index replaces: the newest creation time over every Service and EndpointSlice. */
function scanned(t: TestSim): number {
  let last = 0;
  for (const r of ['services', 'endpointslices']) {
    for (const o of t.sim.api.list<KubeObject>(r)) last = Math.max(last, t.sim.clock.parse(o.metadata.creationTimestamp ?? ''));
  }
  return last;
}

const serial = (t: TestSim): number => {
  const soa = corednsAnswer(t.sim, 'nope.default.svc.cluster.local.', 'A').authority[0]!;
  return soa.data.type === 'SOA' ? soa.data.soa.serial : NaN;
};

describe('[DNS-1] CoreDNS zone index', () => {
  it('the SOA serial is the newest Service/EndpointSlice creation, through creations and deletions', () => {
    const t = new TestSim(1);
    const first = serial(t);
    expect(newestZoneChange(t.sim)).toBe(scanned(t));
    t.sim.advance(60_000);
    t.exec('kubectl create service clusterip later --tcp=80:80');
    expect(newestZoneChange(t.sim)).toBe(scanned(t));
    expect(serial(t)).toBe(Math.floor((t.sim.scenario.epochMs + scanned(t)) / 1000));
    expect(serial(t)).toBeGreaterThanOrEqual(first + 60);
    t.exec('kubectl delete service later');
    expect(newestZoneChange(t.sim)).toBe(scanned(t));
    expect(serial(t)).toBe(first);
  });

  it('EndpointSlices by Service, Services by ClusterIP, slices by endpoint address', () => {
    const t = new TestSim(1);
    expect(slicesOfService(t.sim, 'default', 'auth-service').map((s) => s.metadata.labels?.['kubernetes.io/service-name'])).toEqual(['auth-service']);
    expect(servicesWithClusterIP(t.sim, '10.96.0.10').map((s) => s.metadata.name)).toEqual(['kube-dns']);
    expect(slicesWithAddress(t.sim, '10.244.1.2').map((s) => s.metadata.labels?.['kubernetes.io/service-name'])).toEqual(['auth-service']);
    t.exec('kubectl delete service auth-service');
    expect(servicesWithClusterIP(t.sim, '10.96.241.179')).toEqual([]);
  });
});
