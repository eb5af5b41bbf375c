// `kubectl rollout pause` (pkg/cmd/rollout/rollout_pause.go): spec.paused of a Deployment.

import type { KubeObject } from '../../api/types.ts';
import type { KubectlCommand } from '../types.ts';
import { completeTypesAndNames } from '../mutate/complete.ts';
import { fieldManagerFlag, filenameFlags, printFlags, selectorFlag } from '../mutate/flagDefs.ts';
import { type HelpFlag, renderHelp } from '../mutate/help.ts';
import { runPatchOp } from './rolloutPatch.ts';

export const pauseFlags: HelpFlag[] = [
  ...printFlags,
  ...filenameFlags('identifying the resource to get from a server.'),
  fieldManagerFlag('kubectl-rollout'),
  selectorFlag,
];

const help = renderHelp({
  long: `Mark the provided resource as paused.

 Paused resources will not be reconciled by a controller. Use "kubectl rollout resume" to resume a paused resource. Currently only deployments support being paused.`,
  examples: `  # Mark the nginx deployment as paused
  # Any current state of the deployment will continue its function; new updates
  # to the deployment will not have an effect as long as the deployment is paused
  kubectl rollout pause deployment/nginx`,
  flags: pauseFlags,
  usage: 'kubectl rollout pause RESOURCE [options]',
});

/** ObjectPauser / ObjectResumer: only Deployments can be paused. */
export function setPaused(obj: KubeObject, paused: boolean): { ok: true; obj: KubeObject } | { ok: false; error: string } {
  if (obj.kind !== 'Deployment') return { ok: false, error: `${paused ? 'pausing' : 'resuming'} is not supported` };
  const spec = (obj.spec ?? {}) as { paused?: boolean };
  if (!!spec.paused === paused) return { ok: false, error: paused ? 'is already paused' : 'is not paused' };
  const next: Record<string, unknown> = { ...spec };
  if (paused) next.paused = true;
  else delete next.paused;
  return { ok: true, obj: { ...obj, spec: next } };
}

export const rolloutPauseCommand: KubectlCommand = {
  name: 'pause',
  short: 'Mark the provided resource as paused',
  group: '',
  help,
  flags: pauseFlags,
  run: (inv) => runPatchOp(inv, { mutate: (obj) => setPaused(obj, true), operation: 'paused', unchanged: { print: 'already paused' }, actor: 'kubectl-rollout' }),
  complete: (words, sim) => completeTypesAndNames(words, sim, ['deployment']),
};
