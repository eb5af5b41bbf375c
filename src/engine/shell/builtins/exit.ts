// exit: an interactive top-level shell prints "exit" on stderr first, as bash does.

import { BUILTIN_HELP } from './help-texts.ts';
import { AbortLine, ExitSignal, type Builtin } from './types.ts';

export const exit: Builtin = {
  name: 'exit',
  summary: 'Exit the shell.',
  help: BUILTIN_HELP['exit'],
  dashHelp: true,
  run(ctx) {
    const sh = ctx.shell;
    if (!sh.inSubshell) ctx.err('exit\n');
    const args = ctx.args[0] === '--' ? ctx.args.slice(1) : ctx.args;
    if (args.length === 0) throw new ExitSignal(sh.lastExitCode);
    const arg = args[0] as string;
    if (!/^\s*[-+]?[0-9]+\s*$/.test(arg)) {
      ctx.err(`bash: exit: ${arg}: numeric argument required\n`);
      throw new ExitSignal(2);
    }
    if (args.length > 1) {
      // bash 5.2 does not exit, but abandons the rest of the line.
      ctx.err('bash: exit: too many arguments\n');
      throw new AbortLine(1);
    }
    throw new ExitSignal(Number(BigInt.asUintN(8, BigInt(arg.trim()))));
  },
};
