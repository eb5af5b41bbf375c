// kubectl subcommands that change the cluster (apply, create, expose, scale, delete, …).
import type { KubectlCommand } from '../types.ts';
import { annotateCommand } from './annotate.ts';
import { applyCommand } from './apply.ts';
import { cordonCommand, uncordonCommand } from './cordon.ts';
import { createCommand } from './create.ts';
import { deleteCommand } from './delete.ts';
import { drainCommand } from './drain.ts';
import { exposeCommand } from './expose.ts';
import { labelCommand } from './label.ts';
import { patchCommand } from './patch.ts';
import { rolloutCommand } from './rollout.ts';
import { runCommand } from './run.ts';
import { scaleCommand } from './scale.ts';

/** In the order `kubectl --help` lists them within their groups. */
export const writeCommands: KubectlCommand[] = [
  createCommand,
  exposeCommand,
  runCommand,
  deleteCommand,
  rolloutCommand,
  scaleCommand,
  cordonCommand,
  uncordonCommand,
  drainCommand,
  applyCommand,
  patchCommand,
  labelCommand,
  annotateCommand,
];
