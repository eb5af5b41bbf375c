// The Deployment controller (pkg/controller/deployment): owns ReplicaSets named
// `<deployment>-<pod-template-hash>`, scales them (proportionally while a rollout is under
// way), rolls out template changes with RollingUpdate or Recreate, keeps revisions and status
// conditions, and deletes old ReplicaSets beyond revisionHistoryLimit.

import { selectorMatcher } from '../../api/kinds/selectors.ts';
import type { Deployment, ReplicaSet } from '../../api/types.ts';
import type { TaskHandle } from '../../sim/scheduler.ts';
import type { ControllerContext } from '../context.ts';
import { WorkQueue, nsKey, splitKey } from '../workqueue.ts';
import {
  DEPLOYMENT_ACTOR,
  DESIRED_REPLICAS,
  deploymentComplete,
  filterActive,
  getCondition,
  hasProgressDeadline,
  newCondition,
  setCondition,
  statusOf,
  type DeploymentCondition,
  type DeploymentStatus,
} from './deploymentUtil.ts';
import { createRollout } from './deploymentRollout.ts';
import { IDX_CONTROLLER, IDX_ORPHAN, byCreation, controllerRefOf, ensureWorkloadIndexes, newControllerRef } from './podutil.ts';
import type { ControllerHandle } from './replicaset.ts';


export function startDeploymentController(ctx: ControllerContext): ControllerHandle {
  const { api, clock } = ctx;
  ensureWorkloadIndexes(api);
  const queue = new WorkQueue(ctx.scheduler, DEPLOYMENT_ACTOR, (key) => sync(key));
  const progressChecks = new Map<string, TaskHandle>();
  const rollout = createRollout(ctx);

  const enqueueRsOwner = (rs: ReplicaSet): void => {
    const ref = controllerRefOf(rs);
    if (ref?.kind === 'Deployment') queue.add(nsKey(rs.metadata.namespace, ref.name));
  };
  const unwatchD = api.watch('deployments', (ev) => queue.add(nsKey(ev.object.metadata.namespace, ev.object.metadata.name)));
  const unwatchRs = api.watch('replicasets', (ev) => {
    const rs = ev.object as ReplicaSet;
    if (ev.old) enqueueRsOwner(ev.old as ReplicaSet);
    if (controllerRefOf(rs)) enqueueRsOwner(rs);
    else if (ev.type !== 'DELETED') {
      // An orphan: every Deployment whose selector matches may adopt it.
      for (const d of api.list<Deployment>('deployments', rs.metadata.namespace)) {
        if (selectorMatcher(d.spec.selector)?.(rs.metadata.labels)) queue.add(nsKey(d.metadata.namespace, d.metadata.name));
      }
    }
  });
  // Recreate waits until every old pod is gone, which only a pod deletion reveals.
  const unwatchPods = api.watch('pods', (ev) => {
    if (ev.type !== 'DELETED') return;
    const ref = controllerRefOf(ev.object);
    if (ref?.kind !== 'ReplicaSet') return;
    const rs = api.get<ReplicaSet>('replicasets', ev.object.metadata.namespace ?? '', ref.name);
    const dref = rs && controllerRefOf(rs);
    if (dref?.kind !== 'Deployment') return;
    const d = api.get<Deployment>('deployments', rs!.metadata.namespace ?? '', dref.name);
    if (d?.spec.strategy?.type === 'Recreate') queue.add(nsKey(d.metadata.namespace, d.metadata.name));
  });

  function sync(key: string): void {
    const [ns, name] = splitKey(key);
    let d = api.get<Deployment>('deployments', ns, name);
    if (!d) return;
    const rsList = claimReplicaSets(d);
    if (d.metadata.deletionTimestamp) {
      const { newRS, oldRSs } = rollout.getAllReplicaSetsAndSyncRevision(d, rsList, false);
      rollout.syncDeploymentStatus([...oldRSs, newRS], newRS, rollout.current(d));
      return;
    }
    d = checkPausedConditions(d);
    if (d.spec.paused || isScalingEvent(d, rsList)) {
      rollout.scaleSync(rollout.current(d), claimReplicaSets(d));
    } else if (d.spec.strategy?.type === 'Recreate') {
      rollout.rolloutRecreate(rollout.current(d), claimReplicaSets(d));
    } else {
      rollout.rolloutRolling(rollout.current(d), claimReplicaSets(d));
    }
    const latest = api.get<Deployment>('deployments', ns, name);
    if (latest) scheduleProgressCheck(key, latest);
  }

  /** getReplicaSetsForDeployment: owned ones that still match, plus adopted orphans. */
  function claimReplicaSets(d: Deployment): ReplicaSet[] {
    const matches = selectorMatcher(d.spec.selector);
    if (!matches) return [];
    const deleting = !!d.metadata.deletionTimestamp;
    const out: ReplicaSet[] = [];
    for (const rs of api.byIndex<ReplicaSet>('replicasets', IDX_CONTROLLER, d.metadata.uid!)) {
      if (matches(rs.metadata.labels)) out.push(rs);
      else if (!deleting) {
        const refs = (rs.metadata.ownerReferences ?? []).filter((r) => r.uid !== d.metadata.uid);
        api.update('replicasets', { ...rs, metadata: { ...rs.metadata, ownerReferences: refs.length ? refs : undefined } }, { actor: DEPLOYMENT_ACTOR });
      }
    }
    if (!deleting) {
      for (const rs of api.byIndex<ReplicaSet>('replicasets', IDX_ORPHAN, d.metadata.namespace ?? '')) {
        if (rs.metadata.deletionTimestamp || !matches(rs.metadata.labels)) continue;
        const res = api.update<ReplicaSet>(
          'replicasets',
          { ...rs, metadata: { ...rs.metadata, ownerReferences: [...(rs.metadata.ownerReferences ?? []), newControllerRef(d)] } },
          { actor: DEPLOYMENT_ACTOR },
        );
        if (res.ok) out.push(res.object);
      }
    }
    return out.sort(byCreation(clock));
  }

  /** A paused Deployment shows Progressing Unknown DeploymentPaused; resuming, DeploymentResumed. */
  function checkPausedConditions(d: Deployment): Deployment {
    if (!hasProgressDeadline(d)) return d;
    const cond = getCondition(statusOf(d), 'Progressing');
    if (cond?.reason === 'ProgressDeadlineExceeded') return d;
    const pausedCond = cond?.reason === 'DeploymentPaused';
    let c: DeploymentCondition | undefined;
    if (d.spec.paused && !pausedCond) c = newCondition('Progressing', 'Unknown', 'DeploymentPaused', 'Deployment is paused', clock.timestamp());
    else if (!d.spec.paused && pausedCond) c = newCondition('Progressing', 'Unknown', 'DeploymentResumed', 'Deployment is resumed', clock.timestamp());
    if (!c) return d;
    const status: DeploymentStatus = { ...statusOf(d) };
    setCondition(status, c);
    const res = api.updateStatus<Deployment>('deployments', { ...d, status }, { actor: DEPLOYMENT_ACTOR, trusted: true });
    return res.ok ? res.object : d;
  }

  /** A ReplicaSet whose desired-replicas annotation disagrees with spec.replicas means a scale. */
  function isScalingEvent(d: Deployment, rsList: ReplicaSet[]): boolean {
    const { newRS, oldRSs } = rollout.getAllReplicaSetsAndSyncRevision(d, rsList, false);
    for (const rs of filterActive([...oldRSs, newRS])) {
      const desired = rs.metadata.annotations?.[DESIRED_REPLICAS];
      if (desired !== undefined && Number(desired) !== (rollout.current(d).spec.replicas ?? 1)) return true;
    }
    return false;
  }

  /** requeueStuckDeployment: look again when the progress deadline passes (background work). */
  function scheduleProgressCheck(key: string, d: Deployment): void {
    progressChecks.get(key)?.cancel();
    progressChecks.delete(key);
    const cond = getCondition(statusOf(d), 'Progressing');
    if (!hasProgressDeadline(d) || !cond || cond.reason === 'ProgressDeadlineExceeded' || deploymentComplete(d, statusOf(d))) return;
    if (d.spec.paused) return;
    const deadline = clock.parse(cond.lastUpdateTime) + (d.spec.progressDeadlineSeconds ?? 600) * 1000;
    const after = Math.max(0, deadline - clock.now()) + 1000;
    progressChecks.set(key, ctx.scheduler.after(after, () => queue.add(key), { label: `${DEPLOYMENT_ACTOR} progress`, background: true }));
  }

  return {
    stop: () => {
      unwatchD();
      unwatchRs();
      unwatchPods();
      for (const t of progressChecks.values()) t.cancel();
    },
  };
}
