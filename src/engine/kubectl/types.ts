// The contract of one kubectl subcommand (`kubectl get`, `kubectl scale`, …).

import type { CommandContext, CommandResult } from '../shell/types.ts';
import type { Simulation } from '../simulation.ts';
import type { FlagDef, FlagValues } from './flags.ts';

export interface Invocation {
  sim: Simulation;
  /** Parsed flags of the subcommand and kubectl's global flags. */
  flags: FlagValues;
  /** Positional arguments after the subcommand name (`get pods x` → ["pods", "x"]). */
  args: string[];
  /** `-n` value, or the current context's namespace ("default"). */
  namespace: string;
  /** True when `-n/--namespace` was given. */
  namespaceExplicit: boolean;
  /** The shell context: stdin, files, env, nested runs. */
  shell: CommandContext<Simulation>;
}

export interface KubectlCommand {
  name: string;
  aliases?: string[];
  /** One line for `kubectl --help`. */
  short: string;
  /** Section of `kubectl --help` ("Basic Commands (Beginner):", …). */
  group: string;
  /** Whole `kubectl <name> --help` text, ending with a newline. */
  help: string;
  flags: FlagDef[];
  run(inv: Invocation): CommandResult;
  /** Completion of the last word; `words` starts after the subcommand name. */
  complete?(words: string[], sim: Simulation): string[];
  /** Nested commands (`create deployment`, `rollout status`); the parent's run dispatches. */
  subcommands?: KubectlCommand[];
}
