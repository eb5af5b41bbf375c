// The EndpointSlice controller of kube-controller-manager v1.33
// (pkg/controller/endpointslice/endpointslice_controller.go): watches Services, Pods and
// EndpointSlices, and reconciles each selector Service's slices (ES-1 … ES-4).
//
// Queueing as upstream: Service events sync at once; pod events after the batch period
// (--endpointslice-updates-batch-period, default 0); a slice changed or deleted by someone
// else after max(1s, batch period). Our own writes are recognised by the tracker. Slices of a
// deleted Service are left to the garbage collector (ownerReferences), as upstream does.
// Node events are not watched: upstream only feeds them to topology hints, so a node's new
// zone reaches a slice on the Service's next sync.

import type { ApiResult } from '../../api/status.ts';
import type { DeleteOptions, WatchEvent } from '../../api/store.ts';
import type { EndpointSlice, KubeObject, Node, Pod, Service } from '../../api/types.ts';
import type { ControllerContext } from '../context.ts';
import { WorkQueue, nsKey, splitKey } from '../workqueue.ts';
import { desiredEndpoints } from './desired.ts';
import { ensureIndexes, podsForService, servicesToUpdate, slicesForService } from './membership.ts';
import { type SliceWrite, reconcile } from './reconciler.ts';
import { DelayedAdds, Retrier } from './retry.ts';
import { LABEL_SERVICE_NAME, hasSelector, managedByController } from './sliceMeta.ts';
import { EndpointSliceTracker } from './tracker.ts';
import { TriggerTimeTracker } from './triggerTime.ts';

const ACTOR = 'endpointslice-controller';
const SLICE_CHANGE_MIN_SYNC_DELAY_MS = 1000;

export interface EndpointSliceControllerOptions {
  /** --max-endpoints-per-slice (1–1000, default 100). */
  maxEndpointsPerSlice?: number;
  /** --endpointslice-updates-batch-period (default 0). */
  endpointUpdatesBatchPeriodMs?: number;
}

export function startEndpointSliceController(ctx: ControllerContext, opts: EndpointSliceControllerOptions = {}): void {
  const { api, scheduler } = ctx;
  const max = opts.maxEndpointsPerSlice ?? 100;
  const batchMs = opts.endpointUpdatesBatchPeriodMs ?? 0;
  ensureIndexes(api);
  const tracker = new EndpointSliceTracker();
  const triggerTimes = new TriggerTimeTracker(ctx.clock);
  const queue: WorkQueue = new WorkQueue(scheduler, ACTOR, (key) => (sync(key) ? retrier.forget(key) : retrier.failed(key)));
  // 1s doubling per failure, up to 1000s (a gentler backoff than other controllers').
  const retrier = new Retrier(scheduler, ACTOR, (key) => queue.add(key), 1000);
  const podChanges = new DelayedAdds(scheduler, ACTOR, (key) => queue.add(key), batchMs);
  const sliceChanges = new DelayedAdds(scheduler, ACTOR, (key) => queue.add(key), Math.max(SLICE_CHANGE_MIN_SYNC_DELAY_MS, batchMs));
  // Set while we write: the store delivers the event of our own write synchronously (and
  // first), before the tracker has recorded the write; upstream's informer delivers it later.
  let ownEventPending = false;

  api.watch('services', (e) => queue.add(nsKey(e.object.metadata.namespace, e.object.metadata.name)));
  api.watch('pods', (e) => {
    const cur = e.type === 'DELETED' ? undefined : (e.object as Pod);
    const old = e.type === 'ADDED' ? undefined : ((e.old ?? e.object) as Pod);
    for (const key of servicesToUpdate(api, old, cur)) podChanges.addAfter(key);
  });
  api.watch('endpointslices', (e) => {
    if (ownEventPending) ownEventPending = false;
    else onSliceEvent(e);
  });
  for (const svc of api.list('services')) queue.add(nsKey(svc.metadata.namespace, svc.metadata.name));

  function queueForSlice(slice: EndpointSlice): void {
    const svcName = slice.metadata.labels?.[LABEL_SERVICE_NAME];
    if (svcName) sliceChanges.addAfter(`${slice.metadata.namespace ?? ''}/${svcName}`);
  }

  function onSliceEvent(e: WatchEvent): void {
    const slice = e.object as EndpointSlice;
    if (e.type === 'ADDED') {
      if (managedByController(slice) && tracker.shouldSync(slice)) queueForSlice(slice);
    } else if (e.type === 'MODIFIED') {
      const prev = (e.old ?? e.object) as EndpointSlice;
      // A changed service-name label moves the slice between two services.
      if (slice.metadata.labels?.[LABEL_SERVICE_NAME] !== prev.metadata.labels?.[LABEL_SERVICE_NAME]) {
        queueForSlice(slice);
        queueForSlice(prev);
      } else if (managedByController(slice) !== managedByController(prev) || (managedByController(slice) && tracker.shouldSync(slice))) {
        queueForSlice(slice);
      }
    } else {
      const gone = (e.old ?? e.object) as EndpointSlice;
      if (managedByController(gone) && tracker.has(gone) && !tracker.handleDeletion(gone)) queueForSlice(gone);
    }
  }

  function sync(key: string): boolean {
    const [ns, name] = splitKey(key);
    const svc = api.get<Service>('services', ns, name);
    if (!svc) {
      triggerTimes.deleteService(ns, name);
      tracker.deleteService(ns, name);
      return true;
    }
    // ExternalName services get no endpoints; selector-less ones get theirs from someone else.
    if (svc.spec.type === 'ExternalName' || !hasSelector(svc)) return true;

    const pods = podsForService(api, svc);
    const slices = slicesForService(api, ns, name).filter((s) => managedByController(s) && !s.metadata.deletionTimestamp);
    if (tracker.staleSlices(svc, slices)) return false;
    const triggerTime = triggerTimes.compute(ns, svc, pods);
    const { desired, errors } = desiredEndpoints(svc, pods, (n) => api.get<Node>('nodes', '', n));
    const result = reconcile({ service: svc, desired, existing: slices, maxEndpointsPerSlice: max, triggerTime });
    const errs = [...errors];
    for (const batch of result.batches) {
      const err = apply(svc, batch);
      if (err) errs.push(err);
    }
    for (const slice of result.lostFamily) {
      const err = apply(svc, [{ verb: 'delete', slice }], 'error deleting');
      if (err) errs.push(err);
    }
    if (errs.length === 0) return true;
    // The Warning event upstream records (reason FailedToUpdateEndpointSlices).
    const detail = `Error updating Endpoint Slices for Service ${ns}/${name}: ${aggregate(errs)}`;
    ctx.journal.append({ type: 'controller', controller: ACTOR, action: 'FailedToUpdateEndpointSlices', namespace: ns, name, detail });
    return false;
  }

  /** One batch of writes in order; the first failure ends it (its message is returned). */
  function apply(svc: Service, batch: SliceWrite[], deleteError?: string): string | undefined {
    const ns = svc.metadata.namespace ?? '';
    const svcKey = `${ns}/${svc.metadata.name ?? ''}`;
    for (const { verb, slice } of batch) {
      let res: ApiResult<KubeObject>;
      ownEventPending = true;
      try {
        if (verb === 'create') res = api.create('endpointslices', slice, { actor: ACTOR, trusted: true });
        else if (verb === 'update') res = api.update('endpointslices', slice, { actor: ACTOR, trusted: true });
        else res = api.delete('endpointslices', ns, slice.metadata.name ?? '', { actor: ACTOR } satisfies DeleteOptions);
      } finally {
        ownEventPending = false; // a failed or no-op write has no event
      }
      if (!res.ok) {
        const msg = res.status.message;
        // A namespace being deleted refuses new objects for good: give up quietly.
        if (verb === 'create' && res.status.reason === 'Forbidden' && msg.includes('being terminated')) return undefined;
        if (verb === 'create') return `failed to create EndpointSlice for Service ${svcKey}: ${msg}`;
        if (deleteError) return `${deleteError} ${slice.metadata.name} EndpointSlice for Service ${svcKey}: ${msg}`;
        return `failed to ${verb} ${slice.metadata.name} EndpointSlice for Service ${svcKey}: ${msg}`;
      }
      const written = res.object as EndpointSlice;
      if (verb !== 'delete') tracker.update(written);
      else if (api.get('endpointslices', ns, written.metadata.name ?? '')) tracker.expectDeletion(written);
      else tracker.handleDeletion(written);
    }
    return undefined;
  }
}

/** utilerrors.NewAggregate(errs).Error(): one message as is, several deduplicated in brackets. */
function aggregate(msgs: string[]): string {
  const unique = [...new Set(msgs)];
  return unique.length === 1 ? unique[0]! : `[${unique.join(', ')}]`;
}
