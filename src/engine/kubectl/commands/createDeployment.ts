// `kubectl create deployment NAME --image=… [--replicas] [--port] [-- COMMAND…]`
// (pkg/cmd/create/create_deployment.go): the Deployment exactly as kubectl generates it.

import type { Container, KubeObject } from '../../api/types.ts';
import type { Simulation } from '../../simulation.ts';
import { flagAll, flagInt } from '../flags.ts';
import type { Invocation, KubectlCommand } from '../types.ts';
import { dryRunFlag, fieldManagerFlag, printFlags, saveConfigFlag, validateFlag } from '../mutate/flagDefs.ts';
import { type HelpFlag, renderHelp } from '../mutate/help.ts';
import { failure } from '../mutate/output.ts';
import { createGenerated, generatedMeta, generatorOptions, nameFromArgs, requiredFlags } from './createCommon.ts';

const PATH = 'kubectl create deployment';

const flags: HelpFlag[] = [
  ...printFlags,
  saveConfigFlag,
  validateFlag,
  dryRunFlag,
  { name: 'image', type: 'stringArray', description: 'Image names to run. A deployment can have multiple images set for multi-container pod.' },
  { name: 'port', type: 'int', default: '-1', description: 'The containerPort that this deployment exposes.' },
  { name: 'replicas', short: 'r', type: 'int', default: '1', description: 'Number of replicas to create. Default is 1.' },
  fieldManagerFlag('kubectl-create'),
];

const help = renderHelp({
  long: 'Create a deployment with the specified name.',
  name: 'deployment',
  aliases: ['deploy'],
  examples: `  # Create a deployment named my-dep that runs the busybox image
  kubectl create deployment my-dep --image=busybox
  
  # Create a deployment with a command
  kubectl create deployment my-dep --image=busybox -- date
  
  # Create a deployment named my-dep that runs the nginx image with 3 replicas
  kubectl create deployment my-dep --image=nginx --replicas=3
  
  # Create a deployment named my-dep that runs the busybox image and expose port 5701
  kubectl create deployment my-dep --image=busybox --port=5701
  
  # Create a deployment named my-dep that runs multiple containers
  kubectl create deployment my-dep --image=busybox:latest --image=ubuntu:latest --image=nginx`,
  flags,
  usage: 'kubectl create deployment NAME --image=image -- [COMMAND] [args...] [options]',
});

/** The container name kubectl derives from an image: basename, no tag or digest. */
export function containerNameFor(image: string, sim: Simulation): string {
  let name = image.split('/').at(-1) ?? image;
  if (name.includes(':')) name = name.split(':')[0]!;
  if (name.includes('@')) name = name.split('@')[0]!;
  // sanitizeAndUniquify: "_" and "." are not DNS-1123; kubectl replaces them and adds a suffix.
  if (/[_.]/.test(name)) name = `${name.replace(/_/g, '-').replace(/\./g, '-')}-${sim.rng.string('bcdfghjklmnpqrstvwxz2456789', 5)}`;
  return name;
}

/** createDeployment(): the typed object as it serialises (zero values included). */
export function buildDeployment(name: string, images: string[], replicas: number, port: number, command: string[], sim: Simulation): KubeObject {
  const labels = { app: name };
  const containers: Container[] = images.map((image) => ({
    name: containerNameFor(image, sim),
    image,
    ...(command.length > 0 ? { command } : {}),
    resources: {},
  }));
  if (port >= 0 && containers.length > 0) containers[0] = { ...containers[0]!, ports: [{ containerPort: port }] };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: generatedMeta({ name, labels }),
    spec: {
      replicas,
      selector: { matchLabels: { ...labels } },
      template: { metadata: generatedMeta({ labels: { ...labels } }), spec: { containers } },
      strategy: {},
    },
    status: {},
  };
}

function run(inv: Invocation): ReturnType<KubectlCommand['run']> {
  const missing = requiredFlags(inv, ['image']);
  if (missing) return missing;
  const n = nameFromArgs(inv, PATH);
  if (!n.ok) return n.result;
  const command = inv.args.slice(1);
  const g = generatorOptions(inv);
  if (!g.ok) return g.result;
  const images = flagAll(inv.flags, 'image').flatMap((v) => v.split(','));
  if (images.length > 1 && command.length > 0) return failure('error: cannot specify multiple --image options and command\n');
  const replicas = flagInt(inv.flags, 'replicas') ?? 1;
  const port = flagInt(inv.flags, 'port') ?? -1;
  const obj = buildDeployment(n.name, images, replicas, port, command, inv.sim);
  return createGenerated(inv, 'deployments', obj, g.opts, 'kubectl-create', (s) => `error: failed to create deployment: ${s.message}\n`);
}

export const createDeploymentCommand: KubectlCommand = {
  name: 'deployment',
  aliases: ['deploy'],
  short: 'Create a deployment with the specified name',
  group: '',
  help,
  flags,
  run,
};
