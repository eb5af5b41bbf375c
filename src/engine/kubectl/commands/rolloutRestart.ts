// `kubectl rollout restart` (pkg/cmd/rollout/rollout_restart.go, ObjectRestarter): sets the pod
// template annotation kubectl.kubernetes.io/restartedAt to the (virtual) time, RFC 3339.

import type { KubeObject } from '../../api/types.ts';
import type { KubectlCommand } from '../types.ts';
import { fieldManagerFlag, filenameFlags, printFlags, selectorFlag } from '../mutate/flagDefs.ts';
import { type HelpFlag, renderHelp } from '../mutate/help.ts';
import { completeTypesAndNames } from '../mutate/complete.ts';
import { runPatchOp } from './rolloutPatch.ts';

export const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';

const flags: HelpFlag[] = [
  ...filenameFlags('identifying the resource to get from a server.'),
  fieldManagerFlag('kubectl-rollout'),
  selectorFlag,
  ...printFlags,
];

const help = renderHelp({
  long: `Restart a resource.

        Resource rollout will be restarted.`,
  examples: `  # Restart all deployments in the test-namespace namespace
  kubectl rollout restart deployment -n test-namespace
  
  # Restart a deployment
  kubectl rollout restart deployment/nginx
  
  # Restart a daemon set
  kubectl rollout restart daemonset/abc
  
  # Restart deployments with the app=nginx label
  kubectl rollout restart deployment --selector=app=nginx`,
  flags,
  usage: 'kubectl rollout restart RESOURCE [options]',
});

function restart(obj: KubeObject, now: string): { ok: true; obj: KubeObject } | { ok: false; error: string } {
  if (obj.kind !== 'Deployment' && obj.kind !== 'DaemonSet' && obj.kind !== 'StatefulSet') return { ok: false, error: 'restarting is not supported' };
  const spec = (obj.spec ?? {}) as { paused?: boolean; template?: { metadata?: { annotations?: Record<string, string> } } };
  if (obj.kind === 'Deployment' && spec.paused) return { ok: false, error: "can't restart paused deployment (run rollout resume first)" };
  const template = spec.template ?? {};
  const metadata = template.metadata ?? {};
  const next = { ...obj, spec: { ...spec, template: { ...template, metadata: { ...metadata, annotations: { ...(metadata.annotations ?? {}), [RESTARTED_AT]: now } } } } };
  return { ok: true, obj: next };
}

export const rolloutRestartCommand: KubectlCommand = {
  name: 'restart',
  short: 'Restart a resource',
  group: '',
  help,
  flags,
  run: (inv) =>
    runPatchOp(inv, {
      mutate: (obj) => restart(obj, inv.sim.clock.timestamp()),
      operation: 'restarted',
      unchanged: {
        error: (name) => `failed to create patch for ${name}: if restart has already been triggered within the past second, please wait before attempting to trigger another`,
      },
      actor: 'kubectl-rollout',
    }),
  complete: (words, sim) => completeTypesAndNames(words, sim, ['deployment', 'daemonset', 'statefulset']),
};
