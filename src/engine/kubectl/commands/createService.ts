// `kubectl create service clusterip|nodeport|loadbalancer|externalname NAME …`
// (pkg/cmd/create/create_service.go): the Service exactly as kubectl generates it.

import { isDNS1123Subdomain, isValidPortName, isValidPortNum } from '../../api/kinds/names.ts';
import type { KubeObject, ServicePort } from '../../api/types.ts';
import { flagAll, flagInt, flagString } from '../flags.ts';
import type { Invocation, KubectlCommand } from '../types.ts';
import { dryRunFlag, fieldManagerFlag, printFlags, saveConfigFlag, validateFlag } from '../mutate/flagDefs.ts';
import { type HelpFlag, renderHelp } from '../mutate/help.ts';
import { failure } from '../mutate/output.ts';
import { completeSubcommands, defaultSubCommandRun, runSubcommand, unionFlags, type ParentCommand } from '../mutate/subcommands.ts';
import { createGenerated, generatedMeta, generatorOptions, nameFromArgs, requiredFlags } from './createCommon.ts';

type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';

const tcpFlag: HelpFlag = { name: 'tcp', type: 'stringArray', description: "Port pairs can be specified as '<port>:<targetPort>'." };
const common: HelpFlag[] = [...printFlags, saveConfigFlag, validateFlag, fieldManagerFlag('kubectl-create'), dryRunFlag];

/** parsePorts: `port[:targetPort]`, targetPort a number or a port name. */
function parsePorts(spec: string): { ok: true; port: number; targetPort: number | string } | { ok: false; error: string } {
  const parts = spec.split(':');
  const first = parts[0]!;
  // utilsnet.ParsePort → strconv.ParseUint(s, 10, 16)
  if (!/^[0-9]+$/.test(first)) return { ok: false, error: `strconv.ParseUint: parsing "${first}": invalid syntax` };
  const port = Number(first);
  if (port > 65535) return { ok: false, error: `strconv.ParseUint: parsing "${first}": value out of range` };
  if (parts.length === 1) return { ok: true, port, targetPort: port };
  const t = parts[1]!;
  if (/^[+-]?[0-9]+$/.test(t)) {
    const errs = isValidPortNum(Number(t));
    return errs.length > 0 ? { ok: false, error: errs.join(',') } : { ok: true, port, targetPort: Number(t) };
  }
  const errs = isValidPortName(t);
  return errs.length > 0 ? { ok: false, error: errs.join(',') } : { ok: true, port, targetPort: t };
}

/** createService(): the typed object as it serialises (zero values included). */
export function buildService(name: string, type: ServiceType, tcp: string[], nodePort: number, clusterIP: string, externalName: string): { ok: true; obj: KubeObject } | { ok: false; error: string } {
  const ports: ServicePort[] = [];
  for (const spec of tcp) {
    const p = parsePorts(spec);
    if (!p.ok) return p;
    ports.push({ name: spec.replace(/:/g, '-'), protocol: 'TCP', port: p.port, targetPort: p.targetPort, ...(nodePort ? { nodePort } : {}) });
  }
  const spec: Record<string, unknown> = { ...(ports.length > 0 ? { ports } : {}), selector: { app: name }, ...(clusterIP ? { clusterIP } : {}), type };
  if (externalName) spec.externalName = externalName;
  return {
    ok: true,
    obj: {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: generatedMeta({ name, labels: { app: name } }),
      spec,
      status: { loadBalancer: {} },
    },
  };
}

function serviceRun(type: ServiceType, path: string) {
  return (inv: Invocation): ReturnType<KubectlCommand['run']> => {
    if (type === 'ExternalName') {
      const missing = requiredFlags(inv, ['external-name']);
      if (missing) return missing;
    }
    const n = nameFromArgs(inv, path);
    if (!n.ok) return n.result;
    const g = generatorOptions(inv);
    if (!g.ok) return g.result;
    const tcp = flagAll(inv.flags, 'tcp').flatMap((v) => v.split(','));
    const clusterIP = type === 'ClusterIP' ? (flagString(inv.flags, 'clusterip') ?? '') : '';
    const externalName = flagString(inv.flags, 'external-name') ?? '';
    if (clusterIP !== 'None' && tcp.length === 0 && type !== 'ExternalName') return failure('error: at least one tcp port specifier must be provided\n');
    if (type === 'ExternalName' && isDNS1123Subdomain(externalName).length > 0) return failure(`error: invalid service external name ${externalName}\n`);
    const built = buildService(n.name, type, tcp, type === 'NodePort' ? (flagInt(inv.flags, 'node-port') ?? 0) : 0, clusterIP, externalName);
    if (!built.ok) return failure(`error: ${built.error}\n`);
    return createGenerated(inv, 'services', built.obj, g.opts, 'kubectl-create', (s) => `error: failed to create ${type} service: ${s.message}\n`);
  };
}

function sub(name: string, type: ServiceType, flags: HelpFlag[], short: string, long: string, examples: string, use: string): KubectlCommand {
  const path = `kubectl create service ${name}`;
  return {
    name,
    short,
    group: '',
    help: renderHelp({ long, examples, flags, usage: `kubectl create service ${use} [options]` }),
    flags,
    run: serviceRun(type, path),
  };
}

const clusterip = sub(
  'clusterip',
  'ClusterIP',
  [...common, tcpFlag, { name: 'clusterip', type: 'string', description: "Assign your own ClusterIP or set to 'None' for a 'headless' service (no loadbalancing)." }],
  'Create a ClusterIP service',
  'Create a ClusterIP service with the specified name.',
  `  # Create a new ClusterIP service named my-cs
  kubectl create service clusterip my-cs --tcp=5678:8080
  
  # Create a new ClusterIP service named my-cs (in headless mode)
  kubectl create service clusterip my-cs --clusterip="None"`,
  'clusterip NAME [--tcp=<port>:<targetPort>] [--dry-run=server|client|none]',
);

const nodeport = sub(
  'nodeport',
  'NodePort',
  [...common, tcpFlag, { name: 'node-port', type: 'int', description: 'Port used to expose the service on each node in a cluster.' }],
  'Create a NodePort service',
  'Create a NodePort service with the specified name.',
  `  # Create a new NodePort service named my-ns
  kubectl create service nodeport my-ns --tcp=5678:8080`,
  'nodeport NAME [--tcp=port:targetPort] [--dry-run=server|client|none]',
);

const loadbalancer = sub(
  'loadbalancer',
  'LoadBalancer',
  [...common, tcpFlag],
  'Create a LoadBalancer service',
  'Create a LoadBalancer service with the specified name.',
  `  # Create a new LoadBalancer service named my-lbs
  kubectl create service loadbalancer my-lbs --tcp=5678:8080`,
  'loadbalancer NAME [--tcp=port:targetPort] [--dry-run=server|client|none]',
);

const externalname = sub(
  'externalname',
  'ExternalName',
  [...common, tcpFlag, { name: 'external-name', type: 'string', description: 'External name of service' }],
  'Create an ExternalName service',
  `Create an ExternalName service with the specified name.

 ExternalName service references to an external DNS address instead of only pods, which will allow application authors to reference services that exist off platform, on other clusters, or locally.`,
  `  # Create a new ExternalName service named my-ns
  kubectl create service externalname my-ns --external-name bar.com`,
  'externalname NAME --external-name external.name [--dry-run=server|client|none]',
);

const subcommands = [clusterip, externalname, loadbalancer, nodeport];

const help = renderHelp({
  long: 'Create a service using a specified subcommand.',
  name: 'service',
  aliases: ['svc'],
  subcommands: subcommands.map((c) => ({ name: c.name, short: c.short })),
  flags: [],
  usage: 'kubectl create service [flags] [options]',
  commandPath: 'kubectl create service',
});

export const createServiceCommand: ParentCommand = {
  name: 'service',
  aliases: ['svc'],
  short: 'Create a service using a specified subcommand',
  group: '',
  help,
  flags: unionFlags([], subcommands),
  subcommands,
  run: (inv) => runSubcommand(inv, 'kubectl create service', subcommands) ?? defaultSubCommandRun(inv, 'kubectl create service', help, 2),
  complete: (words, sim) => completeSubcommands(words, sim, subcommands),
};
