// help: with no argument, the commands this shell knows (builtins and programs) with their
// one-line summaries; `help NAME` prints bash's help for a builtin.

import { globMatch } from '../glob.ts';
import { BUILTIN_HELP } from './help-texts.ts';
import { invalidOption, type Builtin } from './types.ts';

export const help: Builtin = {
  name: 'help',
  summary: 'Display information about builtin commands.',
  help: BUILTIN_HELP['help'],
  dashHelp: true,
  run(ctx) {
    const args = [...ctx.args];
    let mode: 'full' | 'short' | 'desc' = 'full';
    while (args[0] !== undefined && /^-./.test(args[0])) {
      const a = args.shift() as string;
      if (a === '--') break;
      for (const c of a.slice(1)) {
        if (c === 's') mode = 'short';
        else if (c === 'd') mode = 'desc';
        else if (c !== 'm') return invalidOption(ctx, `-${c}`, 'help [-dms] [pattern ...]');
      }
    }
    const { builtins, commands } = ctx.shell.helpEntries();
    if (args.length === 0) {
      ctx.out(listing(builtins, commands));
      return 0;
    }
    let status = 0;
    for (const pattern of args) {
      const names = Object.keys(BUILTIN_HELP).filter((n) => n === pattern || globMatch(pattern, n));
      if (names.length === 0) {
        ctx.err(`bash: help: no help topics match \`${pattern}'.  Try \`help help' or \`man -k ${pattern}' or \`info ${pattern}'.\n`);
        status = 1;
        continue;
      }
      for (const name of names) {
        const text = BUILTIN_HELP[name] as string;
        const first = text.split('\n')[0] as string;
        if (mode === 'short') ctx.out(first + '\n');
        else if (mode === 'desc') ctx.out(`${name} - ${(text.split('\n')[1] ?? '').trim()}\n`);
        else ctx.out(text);
      }
    }
    return status;
  },
};

function listing(builtins: [string, string][], commands: [string, string][]): string {
  const width = Math.max(...[...builtins, ...commands].map(([n]) => n.length)) + 2;
  const rows = (entries: [string, string][]): string => entries.map(([n, s]) => `  ${n.padEnd(width)}${s}\n`).join('');
  return (
    "Type `help NAME' for more about a shell builtin, `NAME --help' for a command.\n\n" +
    'Shell builtins:\n' +
    rows(builtins) +
    (commands.length ? '\nCommands:\n' + rows(commands) : '')
  );
}
