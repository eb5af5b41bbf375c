// The Deployment controller's work on ReplicaSets (pkg/controller/deployment/sync.go,
// rolling.go, recreate.go, progress.go): finding or creating the new ReplicaSet, scaling,
// RollingUpdate and Recreate steps, status with the Progressing condition, and history cleanup.

import { deepEqual } from '../../api/deepEqual.ts';
import type { Deployment, Pod, ReplicaSet } from '../../api/types.ts';
import type { ControllerContext } from '../context.ts';
import { legacyRecorder } from '../events/recorder.ts';
import {
  DEPLOYMENT_ACTOR as ACTOR,
  MAX_REPLICAS,
  POD_TEMPLATE_HASH,
  REVISION,
  calculateStatus,
  deploymentComplete,
  deploymentProgressing,
  equalIgnoreHash,
  filterActive,
  getCondition,
  hasProgressDeadline,
  maxRevision,
  newCondition,
  removeCondition,
  replicasAnnotationsNeedUpdate,
  revisionOf,
  rsStatus,
  setCondition,
  setNewReplicaSetAnnotations,
  setReplicasAnnotations,
  specReplicas,
  statusOf,
  sumAvailable,
  sumSpec,
  type DeploymentCondition,
  type DeploymentStatus,
} from './deploymentUtil.ts';
import { computeTemplateHash } from './hash.ts';
import { isRollingUpdate, maxSurge, maxUnavailable, replicasOf, scaledValue } from './intstr.ts';
import { IDX_CONTROLLER, byCreation, newControllerRef } from './podutil.ts';

type RS = ReplicaSet;

export function createRollout(ctx: ControllerContext) {
  const { api, clock, journal } = ctx;
  const now = (): string => clock.timestamp();
  const current = (d: Deployment): Deployment => api.get<Deployment>('deployments', d.metadata.namespace ?? '', d.metadata.name!) ?? d;
  const recorder = legacyRecorder(ctx, { component: ACTOR });
  /** Journals what the controller did and records it as the Event upstream emits. */
  const note = (d: Deployment, action: string, detail: string): void => {
    journal.append({ type: 'controller', controller: ACTOR, action, namespace: d.metadata.namespace ?? '', name: d.metadata.name!, detail });
    recorder.event(d, action.startsWith('Failed') ? 'Warning' : 'Normal', action, detail);
  };

  /**
   * Writes status and the revision annotation in one UpdateStatus, as upstream does: through
   * the status subresource an annotation change does not bump metadata.generation (an ordinary
   * update of a Deployment's annotations would).
   */
  function writeDeployment(d: Deployment, revision: string | undefined, status: DeploymentStatus): Deployment {
    const cur = current(d);
    const annotate = revision !== undefined && cur.metadata.annotations?.[REVISION] !== revision;
    if (!annotate && deepEqual(cur.status ?? {}, status)) return cur;
    const metadata = annotate ? { ...cur.metadata, annotations: { ...cur.metadata.annotations, [REVISION]: revision } } : cur.metadata;
    const res = api.updateStatus<Deployment>('deployments', { ...cur, metadata, status }, { actor: ACTOR, trusted: true });
    return res.ok ? res.object : cur;
  }

  /** FindNewReplicaSet: the oldest ReplicaSet whose template equals the Deployment's. */
  const findNew = (d: Deployment, rsList: RS[]): RS | undefined =>
    [...rsList].sort(byCreation(clock)).find((rs) => equalIgnoreHash(rs.spec.template, d.spec.template));

  function getAllReplicaSetsAndSyncRevision(d: Deployment, rsList: RS[], create: boolean): { newRS: RS | undefined; oldRSs: RS[] } {
    const existing = findNew(d, rsList);
    const oldRSs = rsList.filter((rs) => rs !== existing);
    const newRS = getNewReplicaSet(d, existing, oldRSs, create);
    return { newRS, oldRSs };
  }

  function getNewReplicaSet(d: Deployment, existing: RS | undefined, oldRSs: RS[], create: boolean): RS | undefined {
    d = current(d);
    const newRevision = String(maxRevision(oldRSs) + 1);
    if (existing) {
      let rs = existing;
      const ann = { ...(rs.metadata.annotations ?? {}) };
      const annChanged = setNewReplicaSetAnnotations(d, ann, newRevision, true);
      const minReady = d.spec.minReadySeconds as number | undefined;
      if (annChanged || (rs.spec.minReadySeconds as number | undefined) !== minReady) {
        const spec = { ...rs.spec };
        if (minReady) spec.minReadySeconds = minReady;
        else delete spec.minReadySeconds;
        const res = api.update<RS>('replicasets', { ...rs, metadata: { ...rs.metadata, annotations: ann }, spec }, { actor: ACTOR });
        if (res.ok) rs = res.object;
        return rs;
      }
      const status = { ...statusOf(d) };
      if (hasProgressDeadline(d) && !getCondition(status, 'Progressing')) {
        setCondition(status, newCondition('Progressing', 'True', 'FoundNewReplicaSet', `Found new replica set "${rs.metadata.name}"`, now()));
      }
      writeDeployment(d, rs.metadata.annotations?.[REVISION], status);
      return rs;
    }
    if (!create) return undefined;

    const collisionCount = statusOf(d).collisionCount;
    const hash = computeTemplateHash(d.spec.template, collisionCount);
    const labels = { ...(d.spec.template.metadata?.labels ?? {}), [POD_TEMPLATE_HASH]: hash };
    const template = { ...d.spec.template, metadata: { ...d.spec.template.metadata, labels } };
    const selector = { ...d.spec.selector, matchLabels: { ...(d.spec.selector.matchLabels ?? {}), [POD_TEMPLATE_HASH]: hash } };
    // apps/v1 ReplicaSetSpec field order: replicas, minReadySeconds (omitempty), selector, template.
    const spec: RS['spec'] = { replicas: 0, ...(d.spec.minReadySeconds ? { minReadySeconds: d.spec.minReadySeconds } : {}), selector, template };
    const rs: RS = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: `${d.metadata.name}-${hash}`, namespace: d.metadata.namespace, labels, annotations: {}, ownerReferences: [newControllerRef(d)] },
      spec,
    };
    rs.spec.replicas = newRSNewReplicas(d, [...oldRSs, rs], rs);
    setNewReplicaSetAnnotations(d, rs.metadata.annotations!, newRevision, false);
    const res = api.create<RS>('replicasets', rs, { actor: ACTOR });
    let created: RS;
    let alreadyExisted = false;
    if (res.ok) {
      created = res.object;
      if (specReplicas(created) > 0) note(d, 'ScalingReplicaSet', `Scaled up replica set ${created.metadata.name} from 0 to ${specReplicas(created)}`);
    } else if (res.status.reason === 'AlreadyExists') {
      const other = api.get<RS>('replicasets', d.metadata.namespace ?? '', rs.metadata.name!);
      const ref = other?.metadata.ownerReferences?.find((r) => r.controller);
      if (other && ref?.uid === d.metadata.uid && equalIgnoreHash(d.spec.template, other.spec.template)) {
        created = other;
        alreadyExisted = true;
      } else {
        // A hash collision: bump collisionCount so the next sync picks another name.
        writeDeployment(d, undefined, { ...statusOf(d), collisionCount: (collisionCount ?? 0) + 1 });
        return undefined;
      }
    } else {
      const status = { ...statusOf(d) };
      if (hasProgressDeadline(d)) {
        setCondition(status, newCondition('ReplicaFailure', 'True', 'ReplicaSetCreateError', res.status.message, now()));
      }
      note(d, 'FailedCreate', `Failed to create new replica set "${rs.metadata.name}": ${res.status.message}`);
      writeDeployment(d, undefined, status);
      return undefined;
    }
    const status = { ...statusOf(d) };
    if (!alreadyExisted && hasProgressDeadline(d)) {
      setCondition(status, newCondition('Progressing', 'True', 'NewReplicaSetCreated', `Created new replica set "${created.metadata.name}"`, now()));
    }
    writeDeployment(d, newRevision, status);
    return created;
  }

  /** NewRSNewReplicas: how far the new ReplicaSet may grow now. */
  function newRSNewReplicas(d: Deployment, allRSs: RS[], newRS: RS): number {
    if (!isRollingUpdate(d)) return replicasOf(d);
    const surge = scaledValue(d.spec.strategy?.rollingUpdate?.maxSurge ?? '25%', replicasOf(d), true);
    const current = sumSpec(allRSs);
    const maxTotal = replicasOf(d) + surge;
    if (current >= maxTotal) return specReplicas(newRS);
    return specReplicas(newRS) + Math.min(maxTotal - current, replicasOf(d) - specReplicas(newRS));
  }

  /** scaleReplicaSet: size and replica annotations in one update. Returns the stored ReplicaSet. */
  function scaleReplicaSet(rs: RS, newScale: number, d: Deployment): { scaled: boolean; rs: RS } {
    const sizeChange = specReplicas(rs) !== newScale;
    const annChange = replicasAnnotationsNeedUpdate(rs, replicasOf(d), replicasOf(d) + maxSurge(d));
    if (!sizeChange && !annChange) return { scaled: false, rs };
    const latest = api.get<RS>('replicasets', rs.metadata.namespace ?? '', rs.metadata.name!) ?? rs;
    const ann = { ...(latest.metadata.annotations ?? {}) };
    setReplicasAnnotations(ann, replicasOf(d), replicasOf(d) + maxSurge(d));
    const res = api.update<RS>('replicasets', { ...latest, metadata: { ...latest.metadata, annotations: ann }, spec: { ...latest.spec, replicas: newScale } }, { actor: ACTOR });
    if (!res.ok) return { scaled: false, rs };
    if (sizeChange) {
      const op = newScale > specReplicas(rs) ? 'up' : 'down';
      note(d, 'ScalingReplicaSet', `Scaled ${op} replica set ${rs.metadata.name} from ${specReplicas(rs)} to ${newScale}`);
    }
    return { scaled: sizeChange, rs: res.object };
  }

  function scaleAndRecord(rs: RS, newScale: number, d: Deployment): { scaled: boolean; rs: RS } {
    if (specReplicas(rs) === newScale) return { scaled: false, rs };
    return scaleReplicaSet(rs, newScale, d);
  }

  /** Replaces `old` by `updated` in the list (the controller works on the stored versions). */
  const replace = (list: RS[], old: RS, updated: RS): RS[] => list.map((x) => (x === old ? updated : x));

  // ---- scaling (sync.go) -------------------------------------------------------------------

  function scaleSync(d: Deployment, rsList: RS[]): void {
    const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(d, rsList, false);
    d = current(d);
    const [nRS, oRSs] = scale(d, newRS, oldRSs);
    if (d.spec.paused) cleanup(oRSs, d);
    syncDeploymentStatus([...oRSs, nRS], nRS, current(d));
  }

  function scale(d: Deployment, newRS: RS | undefined, oldRSs: RS[]): [RS | undefined, RS[]] {
    const activeOrLatest = findActiveOrLatest(newRS, oldRSs);
    if (activeOrLatest) {
      if (specReplicas(activeOrLatest) === replicasOf(d)) return [newRS, oldRSs];
      const { rs } = scaleAndRecord(activeOrLatest, replicasOf(d), d);
      return activeOrLatest === newRS ? [rs, oldRSs] : [newRS, replace(oldRSs, activeOrLatest, rs)];
    }
    // The new ReplicaSet is saturated: old ones go to zero.
    if (newRS && isSaturated(d, newRS)) {
      for (const old of filterActive(oldRSs)) oldRSs = replace(oldRSs, old, scaleAndRecord(old, 0, d).rs);
      return [newRS, oldRSs];
    }
    if (!isRollingUpdate(d)) return [newRS, oldRSs];
    // Several active ReplicaSets: spread the difference proportionally (largest first).
    let all = filterActive([...oldRSs, newRS]);
    const allowed = replicasOf(d) > 0 ? replicasOf(d) + maxSurge(d) : 0;
    const toAdd = allowed - sumSpec(all);
    const created = byCreation(clock);
    if (toAdd > 0) all = [...all].sort((a, b) => specReplicas(b) - specReplicas(a) || -created(a, b));
    else if (toAdd < 0) all = [...all].sort((a, b) => specReplicas(b) - specReplicas(a) || created(a, b));
    const sizes = new Map<RS, number>();
    let added = 0;
    for (const rs of all) {
      if (toAdd !== 0) {
        const p = proportion(rs, d, toAdd, added);
        sizes.set(rs, specReplicas(rs) + p);
        added += p;
      } else sizes.set(rs, specReplicas(rs));
    }
    all.forEach((rs, i) => {
      let size = sizes.get(rs)!;
      if (i === 0 && toAdd !== 0) size = Math.max(0, size + toAdd - added);
      const { rs: updated } = scaleReplicaSet(rs, size, d);
      if (rs === newRS) newRS = updated;
      else oldRSs = replace(oldRSs, rs, updated);
    });
    return [newRS, oldRSs];
  }

  function proportion(rs: RS, d: Deployment, toAdd: number, added: number): number {
    if (specReplicas(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
    let fraction: number;
    if (replicasOf(d) === 0) fraction = -specReplicas(rs);
    else {
      const maxNow = replicasOf(d) + maxSurge(d);
      let before = Number(rs.metadata.annotations?.[MAX_REPLICAS] ?? 0);
      if (!before) before = statusOf(d).replicas ?? 0;
      fraction = Math.round((specReplicas(rs) * maxNow) / before) - specReplicas(rs);
    }
    const allowed = toAdd - added;
    return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
  }

  function findActiveOrLatest(newRS: RS | undefined, oldRSs: RS[]): RS | undefined {
    if (!newRS && oldRSs.length === 0) return undefined;
    const newestFirst = [...oldRSs].sort((a, b) => -byCreation(clock)(a, b));
    const active = filterActive([...newestFirst, newRS]);
    if (active.length === 0) return newRS ?? newestFirst[0];
    return active.length === 1 ? active[0] : undefined;
  }

  function isSaturated(d: Deployment, rs: RS): boolean {
    const desired = Number(rs.metadata.annotations?.['deployment.kubernetes.io/desired-replicas'] ?? NaN);
    return specReplicas(rs) === replicasOf(d) && desired === replicasOf(d) && (rsStatus(rs).availableReplicas ?? 0) === replicasOf(d);
  }

  // ---- RollingUpdate (rolling.go) ---------------------------------------------------------

  function rolloutRolling(d: Deployment, rsList: RS[]): void {
    let { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(d, rsList, true);
    d = current(d);
    if (newRS) {
      const r = reconcileNewReplicaSet([...oldRSs, newRS], newRS, d);
      newRS = r.rs;
      if (r.scaled) return syncRolloutStatus([...oldRSs, newRS], newRS, current(d));
    }
    const r2 = reconcileOldReplicaSets([...oldRSs, newRS], filterActive(oldRSs), newRS, d);
    oldRSs = oldRSs.map((rs) => r2.updated.get(rs) ?? rs);
    if (r2.scaled) return syncRolloutStatus([...oldRSs, newRS], newRS, current(d));
    if (deploymentComplete(d, statusOf(d))) oldRSs = cleanup(oldRSs, d);
    syncRolloutStatus([...oldRSs, newRS], newRS, current(d));
  }

  function reconcileNewReplicaSet(allRSs: RS[], newRS: RS, d: Deployment): { scaled: boolean; rs: RS } {
    if (specReplicas(newRS) === replicasOf(d)) return { scaled: false, rs: newRS };
    if (specReplicas(newRS) > replicasOf(d)) return scaleAndRecord(newRS, replicasOf(d), d);
    return scaleAndRecord(newRS, newRSNewReplicas(d, allRSs, newRS), d);
  }

  function reconcileOldReplicaSets(allRSs: (RS | undefined)[], oldRSs: RS[], newRS: RS | undefined, d: Deployment): { scaled: boolean; updated: Map<RS, RS> } {
    const updated = new Map<RS, RS>();
    if (sumSpec(oldRSs) === 0) return { scaled: false, updated };
    const minAvailable = replicasOf(d) - maxUnavailable(d);
    const newUnavailable = newRS ? specReplicas(newRS) - (rsStatus(newRS).availableReplicas ?? 0) : 0;
    const maxScaledDown = sumSpec(allRSs) - minAvailable - newUnavailable;
    if (maxScaledDown <= 0) return { scaled: false, updated };
    // First drop old replicas that are not available anyway (they cost no availability).
    let olds = [...oldRSs].sort(byCreation(clock));
    let cleaned = 0;
    for (const rs of olds) {
      if (cleaned >= maxScaledDown) break;
      const unhealthy = specReplicas(rs) - (rsStatus(rs).availableReplicas ?? 0);
      if (specReplicas(rs) === 0 || unhealthy <= 0) continue;
      const down = Math.min(maxScaledDown - cleaned, unhealthy);
      const r = scaleAndRecord(rs, specReplicas(rs) - down, d);
      updated.set(findOrigin(updated, rs), r.rs);
      olds = replace(olds, rs, r.rs);
      cleaned += down;
    }
    // Then scale down as far as availability allows.
    const available = sumAvailable([...olds, newRS]);
    let scaledDown = 0;
    if (available > minAvailable) {
      const total = available - minAvailable;
      for (const rs of [...olds].sort(byCreation(clock))) {
        if (scaledDown >= total) break;
        if (specReplicas(rs) === 0) continue;
        const down = Math.min(specReplicas(rs), total - scaledDown);
        const r = scaleAndRecord(rs, specReplicas(rs) - down, d);
        updated.set(findOrigin(updated, rs), r.rs);
        scaledDown += down;
      }
    }
    return { scaled: cleaned + scaledDown > 0, updated };
  }

  /** The original list entry a (possibly already replaced) ReplicaSet came from. */
  function findOrigin(updated: Map<RS, RS>, rs: RS): RS {
    for (const [orig, now] of updated) if (now === rs) return orig;
    return rs;
  }

  // ---- Recreate (recreate.go) -------------------------------------------------------------

  function rolloutRecreate(d: Deployment, rsList: RS[]): void {
    let { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(d, rsList, false);
    d = current(d);
    let scaledDown = false;
    for (const rs of filterActive(oldRSs)) {
      const r = scaleAndRecord(rs, 0, d);
      oldRSs = replace(oldRSs, rs, r.rs);
      scaledDown ||= r.scaled;
    }
    if (scaledDown) return syncRolloutStatus([...oldRSs, newRS], newRS, current(d));
    if (oldPodsRunning(newRS, oldRSs)) return syncRolloutStatus([...oldRSs, newRS], newRS, current(d));
    if (!newRS) newRS = getNewReplicaSet(d, undefined, oldRSs, true);
    d = current(d);
    if (newRS) newRS = scaleAndRecord(newRS, replicasOf(d), d).rs;
    if (deploymentComplete(d, statusOf(d))) oldRSs = cleanup(oldRSs, d);
    syncRolloutStatus([...oldRSs, newRS], newRS, current(d));
  }

  function oldPodsRunning(newRS: RS | undefined, oldRSs: RS[]): boolean {
    if (oldRSs.some((rs) => (rsStatus(rs).replicas ?? 0) > 0)) return true;
    for (const rs of oldRSs) {
      if (rs === newRS) continue;
      for (const pod of api.byIndex<Pod>('pods', IDX_CONTROLLER, rs.metadata.uid!)) {
        if (pod.status?.phase !== 'Failed' && pod.status?.phase !== 'Succeeded') return true;
      }
    }
    return false;
  }

  // ---- status and history (sync.go, progress.go) -------------------------------------------

  function syncDeploymentStatus(allRSs: (RS | undefined)[], newRS: RS | undefined, d: Deployment): void {
    const status = calculateStatus(allRSs, newRS, d, now());
    if (!deepEqual(d.status ?? {}, status)) writeDeployment(d, undefined, status);
  }

  function syncRolloutStatus(allRSs: (RS | undefined)[], newRS: RS | undefined, d: Deployment): void {
    const s = calculateStatus(allRSs, newRS, d, now());
    if (!hasProgressDeadline(d)) removeCondition(s, 'Progressing');
    const cur = getCondition(statusOf(d), 'Progressing');
    const complete = (s.replicas ?? 0) === (s.updatedReplicas ?? 0) && cur?.reason === 'NewReplicaSetAvailable';
    const subject = newRS ? `ReplicaSet "${newRS.metadata.name}"` : `Deployment "${d.metadata.name}"`;
    if (hasProgressDeadline(d) && !complete) {
      if (deploymentComplete(d, s)) {
        setCondition(s, newCondition('Progressing', 'True', 'NewReplicaSetAvailable', `${subject} has successfully progressed.`, now()));
      } else if (deploymentProgressing(d, s)) {
        const c = newCondition('Progressing', 'True', 'ReplicaSetUpdated', `${subject} is progressing.`, now());
        // Progress refreshes lastUpdateTime; lastTransitionTime stays while the status is True.
        if (cur?.status === 'True') c.lastTransitionTime = cur.lastTransitionTime;
        if (cur) removeCondition(s, 'Progressing');
        setCondition(s, c);
      } else if (timedOut(d, s)) {
        setCondition(s, newCondition('Progressing', 'False', 'ProgressDeadlineExceeded', `${subject} has timed out progressing.`, now()));
      }
    }
    const failure = replicaFailure(allRSs, newRS);
    if (failure) setCondition(s, failure);
    else removeCondition(s, 'ReplicaFailure');
    if (!deepEqual(d.status ?? {}, s)) writeDeployment(d, undefined, s);
  }

  function timedOut(d: Deployment, s: DeploymentStatus): boolean {
    const c = getCondition(s, 'Progressing');
    if (!c || c.reason === 'NewReplicaSetAvailable') return false;
    if (c.reason === 'ProgressDeadlineExceeded') return true;
    return clock.parse(c.lastUpdateTime) + (d.spec.progressDeadlineSeconds ?? 600) * 1000 < clock.now();
  }

  function replicaFailure(allRSs: (RS | undefined)[], newRS: RS | undefined): DeploymentCondition | undefined {
    const conds = (rs: RS | undefined) => ((rs?.status?.conditions ?? []) as { type: string; status: DeploymentCondition['status']; lastTransitionTime: string; reason: string; message: string }[]).filter((c) => c.type === 'ReplicaFailure');
    const found = conds(newRS)[0] ?? allRSs.flatMap(conds)[0];
    return found && { type: found.type, status: found.status, lastUpdateTime: found.lastTransitionTime, lastTransitionTime: found.lastTransitionTime, reason: found.reason, message: found.message };
  }

  /** cleanupDeployment: deletes the oldest idle ReplicaSets beyond revisionHistoryLimit. */
  function cleanup(oldRSs: RS[], d: Deployment): RS[] {
    const limit = d.spec.revisionHistoryLimit;
    if (limit === undefined || limit === 2147483647) return oldRSs;
    const alive = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp);
    const diff = alive.length - limit;
    if (diff <= 0) return oldRSs;
    const byRevision = [...alive].sort((a, b) => revisionOf(a) - revisionOf(b) || byCreation(clock)(a, b));
    const deleted = new Set<RS>();
    for (const rs of byRevision.slice(0, diff)) {
      if ((rsStatus(rs).replicas ?? 0) !== 0 || specReplicas(rs) !== 0) continue;
      if ((rs.metadata.generation ?? 1) > (rsStatus(rs).observedGeneration ?? 0)) continue;
      const res = api.delete('replicasets', rs.metadata.namespace ?? '', rs.metadata.name!, { actor: ACTOR });
      if (res.ok) deleted.add(rs);
    }
    return oldRSs.filter((rs) => !deleted.has(rs));
  }

  return { current, getAllReplicaSetsAndSyncRevision, syncDeploymentStatus, scaleSync, rolloutRolling, rolloutRecreate };
}
