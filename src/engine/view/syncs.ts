// kube-proxy syncs as the page sees them: one node's SyncRecord without its payload.

import type { SyncRecord } from '../proxy/index.ts';
import type { Simulation } from '../simulation.ts';
import type { SyncView } from './types.ts';

export function syncView(node: string, rec: SyncRecord): SyncView {
  return {
    node,
    at: rec.at,
    full: rec.full,
    ok: rec.ok,
    chainsWritten: [...rec.chainsWritten],
    chainsDeleted: [...rec.chainsDeleted],
    servicesWritten: [...rec.servicesWritten],
    rules: rec.ruleCount.filter + rec.ruleCount.nat,
  };
}

/** The node's kube-proxy's newest sync (undefined before the first one or without kube-proxy). */
export function lastSyncOf(sim: Simulation, node: string): SyncView | undefined {
  const rec = sim.kubeProxies?.proxier(node)?.lastSync;
  return rec ? syncView(node, rec) : undefined;
}
