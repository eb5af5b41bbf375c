// kubectl subcommands that change the cluster (apply, create, expose, scale, delete, …).
import type { KubectlCommand } from '../types.ts';

export const writeCommands: KubectlCommand[] = [];
