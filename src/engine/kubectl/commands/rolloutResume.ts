// `kubectl rollout resume` (pkg/cmd/rollout/rollout_resume.go).

import type { KubectlCommand } from '../types.ts';
import { completeTypesAndNames } from '../mutate/complete.ts';
import { renderHelp } from '../mutate/help.ts';
import { pauseFlags, setPaused } from './rolloutPause.ts';
import { runPatchOp } from './rolloutPatch.ts';

const help = renderHelp({
  long: `Resume a paused resource.

 Paused resources will not be reconciled by a controller. By resuming a resource, we allow it to be reconciled again. Currently only deployments support being resumed.`,
  examples: `  # Resume an already paused deployment
  kubectl rollout resume deployment/nginx`,
  flags: pauseFlags,
  usage: 'kubectl rollout resume RESOURCE [options]',
});

export const rolloutResumeCommand: KubectlCommand = {
  name: 'resume',
  short: 'Resume a paused resource',
  group: '',
  help,
  flags: pauseFlags,
  run: (inv) => runPatchOp(inv, { mutate: (obj) => setPaused(obj, false), operation: 'resumed', unchanged: { print: 'already resumed' }, actor: 'kubectl-rollout' }),
  complete: (words, sim) => completeTypesAndNames(words, sim, ['deployment']),
};
