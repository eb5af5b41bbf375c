// mkdir: -p creates parents and accepts existing directories, -v reports, -m is accepted.

import type { CommandDescriptor } from '../types.ts';
import { COMMAND_HELP } from './help-texts.ts';
import { isResult, Out, parseArgs, usage } from './util.ts';

const SPECS = [
  { key: 'm', short: 'm', long: 'mode', arg: 'required' as const },
  { key: 'p', short: 'p', long: 'parents' },
  { key: 'v', short: 'v', long: 'verbose' },
  { key: 'Z', short: 'Z' },
  { key: 'context', long: 'context', arg: 'optional' as const },
];

export const mkdir: CommandDescriptor = {
  name: 'mkdir',
  summary: 'make directories',
  help: COMMAND_HELP['mkdir'] as string,
  run(ctx) {
    const parsed = parseArgs('mkdir', ctx.args, SPECS);
    if (isResult(parsed)) return parsed;
    const f = new Set(parsed.opts.map((o) => o.key));
    if (parsed.operands.length === 0) return usage('mkdir', 'missing operand');
    const fs = ctx.fs;
    const o = new Out();
    let status = 0;
    for (const name of parsed.operands) {
      if (!f.has('p')) {
        const err = fs.mkdir(name);
        if (err) {
          o.err(`mkdir: cannot create directory '${name}': ${err}\n`);
          status = 1;
        } else if (f.has('v')) o.out(`mkdir: created directory '${name}'\n`);
        continue;
      }
      // -p: walk the path as typed so messages name the failing prefix.
      const parts = name.split('/');
      let prefix = name.startsWith('/') ? '' : '.';
      let shown = '';
      for (let i = 0; i < parts.length; i++) {
        const part = parts[i] as string;
        shown = i === 0 ? part : `${shown}/${part}`;
        if (part === '' || part === '.') {
          prefix = prefix === '' && i === 0 ? '/' : prefix;
          continue;
        }
        prefix = prefix === '/' || prefix === '' ? `/${part}` : `${prefix}/${part}`;
        if (fs.isDirectory(prefix)) continue;
        if (fs.exists(prefix)) {
          const last = parts.slice(i + 1).every((p) => p === '');
          o.err(`mkdir: cannot create directory '${shown}': ${last ? 'File exists' : 'Not a directory'}\n`);
          status = 1;
          break;
        }
        const err = fs.mkdir(prefix);
        if (err) {
          o.err(`mkdir: cannot create directory '${shown}': ${err}\n`);
          status = 1;
          break;
        }
        if (f.has('v')) o.out(`mkdir: created directory '${shown}'\n`);
      }
    }
    return o.result(status);
  },
};
