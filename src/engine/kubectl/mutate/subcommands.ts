// Commands with subcommands (`create deployment`, `create service clusterip`, `rollout
// status`). kubectl.ts dispatches on the first word only, so a parent command accepts the
// union of its subcommands' flags and hands over to the subcommand named by its first
// argument, refusing flags that subcommand does not have, as cobra would.

import type { CommandResult } from '../../shell/types.ts';
import type { Simulation } from '../../simulation.ts';
import type { FlagDef } from '../flags.ts';
import { GLOBAL_FLAGS } from '../globalFlags.ts';
import type { Invocation, KubectlCommand } from '../types.ts';
import { failure, usageError } from './output.ts';

/** A command with subcommands; kubectl.ts may use `subcommands` to dispatch (and show their help). */
export interface ParentCommand extends KubectlCommand {
  subcommands: KubectlCommand[];
}

/** All flags of a parent and its subcommands, first definition of a name winning. */
export function unionFlags(own: readonly FlagDef[], subs: readonly KubectlCommand[]): FlagDef[] {
  const out: FlagDef[] = [...own];
  const collect = (cmds: readonly KubectlCommand[]) => {
    for (const c of cmds) {
      for (const f of c.flags) if (!out.some((o) => o.name === f.name)) out.push(f);
      const nested = (c as Partial<ParentCommand>).subcommands;
      if (nested) collect(nested);
    }
  };
  collect(subs);
  return out;
}

export function findSubcommand(subs: readonly KubectlCommand[], word: string | undefined): KubectlCommand | undefined {
  if (word === undefined) return undefined;
  return subs.find((c) => c.name === word || c.aliases?.includes(word));
}

/**
 * Runs the subcommand named by inv.args[0] (undefined: there is none). `path` is the parent's
 * command path, e.g. "kubectl create".
 */
export function runSubcommand(inv: Invocation, path: string, subs: readonly KubectlCommand[]): CommandResult | undefined {
  const sub = findSubcommand(subs, inv.args[0]);
  if (!sub) return undefined;
  const allowed = new Set([...sub.flags, ...GLOBAL_FLAGS, ...unionFlagsOfNested(sub)].map((f) => f.name));
  for (const name of inv.flags.keys()) {
    if (name === 'help' || allowed.has(name)) continue;
    return failure(`error: unknown flag: --${name}\nSee '${path} ${sub.name} --help' for usage.\n`);
  }
  if (inv.flags.has('help')) return { stdout: sub.help, stderr: '', exitCode: 0 };
  return sub.run({ ...inv, args: inv.args.slice(1) });
}

function unionFlagsOfNested(c: KubectlCommand): FlagDef[] {
  const nested = (c as Partial<ParentCommand>).subcommands;
  return nested ? unionFlags([], nested) : [];
}

/**
 * cmdutil.DefaultSubCommandRun: a parent run without a subcommand prints its help (to `fd`)
 * and fails; with other arguments it reports an unknown command.
 */
export function defaultSubCommandRun(inv: Invocation, path: string, help: string, fd: 1 | 2): CommandResult {
  if (inv.args.length > 0) return failure(usageError(path, `unknown command "${inv.args.join(' ')}"`));
  return fd === 1 ? { stdout: help, stderr: '', exitCode: 1 } : { stdout: '', stderr: help, exitCode: 1 };
}

/** Completion of `parent <sub> …`: subcommand names first, then the subcommand's own. */
export function completeSubcommands(words: string[], sim: Simulation, subs: readonly KubectlCommand[]): string[] {
  if (words.length <= 1) {
    const typed = words[0] ?? '';
    return subs.map((c) => c.name).filter((n) => n.startsWith(typed)).sort();
  }
  const sub = findSubcommand(subs, words[0]);
  return sub?.complete?.(words.slice(1), sim) ?? [];
}
