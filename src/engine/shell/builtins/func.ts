// return, local and shift: the builtins of functions and positional parameters.

import { BUILTIN_HELP } from './help-texts.ts';
import { ReturnSignal, type Builtin } from './types.ts';

export const returnBuiltin: Builtin = {
  name: 'return',
  summary: 'Return from a shell function.',
  help: BUILTIN_HELP['return'],
  dashHelp: true,
  run(ctx) {
    if (!ctx.shell.canReturn) {
      ctx.err("bash: return: can only `return' from a function or sourced script\n");
      return 2;
    }
    const arg = ctx.args[0];
    if (arg === undefined) throw new ReturnSignal(ctx.shell.lastExitCode);
    if (!/^\s*[-+]?[0-9]+\s*$/.test(arg)) {
      ctx.err(`bash: return: ${arg}: numeric argument required\n`);
      throw new ReturnSignal(2);
    }
    throw new ReturnSignal(Number(BigInt.asUintN(8, BigInt(arg.trim()))));
  },
};

export const local: Builtin = {
  name: 'local',
  summary: 'Define local variables.',
  help: BUILTIN_HELP['local'],
  dashHelp: true,
  run(ctx) {
    if (!ctx.shell.inFunction) {
      ctx.err('bash: local: can only be used in a function\n');
      return 1;
    }
    let status = 0;
    for (const arg of ctx.args) {
      const eq = arg.indexOf('=');
      const name = eq < 0 ? arg : arg.slice(0, eq);
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
        ctx.err(`bash: local: \`${arg}': not a valid identifier\n`);
        status = 1;
        continue;
      }
      ctx.shell.declareLocal(name, eq < 0 ? undefined : arg.slice(eq + 1));
    }
    return status;
  },
};

export const shift: Builtin = {
  name: 'shift',
  summary: 'Shift positional parameters.',
  help: BUILTIN_HELP['shift'],
  dashHelp: true,
  run(ctx) {
    const arg = ctx.args[0] ?? '1';
    if (!/^[0-9]+$/.test(arg)) {
      ctx.err(`bash: shift: ${arg}: numeric argument required\n`);
      return 1;
    }
    const n = Number(arg);
    if (n > ctx.shell.positional.length) return 1;
    ctx.shell.positional = ctx.shell.positional.slice(n);
    return 0;
  },
};
