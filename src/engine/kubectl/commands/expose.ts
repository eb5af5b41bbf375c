// `kubectl expose TYPE NAME …` (pkg/cmd/expose/expose.go, polymorphichelpers): a Service
// whose selector, ports, protocols and labels come from the exposed object unless given.

import type { Container, KubeObject, LabelSelector, ServicePort } from '../../api/types.ts';
import type { CommandResult } from '../../shell/types.ts';
import { flagString } from '../flags.ts';
import type { Invocation, KubectlCommand } from '../types.ts';
import { completeTypesAndNames } from '../mutate/complete.ts';
import { type KError, checkErr, plainError, statusError } from '../mutate/errors.ts';
import { createOrUpdateAnnotation } from '../mutate/lastApplied.ts';
import { Output } from '../mutate/output.ts';
import { withDryRun } from '../mutate/printer.ts';
import { resolveTargets, targetNotFound } from '../mutate/targets.ts';
import { generatedMeta, generatorOptions } from './createCommon.ts';
import { exposeFlags, exposeHelp } from './exposeHelp.ts';

const EXPOSABLE = new Set(['Pod', 'Service', 'Deployment', 'ReplicaSet']);

/** MakeLabels / parseLabels round trip: `k=v,…` → map, with expose's own errors. */
function parseLabels(spec: string): { ok: true; labels: Record<string, string> } | { ok: false; error: string } {
  if (spec === '') return { ok: false, error: 'no label spec passed' };
  const labels: Record<string, string> = {};
  for (const part of spec.split(',')) {
    const kv = part.split('=');
    if (kv.length !== 2) return { ok: false, error: `unexpected label spec: ${part}` };
    if (kv[0] === '') return { ok: false, error: 'unexpected empty label key' };
    labels[kv[0]!] = kv[1]!;
  }
  return { ok: true, labels };
}

const makeLabels = (m: Record<string, string> | undefined): string => Object.entries(m ?? {}).map(([k, v]) => `${k}=${v}`).join(',');

/** mapBasedSelectorForObject. */
function selectorOf(obj: KubeObject): { ok: true; selector: string } | { ok: false; error: string } {
  const spec = (obj.spec ?? {}) as { selector?: LabelSelector | Record<string, string> };
  switch (obj.kind) {
    case 'Pod':
      if (Object.keys(obj.metadata.labels ?? {}).length === 0) return { ok: false, error: 'the pod has no labels and cannot be exposed' };
      return { ok: true, selector: makeLabels(obj.metadata.labels) };
    case 'Service':
      if (!spec.selector) return { ok: false, error: 'the service has no pod selector set' };
      return { ok: true, selector: makeLabels(spec.selector as Record<string, string>) };
    default: {
      const ls = spec.selector as LabelSelector | undefined;
      const what = obj.kind === 'Deployment' ? 'deployment' : 'replicaset';
      if (!ls || Object.keys(ls.matchLabels ?? {}).length === 0) return { ok: false, error: `invalid ${what}: no selectors, therefore cannot be exposed` };
      if ((ls.matchExpressions ?? []).length > 0) {
        const exprs = ls.matchExpressions!.map((e) => `{Key:${e.key} Operator:${e.operator} Values:[${(e.values ?? []).join(' ')}]}`).join(' ');
        return { ok: false, error: `couldn't convert expressions - "[${exprs}]" to map-based selector format` };
      }
      return { ok: true, selector: makeLabels(ls.matchLabels) };
    }
  }
}

/** The containers of a Pod or of a workload's template. */
function containersOf(obj: KubeObject): Container[] {
  if (obj.kind === 'Pod') return ((obj.spec as { containers?: Container[] })?.containers ?? []);
  return ((obj.spec as { template?: { spec?: { containers?: Container[] } } })?.template?.spec?.containers ?? []);
}

/** portsForObject and multiProtocolsForObject: ports (deduplicated, in order) and their protocols. */
function portsOf(obj: KubeObject): { ports: string[]; protocols: Map<string, string[]> } {
  const ports: string[] = [];
  const protocols = new Map<string, string[]>();
  const add = (port: number, protocol: string | undefined) => {
    const key = String(port);
    if (!ports.includes(key)) ports.push(key);
    protocols.set(key, [...(protocols.get(key) ?? []), protocol || 'TCP']);
  };
  if (obj.kind === 'Service') for (const p of ((obj.spec as { ports?: ServicePort[] })?.ports ?? [])) add(p.port, p.protocol);
  else for (const c of containersOf(obj)) for (const p of c.ports ?? []) add(p.containerPort, p.protocol);
  return { ports, protocols };
}

interface ExposeInput {
  name: string;
  selector: string;
  labels: string;
  ports: string[];
  protocols: Map<string, string[]>;
}

/** ExposeServiceOptions.createService. */
function buildService(inv: Invocation, e: ExposeInput): { ok: true; obj: KubeObject } | { ok: false; error: string } {
  const selector = parseLabels(e.selector);
  if (!selector.ok) return selector;
  let labels: Record<string, string> | undefined;
  if (e.labels) {
    const l = parseLabels(e.labels);
    if (!l.ok) return l;
    labels = l.labels;
  }
  const protocolFlag = flagString(inv.flags, 'protocol') ?? '';
  const ports: ServicePort[] = [];
  for (const [i, p] of e.ports.entries()) {
    if (!/^[+-]?[0-9]+$/.test(p)) return { ok: false, error: `strconv.Atoi: parsing "${p}": invalid syntax` };
    const port = Number(p);
    const name = e.ports.length > 1 ? `port-${i + 1}` : '';
    let protocol = protocolFlag;
    if (!protocol) {
      protocol = 'TCP';
      const known = e.protocols.get(p);
      if (known && known.length === 1) protocol = known[0]!;
      else if (known && known.length > 1) {
        for (const proto of known) ports.push({ name: `port-${i + 1}-${proto.toLowerCase()}`, protocol: proto as ServicePort['protocol'], port });
        continue;
      }
    }
    ports.push({ ...(name ? { name } : {}), protocol: protocol as ServicePort['protocol'], port });
  }
  const targetPort = flagString(inv.flags, 'target-port') ?? '';
  for (const sp of ports) sp.targetPort = targetPort ? (/^[+-]?[0-9]+$/.test(targetPort) ? Number(targetPort) : targetPort) : sp.port;
  const spec: Record<string, unknown> = { ports, selector: selector.labels };
  const externalIP = flagString(inv.flags, 'external-ip') ?? '';
  if (externalIP) spec.externalIPs = [externalIP];
  const type = flagString(inv.flags, 'type') ?? '';
  if (type) spec.type = type;
  if (type === 'LoadBalancer' && flagString(inv.flags, 'load-balancer-ip')) spec.loadBalancerIP = flagString(inv.flags, 'load-balancer-ip');
  const affinity = flagString(inv.flags, 'session-affinity') ?? '';
  if (affinity) {
    if (affinity !== 'None' && affinity !== 'ClientIP') return { ok: false, error: `unknown session affinity: ${affinity}` };
    spec.sessionAffinity = affinity;
  }
  const clusterIP = flagString(inv.flags, 'cluster-ip') ?? '';
  if (clusterIP) spec.clusterIP = clusterIP;
  if (ports.length === 0) delete spec.ports;
  return {
    ok: true,
    obj: { apiVersion: 'v1', kind: 'Service', metadata: generatedMeta({ name: e.name, ...(labels ? { labels } : {}) }), spec, status: { loadBalancer: {} } },
  };
}

function runExpose(inv: Invocation): CommandResult {
  const out = new Output();
  const g = generatorOptions(inv);
  if (!g.ok) return g.result;
  const resolved = resolveTargets(inv, inv.args, { fileObjects: true });
  if (!resolved.ok) return out.fail(checkErr(resolved.errors));
  const errors: KError[] = [...resolved.errors];
  let portFlag = flagString(inv.flags, 'port') ?? '';
  let selectorFlag = flagString(inv.flags, 'selector') ?? '';
  for (const t of resolved.targets) {
    if (!t.obj) {
      errors.push(targetNotFound(inv, t));
      continue;
    }
    const obj = t.obj;
    if (!EXPOSABLE.has(obj.kind)) {
      errors.push(plainError(`cannot expose a ${t.resource.group ? `${obj.kind}.${t.resource.group}` : obj.kind}`));
      continue;
    }
    if (!selectorFlag) {
      const s = selectorOf(obj);
      if (!s.ok) {
        errors.push(plainError(`couldn't retrieve selectors via --selector flag or introspection: ${s.error}`));
        continue;
      }
      selectorFlag = s.selector;
    }
    const found = portsOf(obj);
    let ports = portFlag ? portFlag.split(',') : [];
    if (!portFlag) {
      if (found.ports.length === 0 && (flagString(inv.flags, 'cluster-ip') ?? '') !== 'None') {
        errors.push(plainError("couldn't find port via --port flag or introspection"));
        continue;
      }
      if (found.ports.length === 1) portFlag = found.ports[0]!;
      ports = found.ports;
    }
    const built = buildService(inv, {
      name: flagString(inv.flags, 'name') || t.name.slice(0, 63),
      selector: selectorFlag,
      labels: flagString(inv.flags, 'labels') || makeLabels(obj.metadata.labels),
      ports,
      protocols: found.protocols,
    });
    if (!built.ok) {
      errors.push(plainError(built.error));
      continue;
    }
    let svc = built.obj;
    if (g.opts.dryRun === 'client') {
      if (inv.namespaceExplicit) svc.metadata.namespace = inv.namespace;
    } else {
      svc = createOrUpdateAnnotation(g.opts.saveConfig, svc);
      const r = inv.sim.api.create('services', { ...svc, metadata: { ...svc.metadata, namespace: inv.namespace } }, { actor: 'kubectl-expose', dryRun: g.opts.dryRun === 'server' });
      if (!r.ok) {
        errors.push(statusError(r.status));
        continue;
      }
      svc = r.object;
    }
    const p = g.opts.printer.print(svc, withDryRun('exposed', g.opts.dryRun));
    if (!p.ok) return out.fail(p.error);
    out.out(p.text);
  }
  return errors.length > 0 ? out.fail(checkErr(errors)) : out.result(0);
}

export const exposeCommand: KubectlCommand = {
  name: 'expose',
  short: 'Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service',
  group: 'Basic Commands (Beginner):',
  help: exposeHelp,
  flags: exposeFlags,
  run: runExpose,
  complete: (words, sim) => completeTypesAndNames(words, sim, ['pod', 'service', 'replicationcontroller', 'deployment', 'replicaset']),
};
