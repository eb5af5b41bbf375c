// kubectl subcommands that read (get, describe, api-resources, version, cluster-info, …).
import type { KubectlCommand } from '../types.ts';

export const readCommands: KubectlCommand[] = [];
