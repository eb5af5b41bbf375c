// sleep: validates its operands and returns at once. Time in the simulation belongs to the
// world's clock, which the caller advances; the shell itself never waits.

import type { CommandDescriptor } from '../types.ts';
import { COMMAND_HELP } from './help-texts.ts';
import { isResult, parseArgs, usage } from './util.ts';

export const sleep: CommandDescriptor = {
  name: 'sleep',
  summary: 'delay for a specified amount of time',
  help: COMMAND_HELP['sleep'] as string,
  run(ctx) {
    const firstNumber = ctx.args.findIndex((a) => /^-[0-9.]/.test(a));
    const parsed = parseArgs('sleep', firstNumber < 0 ? ctx.args : ctx.args.slice(0, firstNumber), []);
    if (isResult(parsed)) return parsed;
    const ops = [...parsed.operands, ...(firstNumber < 0 ? [] : ctx.args.slice(firstNumber))];
    if (ops.length === 0) return usage('sleep', 'missing operand');
    for (const op of ops) {
      if (!/^(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?[smhd]?$|^inf(inity)?[smhd]?$/i.test(op)) {
        return usage('sleep', `invalid time interval '${op}'`);
      }
    }
    return { stdout: '', stderr: '', exitCode: 0 };
  },
};
