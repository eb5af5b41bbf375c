// `kubectl cluster-info` (kubectl/pkg/cmd/clusterinfo, v1.33: plain text, no colours): the
// control plane address of the kind cluster's kubeconfig, then every Service labelled
// kubernetes.io/cluster-service=true in kube-system (or -n) with its API proxy URL.

import type { Service } from '../../api/types.ts';
import type { CommandResult } from '../../shell/types.ts';
import { createRng } from '../../sim/rng.ts';
import type { Simulation } from '../../simulation.ts';
import { flagString } from '../flags.ts';
import { renderHelp } from '../printers/helpText.ts';
import type { Invocation, KubectlCommand } from '../types.ts';

/**
 * The API server address in the kubeconfig `kind create cluster` writes: 127.0.0.1 and a host
 * port Docker picked from the ephemeral range, fixed per seed (derived without touching the
 * simulation's own random stream).
 */
export function apiServerURL(sim: Simulation): string {
  let h = 0x811c9dc5;
  for (const c of 'kind-apiserver-port') h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  const port = 32768 + createRng((sim.seed ^ h) >>> 0).int(60999 - 32768 + 1);
  return `https://127.0.0.1:${port}`;
}

/** utilnet.JoinSchemeNamePort: `[scheme:]name[:port]`. */
function joinSchemeNamePort(scheme: string, name: string, port: string): string {
  let s = name;
  if (scheme) s = `${scheme}:${s}`;
  if (port) s = `${s}:${port}`;
  return s;
}

function serviceLink(host: string, svc: Service): string {
  const ingress = svc.status?.loadBalancer?.ingress ?? [];
  if (ingress.length > 0) {
    const ip = ingress[0]!.ip || ingress[0]!.hostname || '';
    return (svc.spec.ports ?? []).map((p) => `http://${ip}:${p.port} `).join('');
  }
  let name = svc.metadata.name ?? '';
  const port = svc.spec.ports?.[0];
  if (port) name = joinSchemeNamePort(port.name === 'https' || port.port === 443 ? 'https' : '', name, port.name ?? '');
  return `${host}/api/v1/namespaces/${svc.metadata.namespace ?? ''}/services/${name}/proxy`;
}

function run(inv: Invocation): CommandResult {
  if (inv.args[0] === 'dump') return { stdout: '', stderr: "error: Proxyscope's kubectl does not implement cluster-info dump\n", exitCode: 1 };
  const namespace = flagString(inv.flags, 'namespace') || 'kube-system';
  const host = apiServerURL(inv.sim);
  let out = `Kubernetes control plane is running at ${host}\n`;
  const services = inv.sim.api.list<Service>('services', namespace, (o) => o.metadata.labels?.['kubernetes.io/cluster-service'] === 'true');
  for (const svc of services) {
    const name = svc.metadata.labels?.['kubernetes.io/name'] || svc.metadata.name || '';
    out += `${name} is running at ${serviceLink(host, svc)}\n`;
  }
  out += "\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n";
  return { stdout: out, stderr: '', exitCode: 0 };
}

export const clusterInfoCommand: KubectlCommand = {
  name: 'cluster-info',
  short: 'Display cluster information',
  group: 'Cluster Management Commands:',
  flags: [],
  help: renderHelp({
    long: "Display addresses of the control plane and services with label kubernetes.io/cluster-service=true. To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.",
    examples: ['# Print the address of the control plane and cluster services', 'kubectl cluster-info'],
    subcommands: [['dump', 'Dump relevant information for debugging and diagnosis']],
    flags: [],
    usage: 'kubectl cluster-info [flags]',
  }),
  run,
};
