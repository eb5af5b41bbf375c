// history: the lines typed in this session, numbered as bash prints them ("%5d  %s").

import { BUILTIN_HELP } from './help-texts.ts';
import { invalidOption, type Builtin } from './types.ts';

export const history: Builtin = {
  name: 'history',
  summary: 'Display or manipulate the history list.',
  help: BUILTIN_HELP['history'],
  dashHelp: true,
  run(ctx) {
    const lines = ctx.shell.history;
    const arg = ctx.args[0];
    if (arg === '-c') {
      lines.length = 0;
      return 0;
    }
    if (arg !== undefined && arg.startsWith('-') && arg !== '--') {
      return invalidOption(ctx, arg.slice(0, 2), 'history [-c] [-d offset] [n] or history -anrw [filename] or history -ps arg [arg...]');
    }
    const count = arg === undefined || arg === '--' ? lines.length : arg;
    if (typeof count === 'string' && !/^[0-9]+$/.test(count)) {
      ctx.err(`bash: history: ${count}: numeric argument required\n`);
      return 1;
    }
    const n = Math.min(Number(count), lines.length);
    const start = lines.length - n;
    ctx.out(lines.slice(start).map((l, i) => `${String(start + i + 1).padStart(5)}  ${l}\n`).join(''));
    return 0;
  },
};
