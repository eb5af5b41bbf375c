// `kubectl run NAME --image=… [--port] [--labels] [--env] [--restart] [--command] -- …`
// (pkg/cmd/run/run.go). Attaching (-i/-t/--attach/--rm) and --expose are not simulated.

import { kubectlErrorMessage } from '../../api/fieldErrors.ts';
import { flagAll, flagBool, flagString } from '../flags.ts';
import type { Invocation, KubectlCommand } from '../types.ts';
import { dryRunFlag, fieldManagerFlag, printFlags, recordFlag, saveConfigFlag } from '../mutate/flagDefs.ts';
import { type HelpFlag, renderHelp } from '../mutate/help.ts';
import { failure, usageError } from '../mutate/output.ts';
import { parsePairs } from '../mutate/pairs.ts';
import { argsLenAtDash, createGenerated, generatorOptions, requiredFlags } from './createCommon.ts';
import { buildRunPod, isValidImageReference, parseEnvs, parseLabelSpec } from './runPod.ts';

const PATH = 'kubectl run';

const flags: HelpFlag[] = [
  ...printFlags,
  recordFlag,
  dryRunFlag,
  { name: 'annotations', type: 'stringArray', description: 'Annotations to apply to the pod.' },
  { name: 'image', type: 'string', description: 'The image for the container to run.' },
  {
    name: 'image-pull-policy',
    type: 'string',
    description: 'The image pull policy for the container.  If left empty, this value will not be specified by the client and defaulted by the server.',
  },
  { name: 'env', type: 'stringArray', description: 'Environment variables to set in the container.' },
  { name: 'port', type: 'string', description: 'The port that this container exposes.' },
  { name: 'labels', short: 'l', type: 'string', description: 'Comma separated labels to apply to the pod. Will override previous values.' },
  { name: 'restart', type: 'string', default: 'Always', description: 'The restart policy for this Pod.  Legal values [Always, OnFailure, Never].' },
  {
    name: 'command',
    type: 'bool',
    description: "If true and extra arguments are present, use them as the 'command' field in the container, rather than the 'args' field which is the default.",
  },
  { name: 'privileged', type: 'bool', description: 'If true, run the container in privileged mode.' },
  fieldManagerFlag('kubectl-run'),
  saveConfigFlag,
];

const help = renderHelp({
  long: 'Create and run a particular image in a pod.',
  examples: `  # Start a nginx pod
  kubectl run nginx --image=nginx
  
  # Start a hazelcast pod and let the container expose port 5701
  kubectl run hazelcast --image=hazelcast/hazelcast --port=5701
  
  # Start a hazelcast pod and set environment variables "DNS_DOMAIN=cluster" and "POD_NAMESPACE=default" in the container
  kubectl run hazelcast --image=hazelcast/hazelcast --env="DNS_DOMAIN=cluster" --env="POD_NAMESPACE=default"
  
  # Start a hazelcast pod and set labels "app=hazelcast" and "env=prod" in the container
  kubectl run hazelcast --image=hazelcast/hazelcast --labels="app=hazelcast,env=prod"
  
  # Dry run; print the corresponding API objects without creating them
  kubectl run nginx --image=nginx --dry-run=client
  
  # Start a nginx pod, but overload the spec with a partial set of values parsed from JSON
  kubectl run nginx --image=nginx --overrides='{ "apiVersion": "v1", "spec": { ... } }'
  
  # Start a busybox pod and keep it in the foreground, don't restart it if it exits
  kubectl run -i -t busybox --image=busybox --restart=Never
  
  # Start the nginx pod using the default command, but use custom arguments (arg1 .. argN) for that command
  kubectl run nginx --image=nginx -- <arg1> <arg2> ... <argN>
  
  # Start the nginx pod using a different command and custom arguments
  kubectl run nginx --image=nginx --command -- <cmd> <arg1> ... <argN>`,
  flags,
  usage: 'kubectl run NAME --image=image [--env="key=value"] [--port=port] [--dry-run=server|client] [--overrides=inline-json] [--command] -- [COMMAND] [args...] [options]',
});

function run(inv: Invocation): ReturnType<KubectlCommand['run']> {
  const missing = requiredFlags(inv, ['image']);
  if (missing) return missing;
  const g = generatorOptions(inv);
  if (!g.ok) return g.result;
  if (inv.args.length === 0 || argsLenAtDash(inv) === 0) return failure(usageError(PATH, 'NAME is required for run'));
  const image = flagString(inv.flags, 'image') ?? '';
  if (image === '') return failure('error: --image is required\n');
  if (!isValidImageReference(image)) return failure(`error: Invalid image name "${image}": invalid reference format\n`);
  const restart = flagString(inv.flags, 'restart') ?? 'Always';
  const restartPolicy = restart === '' ? 'Always' : restart;
  if (!['Always', 'OnFailure', 'Never'].includes(restartPolicy)) return failure(usageError(PATH, `invalid restart policy: ${restart}`));
  const pullPolicy = flagString(inv.flags, 'image-pull-policy') ?? '';
  if (!['', 'Always', 'IfNotPresent', 'Never'].includes(pullPolicy)) return failure(usageError(PATH, `invalid image pull policy: ${pullPolicy}`));

  const name = inv.args[0]!;
  const env = parseEnvs(flagAll(inv.flags, 'env'));
  if (!env.ok) return failure(`error: ${env.error}\n`);
  const annotations = parsePairs(flagAll(inv.flags, 'annotations'), 'annotations', false);
  if (!annotations.ok) return failure(`error: ${annotations.error}\n`);
  const labelSpec = flagString(inv.flags, 'labels') ?? '';
  const labels = labelSpec ? parseLabelSpec(labelSpec) : { ok: true as const, labels: { run: name } };
  if (!labels.ok) return failure(`error: ${labels.error}\n`);
  const portText = flagString(inv.flags, 'port') ?? '';
  let port: number | undefined;
  if (portText !== '') {
    if (!/^[+-]?[0-9]+$/.test(portText)) return failure(`error: strconv.Atoi: parsing "${portText}": invalid syntax\n`);
    port = Number(portText);
  }
  const pod = buildRunPod({
    name,
    image,
    labels: labels.labels,
    annotations: Object.fromEntries(annotations.set),
    env: env.env,
    args: inv.args.slice(1),
    command: flagBool(inv.flags, 'command'),
    ...(port !== undefined ? { port } : {}),
    restart: restartPolicy,
    imagePullPolicy: pullPolicy,
    privileged: flagBool(inv.flags, 'privileged'),
  });
  return createGenerated(inv, 'pods', pod, g.opts, 'kubectl-run', kubectlErrorMessage);
}

export const runCommand: KubectlCommand = {
  name: 'run',
  short: 'Run a particular image on the cluster',
  group: 'Basic Commands (Beginner):',
  help,
  flags,
  run,
};
