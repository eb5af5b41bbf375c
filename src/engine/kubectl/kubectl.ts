// The `kubectl` command: finds the subcommand the way cobra does (global flags may come
// first), parses flags, and hands over to the subcommand. Error texts are kubectl's.

import type { CommandDescriptor, CommandResult } from '../shell/types.ts';
import type { Simulation } from '../simulation.ts';
import { type FlagDef, flagString, parseFlags } from './flags.ts';
import { GLOBAL_FLAGS } from './globalFlags.ts';
import { readCommands } from './commands/readCommands.ts';
import { writeCommands } from './commands/writeCommands.ts';
import type { KubectlCommand } from './types.ts';

const GROUPS = [
  'Basic Commands (Beginner):',
  'Basic Commands (Intermediate):',
  'Deploy Commands:',
  'Cluster Management Commands:',
  'Troubleshooting and Debugging Commands:',
  'Advanced Commands:',
  'Settings Commands:',
  'Other Commands:',
];

export function kubectlCommands(): KubectlCommand[] {
  return [...readCommands, ...writeCommands];
}

function findCommand(name: string): KubectlCommand | undefined {
  return kubectlCommands().find((c) => c.name === name || c.aliases?.includes(name));
}

export function kubectlHelp(): string {
  const cmds = kubectlCommands();
  let out = 'kubectl controls the Kubernetes cluster manager.\n\n Find more information at: https://kubernetes.io/docs/reference/kubectl/\n\n';
  for (const group of GROUPS) {
    const inGroup = cmds.filter((c) => c.group === group);
    if (inGroup.length === 0) continue;
    out += `${group}\n`;
    const width = Math.max(...cmds.map((c) => c.name.length)) + 3;
    for (const c of inGroup) out += `  ${c.name.padEnd(width)} ${c.short}\n`;
    out += '\n';
  }
  out += 'Usage:\n  kubectl [flags] [options]\n\n';
  out += 'Use "kubectl <command> --help" for more information about a given command.\n';
  out += 'Use "kubectl options" for a list of global command-line options (applies to all commands).\n';
  return out;
}

/** Cobra's "Did you mean this?" uses Levenshtein distance ≤ 2 or a prefix match. */
function suggestions(typed: string): string[] {
  return kubectlCommands()
    .map((c) => c.name)
    .filter((n) => levenshtein(typed, n) <= 2 || n.startsWith(typed));
}

function levenshtein(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length]![b.length]!;
}

const err = (stderr: string): CommandResult => ({ stdout: '', stderr, exitCode: 1 });

/** Splits `kubectl [global flags] SUBCOMMAND rest…` as cobra's Find does. */
function splitSubcommand(args: string[]): { index: number } | undefined {
  const valued = new Set(GLOBAL_FLAGS.filter((f) => f.type !== 'bool').flatMap((f) => [`--${f.name}`, ...(f.short ? [`-${f.short}`] : [])]));
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') return undefined;
    if (a.startsWith('-')) {
      if (valued.has(a)) i++;
      continue;
    }
    return { index: i };
  }
  return undefined;
}

export const kubectlDescriptor: CommandDescriptor<Simulation> = {
  name: 'kubectl',
  summary: 'Kubernetes command-line tool (talks to the simulated cluster)',
  help: '',
  ownHelp: true,
  complete: (words, sim) => completeKubectl(words, sim),
  run(ctx) {
    const args = ctx.args;
    const found = splitSubcommand(args);
    if (!found) {
      const parsed = parseFlags(args, [...GLOBAL_FLAGS, { name: 'help', short: 'h', type: 'bool', description: 'help for kubectl' }]);
      if (!parsed.ok) return err(`error: ${parsed.error}\nSee 'kubectl --help' for usage.\n`);
      return { stdout: kubectlHelp(), stderr: '', exitCode: 0 };
    }
    const name = args[found.index]!;
    const cmd = findCommand(name);
    if (!cmd) {
      const s = suggestions(name);
      const hint = s.length ? `\n\nDid you mean this?\n${s.map((x) => `\t${x}\n`).join('')}` : '\n';
      return err(`error: unknown command "${name}" for "kubectl"${hint}`);
    }
    const rest = [...args.slice(0, found.index), ...args.slice(found.index + 1)];
    const defs: FlagDef[] = [...cmd.flags, ...GLOBAL_FLAGS.filter((g) => !cmd.flags.some((f) => f.name === g.name)), { name: 'help', short: 'h', type: 'bool', description: `help for ${cmd.name}` }];
    const parsed = parseFlags(rest, defs);
    if (!parsed.ok) return err(`error: ${parsed.error}\nSee 'kubectl ${cmd.name} --help' for usage.\n`);
    if (parsed.flags.has('help')) return { stdout: helpFor(cmd, parsed.positional), stderr: '', exitCode: 0 };
    const ns = flagString(parsed.flags, 'namespace');
    return cmd.run({
      sim: ctx.world,
      flags: parsed.flags,
      args: parsed.positional,
      namespace: ns ?? 'default',
      namespaceExplicit: ns !== undefined,
      shell: ctx,
    });
  },
};

/** `kubectl create service clusterip --help` shows the deepest subcommand's help, as cobra does. */
function helpFor(cmd: KubectlCommand, positional: string[]): string {
  let current = cmd;
  for (const word of positional) {
    const next = current.subcommands?.find((c) => c.name === word || c.aliases?.includes(word));
    if (!next) break;
    current = next;
  }
  return current.help;
}

function completeKubectl(words: string[], sim: Simulation): string[] {
  // words[0] is "kubectl"; the last word is being completed.
  const typed = words.slice(1);
  const current = typed.at(-1) ?? '';
  const found = splitSubcommand(typed.slice(0, -1));
  if (!found) {
    if (current.startsWith('-')) return GLOBAL_FLAGS.map((f) => `--${f.name}`).filter((f) => f.startsWith(current));
    return kubectlCommands().map((c) => c.name).filter((n) => n.startsWith(current)).sort();
  }
  const cmd = findCommand(typed[found.index]!);
  if (!cmd) return [];
  if (current.startsWith('--')) {
    return [...cmd.flags, ...GLOBAL_FLAGS].map((f) => `--${f.name}`).filter((f) => f.startsWith(current)).sort();
  }
  return cmd.complete?.(typed.slice(found.index + 1), sim) ?? [];
}
