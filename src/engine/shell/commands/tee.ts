// tee: standard input to standard output and to each FILE (-a appends).

import type { CommandDescriptor } from '../types.ts';
import { COMMAND_HELP } from './help-texts.ts';
import { isResult, Out, parseArgs } from './util.ts';

const SPECS = [
  { key: 'a', short: 'a', long: 'append' },
  { key: 'i', short: 'i', long: 'ignore-interrupts' },
  { key: 'p', short: 'p' },
  { key: 'p', long: 'output-error', arg: 'optional' as const },
];

export const tee: CommandDescriptor = {
  name: 'tee',
  summary: 'read from standard input and write to standard output and files',
  help: COMMAND_HELP['tee'] as string,
  run(ctx) {
    const parsed = parseArgs('tee', ctx.args, SPECS);
    if (isResult(parsed)) return parsed;
    const append = parsed.opts.some((o) => o.key === 'a');
    const o = new Out();
    let status = 0;
    for (const file of parsed.operands) {
      if (file === '-') continue;
      const err = ctx.fs.writeFile(file, ctx.stdin, append);
      if (err) {
        o.err(`tee: ${file}: ${err}\n`);
        status = 1;
      }
    }
    o.out(ctx.stdin);
    return o.result(status);
  },
};
