// touch: create empty files (unless -c) and refresh modification times.

import type { CommandDescriptor } from '../types.ts';
import { COMMAND_HELP } from './help-texts.ts';
import { isResult, Out, parseArgs, usage } from './util.ts';

const SPECS = [
  { key: 'a', short: 'a' },
  { key: 'c', short: 'c', long: 'no-create' },
  { key: 'd', short: 'd', long: 'date', arg: 'required' as const },
  { key: 'f', short: 'f' },
  { key: 'h', short: 'h', long: 'no-dereference' },
  { key: 'm', short: 'm' },
  { key: 'r', short: 'r', long: 'reference', arg: 'required' as const },
  { key: 't', short: 't', arg: 'required' as const },
  { key: 'time', long: 'time', arg: 'required' as const },
];

export const touch: CommandDescriptor = {
  name: 'touch',
  summary: 'change file timestamps',
  help: COMMAND_HELP['touch'] as string,
  run(ctx) {
    const parsed = parseArgs('touch', ctx.args, SPECS);
    if (isResult(parsed)) return parsed;
    const noCreate = parsed.opts.some((o) => o.key === 'c');
    if (parsed.operands.length === 0) return usage('touch', 'missing file operand');
    const fs = ctx.fs;
    const o = new Out();
    let status = 0;
    for (const name of parsed.operands) {
      if (fs.exists(name)) {
        const timed = fs as typeof fs & { touch?: (p: string) => void };
        timed.touch?.(name);
        continue;
      }
      if (noCreate) continue;
      const err = fs.writeFile(name, '', true);
      if (err) {
        o.err(`touch: cannot touch '${name}': ${err}\n`);
        status = 1;
      }
    }
    return o.result(status);
  },
};
