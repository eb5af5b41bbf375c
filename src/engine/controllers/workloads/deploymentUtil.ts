// Deployment helpers from pkg/controller/deployment/util/deployment_util.go: revisions and the
// annotations the controller keeps on its ReplicaSets, replica counting over ReplicaSets,
// template comparison that ignores pod-template-hash, and the status conditions.

import { deepEqual } from '../../api/deepEqual.ts';
import type { Deployment, PodTemplateSpec, ReplicaSet } from '../../api/types.ts';
import { maxSurge, maxUnavailable, replicasOf } from './intstr.ts';

export const DEPLOYMENT_ACTOR = 'deployment-controller';
export const REVISION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
export const POD_TEMPLATE_HASH = 'pod-template-hash';

// Annotations a Deployment never copies onto its ReplicaSets.
const SKIP_COPY = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION,
  REVISION_HISTORY,
  DESIRED_REPLICAS,
  MAX_REPLICAS,
  'deployment.kubernetes.io/error-selector-overlapping-with',
  'deployment.kubernetes.io/selector-updated-at',
]);

export interface DeploymentCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastUpdateTime: string;
  lastTransitionTime: string;
  reason: string;
  message: string;
}

export interface DeploymentStatus {
  observedGeneration?: number;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  unavailableReplicas?: number;
  conditions?: DeploymentCondition[];
  collisionCount?: number;
  [field: string]: unknown;
}

export const statusOf = (d: Deployment): DeploymentStatus => (d.status ?? {}) as DeploymentStatus;
export const rsStatus = (rs: ReplicaSet) => rs.status ?? {};
export const specReplicas = (rs: ReplicaSet): number => rs.spec.replicas ?? 1;

export function revisionOf(rs: ReplicaSet): number {
  const v = Number(rs.metadata.annotations?.[REVISION] ?? 0);
  return Number.isFinite(v) ? v : 0;
}

export const maxRevision = (rss: ReplicaSet[]): number => rss.reduce((m, rs) => Math.max(m, revisionOf(rs)), 0);

/** EqualIgnoreHash: templates equal once pod-template-hash is removed from both. */
export function equalIgnoreHash(a: PodTemplateSpec, b: PodTemplateSpec): boolean {
  const strip = (t: PodTemplateSpec): PodTemplateSpec => {
    const labels = { ...(t.metadata?.labels ?? {}) };
    delete labels[POD_TEMPLATE_HASH];
    return { ...t, metadata: { ...t.metadata, labels } };
  };
  return deepEqual(strip(a), strip(b));
}

export const sumSpec = (rss: (ReplicaSet | undefined)[]): number => rss.reduce((n, rs) => n + (rs ? specReplicas(rs) : 0), 0);
export const sumActual = (rss: (ReplicaSet | undefined)[]): number => rss.reduce((n, rs) => n + (rs ? (rsStatus(rs).replicas ?? 0) : 0), 0);
export const sumReady = (rss: (ReplicaSet | undefined)[]): number => rss.reduce((n, rs) => n + (rs ? (rsStatus(rs).readyReplicas ?? 0) : 0), 0);
export const sumAvailable = (rss: (ReplicaSet | undefined)[]): number => rss.reduce((n, rs) => n + (rs ? (rsStatus(rs).availableReplicas ?? 0) : 0), 0);
export const filterActive = (rss: (ReplicaSet | undefined)[]): ReplicaSet[] => rss.filter((rs): rs is ReplicaSet => !!rs && specReplicas(rs) > 0);

/** Copies the Deployment's annotations (minus the skipped ones) onto the ReplicaSet. */
function copyAnnotations(d: Deployment, ann: Record<string, string>): boolean {
  let changed = false;
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (SKIP_COPY.has(k) || ann[k] === v) continue;
    ann[k] = v;
    changed = true;
  }
  return changed;
}

/** SetReplicasAnnotations: desired-replicas and max-replicas. */
export function setReplicasAnnotations(ann: Record<string, string>, desired: number, max: number): boolean {
  let changed = false;
  if (ann[DESIRED_REPLICAS] !== String(desired)) {
    ann[DESIRED_REPLICAS] = String(desired);
    changed = true;
  }
  if (ann[MAX_REPLICAS] !== String(max)) {
    ann[MAX_REPLICAS] = String(max);
    changed = true;
  }
  return changed;
}

export function replicasAnnotationsNeedUpdate(rs: ReplicaSet, desired: number, max: number): boolean {
  const ann = rs.metadata.annotations ?? {};
  return ann[DESIRED_REPLICAS] !== String(desired) || ann[MAX_REPLICAS] !== String(max);
}

/**
 * SetNewReplicaSetAnnotations: mutates `ann` (a copy) and reports a change. A rollback to an
 * older ReplicaSet raises its revision and remembers the old one in revision-history.
 */
export function setNewReplicaSetAnnotations(d: Deployment, ann: Record<string, string>, newRevision: string, exists: boolean): boolean {
  let changed = copyAnnotations(d, ann);
  const oldRevision = ann[REVISION];
  const oldInt = oldRevision === undefined || oldRevision === '' ? 0 : Number(oldRevision);
  if (!Number.isInteger(oldInt)) return false;
  if (oldInt < Number(newRevision)) {
    ann[REVISION] = newRevision;
    changed = true;
    if (oldRevision !== undefined) {
      const history = ann[REVISION_HISTORY];
      ann[REVISION_HISTORY] = history ? `${history},${oldRevision}` : oldRevision;
    }
  }
  if (!exists && setReplicasAnnotations(ann, replicasOf(d), replicasOf(d) + maxSurge(d))) changed = true;
  return changed;
}

export const getCondition = (s: DeploymentStatus, type: string): DeploymentCondition | undefined => s.conditions?.find((c) => c.type === type);

export function newCondition(type: string, status: DeploymentCondition['status'], reason: string, message: string, now: string): DeploymentCondition {
  return { type, status, lastUpdateTime: now, lastTransitionTime: now, reason, message };
}

/** SetDeploymentCondition: no-op for the same status and reason; keeps lastTransitionTime for the same status. */
export function setCondition(s: DeploymentStatus, c: DeploymentCondition): void {
  const cur = getCondition(s, c.type);
  if (cur && cur.status === c.status && cur.reason === c.reason) return;
  if (cur && cur.status === c.status) c = { ...c, lastTransitionTime: cur.lastTransitionTime };
  s.conditions = [...(s.conditions ?? []).filter((x) => x.type !== c.type), c];
}

export function removeCondition(s: DeploymentStatus, type: string): void {
  const rest = (s.conditions ?? []).filter((x) => x.type !== type);
  if (rest.length) s.conditions = rest;
  else delete s.conditions;
}

export const hasProgressDeadline = (d: Deployment): boolean =>
  d.spec.progressDeadlineSeconds !== undefined && d.spec.progressDeadlineSeconds !== 2147483647;

/** DeploymentComplete: every replica updated and available, and the spec observed. */
export function deploymentComplete(d: Deployment, s: DeploymentStatus): boolean {
  const r = replicasOf(d);
  return (s.updatedReplicas ?? 0) === r && (s.replicas ?? 0) === r && (s.availableReplicas ?? 0) === r && (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 1);
}

/** DeploymentProgressing: more updated, fewer old, more ready or more available replicas. */
export function deploymentProgressing(d: Deployment, s: DeploymentStatus): boolean {
  const old = statusOf(d);
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (s.replicas ?? 0) - (s.updatedReplicas ?? 0);
  return (s.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) || newOld < oldOld || (s.readyReplicas ?? 0) > (old.readyReplicas ?? 0) || (s.availableReplicas ?? 0) > (old.availableReplicas ?? 0);
}

/** calculateStatus: counts over the ReplicaSets plus the Available condition. */
export function calculateStatus(allRSs: (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined, d: Deployment, now: string): DeploymentStatus {
  const available = sumAvailable(allRSs);
  const unavailable = Math.max(0, sumSpec(allRSs) - available);
  const prev = statusOf(d);
  // apps/v1 DeploymentStatus field order; zero counts are omitted (omitempty).
  const s: DeploymentStatus = { observedGeneration: d.metadata.generation ?? 1 };
  const put = (k: 'replicas' | 'updatedReplicas' | 'readyReplicas' | 'availableReplicas' | 'unavailableReplicas', v: number): void => {
    if (v) s[k] = v;
  };
  put('replicas', sumActual(allRSs));
  put('updatedReplicas', sumActual([newRS]));
  put('readyReplicas', sumReady(allRSs));
  put('availableReplicas', available);
  put('unavailableReplicas', unavailable);
  if (prev.conditions?.length) s.conditions = prev.conditions.map((c) => ({ ...c }));
  if (prev.collisionCount !== undefined) s.collisionCount = prev.collisionCount;
  if (available >= replicasOf(d) - maxUnavailable(d)) {
    setCondition(s, newCondition('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.', now));
  } else {
    setCondition(s, newCondition('Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.', now));
  }
  return s;
}
