// break and continue.

import { BUILTIN_HELP } from './help-texts.ts';
import { LoopSignal, type Builtin, type BuiltinContext } from './types.ts';

function loopControl(kind: 'break' | 'continue') {
  return (ctx: BuiltinContext): number => {
    const arg = ctx.args[0];
    let levels = 1;
    if (arg !== undefined) {
      if (!/^[-+]?[0-9]+$/.test(arg)) {
        ctx.err(`bash: ${kind}: ${arg}: numeric argument required\n`);
        return 128;
      }
      levels = Number(arg);
      if (levels < 1) {
        ctx.err(`bash: ${kind}: ${arg}: loop count out of range\n`);
        return 1;
      }
    }
    if (ctx.shell.loopDepth === 0) {
      ctx.err(`bash: ${kind}: only meaningful in a \`for', \`while', or \`until' loop\n`);
      return 0;
    }
    throw new LoopSignal(kind, Math.min(levels, ctx.shell.loopDepth));
  };
}

export const breakBuiltin: Builtin = {
  name: 'break',
  summary: 'Exit for, while, or until loops.',
  help: BUILTIN_HELP['break'],
  dashHelp: true,
  run: loopControl('break'),
};

export const continueBuiltin: Builtin = {
  name: 'continue',
  summary: 'Resume for, while, or until loops.',
  help: BUILTIN_HELP['continue'],
  dashHelp: true,
  run: loopControl('continue'),
};
