// Reads a scenario file (YAML: topology + manifests) into a Scenario. Errors are values.

import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../api/types.ts';
import type { Scenario, ScenarioNode } from './types.ts';

type Result = { ok: true; scenario: Scenario } | { ok: false; error: string };

export function loadScenario(text: string, source = 'scenario'): Result {
  const docs = parseAllDocuments(text);
  const first = docs[0];
  if (!first || first.errors.length > 0) return { ok: false, error: `${source}: ${first?.errors[0]?.message ?? 'empty scenario'}` };
  const head = first.toJS() as Record<string, unknown> | null;
  if (!head || typeof head !== 'object') return { ok: false, error: `${source}: the first document must be the scenario header` };
  const objects: KubeObject[] = [];
  for (const doc of docs.slice(1)) {
    if (doc.errors.length > 0) return { ok: false, error: `${source}: ${doc.errors[0]!.message}` };
    const obj = doc.toJS() as KubeObject | null;
    if (obj === null) continue;
    if (typeof obj !== 'object' || !obj.kind || !obj.apiVersion || !obj.metadata) return { ok: false, error: `${source}: every manifest needs apiVersion, kind and metadata` };
    objects.push(obj);
  }
  const cluster = (head.cluster ?? {}) as Record<string, unknown>;
  const nodes = (head.nodes ?? []) as Partial<ScenarioNode>[];
  if (!Array.isArray(nodes) || nodes.length === 0) return { ok: false, error: `${source}: a scenario needs at least one node` };
  for (const n of nodes) {
    if (!n.name || !n.ip || !n.podCIDR) return { ok: false, error: `${source}: every node needs name, ip and podCIDR` };
  }
  const epochMs = Date.parse(String(head.epoch ?? '2026-01-01T00:00:00Z'));
  if (Number.isNaN(epochMs)) return { ok: false, error: `${source}: epoch must be an RFC 3339 time` };
  const range = String(cluster.nodePortRange ?? '30000-32767').split('-').map(Number);
  return {
    ok: true,
    scenario: {
      name: String(head.name ?? source),
      description: String(head.description ?? ''),
      epochMs,
      clusterName: String(cluster.name ?? 'kind'),
      kubernetesVersion: String(cluster.kubernetesVersion ?? 'v1.33.1'),
      serviceCIDR: String(cluster.serviceCIDR ?? '10.96.0.0/12'),
      clusterCIDR: String(cluster.clusterCIDR ?? '10.244.0.0/16'),
      nodePortRange: [range[0] ?? 30000, range[1] ?? 32767],
      nodes: nodes.map((n) => ({
        name: n.name!,
        ip: n.ip!,
        podCIDR: n.podCIDR!,
        roles: n.roles ?? [],
        maxPods: n.maxPods ?? 110,
        ...(n.zone ? { zone: n.zone } : {}),
        ...(n.labels ? { labels: n.labels } : {}),
        ...(n.joinAfterSeconds ? { joinAfterSeconds: n.joinAfterSeconds } : {}),
      })),
      objects,
    },
  };
}
