// Which pods a ReplicaSet deletes first when it scales down: controller.ActivePodsWithRanks
// (pkg/controller/controller_utils.go) with PodDeletionCost and LogarithmicScaleDown, both on
// by default in v1.33. The rank of a pod is the number of related active pods on its node.

import type { Pod } from '../../api/types.ts';
import type { Clock } from '../../sim/clock.ts';
import { getCondition, isPodActive, isPodReady } from './podutil.ts';

const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };
const DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';

const deletionCost = (p: Pod): number => {
  const v = Number(p.metadata.annotations?.[DELETION_COST] ?? 0);
  return Number.isInteger(v) ? v : 0;
};

const maxRestarts = (p: Pod): number => Math.max(0, ...(p.status?.containerStatuses ?? []).map((c) => c.restartCount ?? 0));

function readyTime(p: Pod, clock: Clock): number | undefined {
  const c = getCondition(p, 'Ready');
  return c?.status === 'True' && c.lastTransitionTime ? clock.parse(c.lastTransitionTime) : undefined;
}

/** floor(log2(age in nanoseconds)), -1 for no age: times within a power of two rank equal. */
function logRank(t: number, now: number): number {
  const ns = (now - t) * 1e6;
  return ns > 0 ? Math.floor(Math.log2(ns)) : -1;
}

/** Comparator: negative when `a` should be deleted before `b`. */
export function deletionOrder(ranks: Map<Pod, number>, clock: Clock): (a: Pod, b: Pod) => number {
  const now = clock.now();
  const less = (a: Pod, b: Pod): boolean => {
    const na = a.spec.nodeName ?? '', nb = b.spec.nodeName ?? '';
    // 1. Unassigned < assigned.
    if (na !== nb && (na === '' || nb === '')) return na === '';
    // 2. Pending < Unknown < Running.
    const pa = PHASE_ORDINAL[a.status?.phase ?? ''] ?? 0, pb = PHASE_ORDINAL[b.status?.phase ?? ''] ?? 0;
    if (pa !== pb) return pa < pb;
    // 3. Not ready < ready.
    const ra = isPodReady(a), rb = isPodReady(b);
    if (ra !== rb) return !ra;
    // 4. Lower pod-deletion-cost first.
    const ca = deletionCost(a), cb = deletionCost(b);
    if (ca !== cb) return ca < cb;
    // 5. Doubled up (more related pods on the same node) first.
    const ka = ranks.get(a) ?? 0, kb = ranks.get(b) ?? 0;
    if (ka !== kb) return ka > kb;
    // 6. Ready for less time first (logarithmic buckets, then uid as a pseudo-random tie-break).
    if (ra && rb) {
      const ta = readyTime(a, clock), tb = readyTime(b, clock);
      if (ta !== tb) {
        if (ta === undefined || tb === undefined) return ta === undefined;
        const diff = logRank(ta, now) - logRank(tb, now);
        return diff === 0 ? (a.metadata.uid ?? '') < (b.metadata.uid ?? '') : diff < 0;
      }
    }
    // 7. More container restarts first.
    const xa = maxRestarts(a), xb = maxRestarts(b);
    if (xa !== xb) return xa > xb;
    // 8. Newer first.
    const ta = clock.parse(a.metadata.creationTimestamp ?? ''), tb = clock.parse(b.metadata.creationTimestamp ?? '');
    if (ta !== tb) {
      const diff = logRank(ta, now) - logRank(tb, now);
      return diff === 0 ? (a.metadata.uid ?? '') < (b.metadata.uid ?? '') : diff < 0;
    }
    return false;
  };
  return (a, b) => (less(a, b) ? -1 : less(b, a) ? 1 : 0);
}

/** getPodsToDelete: the `diff` pods to remove, ranked by colocation with `related` pods. */
export function podsToDelete(active: Pod[], related: Pod[], diff: number, clock: Clock): Pod[] {
  if (diff >= active.length) return active;
  const perNode = new Map<string, number>();
  for (const p of related) if (isPodActive(p)) perNode.set(p.spec.nodeName ?? '', (perNode.get(p.spec.nodeName ?? '') ?? 0) + 1);
  const ranks = new Map<Pod, number>();
  for (const p of active) ranks.set(p, perNode.get(p.spec.nodeName ?? '') ?? 0);
  return [...active].sort(deletionOrder(ranks, clock)).slice(0, diff);
}
