// Which slice versions the controller wrote itself (staging/src/k8s.io/endpointslice/util/
// endpointslice_tracker.go): a slice event is only worth a resync when someone else changed
// or deleted one of the controller's slices.
//
// Upstream compares generations: the API server bumps an EndpointSlice's generation when
// anything but metadata, or its labels, change. The simulated store may not maintain that
// generation, so we compare against the version we wrote: a different resourceVersion with
// different endpoints, ports, address type or labels is exactly a generation bump.

import { deepEqual } from '../../api/deepEqual.ts';
import type { EndpointSlice, Service } from '../../api/types.ts';
import { LABEL_SERVICE_NAME } from './sliceMeta.ts';

const DELETION_EXPECTED = 'deletion-expected';
type Tracked = EndpointSlice | typeof DELETION_EXPECTED;

const serviceKeyOf = (s: EndpointSlice): string => `${s.metadata.namespace ?? ''}/${s.metadata.labels?.[LABEL_SERVICE_NAME] ?? ''}`;

function generationBumped(now: EndpointSlice, ours: EndpointSlice): boolean {
  if (now.metadata.resourceVersion === ours.metadata.resourceVersion) return false;
  const g1 = now.metadata.generation, g0 = ours.metadata.generation;
  if (g1 !== undefined && g0 !== undefined && g1 > g0) return true;
  return (
    now.addressType !== ours.addressType ||
    !deepEqual(now.endpoints ?? [], ours.endpoints ?? []) ||
    !deepEqual(now.ports ?? [], ours.ports ?? []) ||
    !deepEqual(now.metadata.labels ?? {}, ours.metadata.labels ?? {})
  );
}

export class EndpointSliceTracker {
  /** service key → slice uid → the version we wrote (or a deletion we asked for). */
  private readonly byService = new Map<string, Map<string, Tracked>>();

  private slicesOf(slice: EndpointSlice, create = false): Map<string, Tracked> | undefined {
    const key = serviceKeyOf(slice);
    let m = this.byService.get(key);
    if (!m && create) this.byService.set(key, (m = new Map()));
    return m;
  }

  has(slice: EndpointSlice): boolean {
    return this.slicesOf(slice)?.has(slice.metadata.uid ?? '') ?? false;
  }

  /** ShouldSync: unknown to us, or changed since we wrote it. */
  shouldSync(slice: EndpointSlice): boolean {
    const t = this.slicesOf(slice)?.get(slice.metadata.uid ?? '');
    if (t === undefined || t === DELETION_EXPECTED) return true;
    return generationBumped(slice, t);
  }

  update(slice: EndpointSlice): void {
    this.slicesOf(slice, true)!.set(slice.metadata.uid ?? '', slice);
  }

  expectDeletion(slice: EndpointSlice): void {
    this.slicesOf(slice, true)!.set(slice.metadata.uid ?? '', DELETION_EXPECTED);
  }

  /** HandleDeletion: forgets the slice; false when nobody told us it would go. */
  handleDeletion(slice: EndpointSlice): boolean {
    const m = this.slicesOf(slice);
    const uid = slice.metadata.uid ?? '';
    const t = m?.get(uid);
    m?.delete(uid);
    return t === undefined || t === DELETION_EXPECTED;
  }

  /**
   * StaleSlices: the listed slices lag behind our own writes (an older version, one we
   * deleted, or one missing).
   */
  staleSlices(svc: Service, slices: readonly EndpointSlice[]): boolean {
    const key = `${svc.metadata.namespace ?? ''}/${svc.metadata.name ?? ''}`;
    const tracked = this.byService.get(key);
    if (!tracked) return false;
    const provided = new Set<string>();
    for (const s of slices) {
      const sUid = s.metadata.uid ?? '';
      provided.add(sUid);
      const t = tracked.get(sUid);
      if (t === DELETION_EXPECTED) return true;
      if (t && Number(t.metadata.resourceVersion) > Number(s.metadata.resourceVersion)) return true;
    }
    for (const [sUid, t] of tracked) if (t !== DELETION_EXPECTED && !provided.has(sUid)) return true;
    return false;
  }

  deleteService(namespace: string, name: string): void {
    this.byService.delete(`${namespace}/${name}`);
  }
}
