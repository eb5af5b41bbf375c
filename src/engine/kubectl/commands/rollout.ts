// `kubectl rollout SUBCOMMAND` (pkg/cmd/rollout/rollout.go).

import type { KubectlCommand } from '../types.ts';
import { renderHelp } from '../mutate/help.ts';
import { completeSubcommands, defaultSubCommandRun, runSubcommand, unionFlags, type ParentCommand } from '../mutate/subcommands.ts';
import { rolloutHistoryCommand } from './rolloutHistory.ts';
import { rolloutPauseCommand } from './rolloutPause.ts';
import { rolloutRestartCommand } from './rolloutRestart.ts';
import { rolloutResumeCommand } from './rolloutResume.ts';
import { rolloutStatusCommand } from './rolloutStatus.ts';
import { rolloutUndoCommand } from './rolloutUndo.ts';

const subcommands: KubectlCommand[] = [rolloutHistoryCommand, rolloutPauseCommand, rolloutRestartCommand, rolloutResumeCommand, rolloutStatusCommand, rolloutUndoCommand];

const help = renderHelp({
  long: `Manage the rollout of one or many resources.
        
 Valid resource types include:

  *  deployments
  *  daemonsets
  *  statefulsets`,
  examples: `  # Rollback to the previous deployment
  kubectl rollout undo deployment/abc
  
  # Check the rollout status of a daemonset
  kubectl rollout status daemonset/foo
  
  # Restart a deployment
  kubectl rollout restart deployment/abc
  
  # Restart deployments with the 'app=nginx' label
  kubectl rollout restart deployment --selector=app=nginx`,
  subcommands: subcommands.map((c) => ({ name: c.name, short: c.short })),
  flags: [],
  usage: 'kubectl rollout SUBCOMMAND [options]',
  commandPath: 'kubectl rollout',
});

export const rolloutCommand: ParentCommand = {
  name: 'rollout',
  short: 'Manage the rollout of a resource',
  group: 'Deploy Commands:',
  help,
  flags: unionFlags([], subcommands),
  subcommands,
  run: (inv) => runSubcommand(inv, 'kubectl rollout', subcommands) ?? defaultSubCommandRun(inv, 'kubectl rollout', help, 1),
  complete: (words, sim) => completeSubcommands(words, sim, subcommands),
};
