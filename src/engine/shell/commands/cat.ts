// cat: concatenate FILEs (`-` or none: standard input) with GNU's numbering options.

import type { CommandDescriptor } from '../types.ts';
import { COMMAND_HELP } from './help-texts.ts';
import { isResult, Out, parseArgs, readInput } from './util.ts';

const SPECS = [
  { key: 'A', short: 'A', long: 'show-all' },
  { key: 'b', short: 'b', long: 'number-nonblank' },
  { key: 'e', short: 'e' },
  { key: 'E', short: 'E', long: 'show-ends' },
  { key: 'n', short: 'n', long: 'number' },
  { key: 's', short: 's', long: 'squeeze-blank' },
  { key: 't', short: 't' },
  { key: 'T', short: 'T', long: 'show-tabs' },
  { key: 'u', short: 'u' },
  { key: 'v', short: 'v', long: 'show-nonprinting' },
];

/** ^X notation for control characters (cat -v). */
function nonprinting(c: string): string {
  const code = c.charCodeAt(0);
  if (code === 127) return '^?';
  if (code < 32 && c !== '\t' && c !== '\n') return '^' + String.fromCharCode(code + 64);
  return c;
}

export const cat: CommandDescriptor = {
  name: 'cat',
  summary: 'concatenate files and print on the standard output',
  help: COMMAND_HELP['cat'] as string,
  run(ctx) {
    const parsed = parseArgs('cat', ctx.args, SPECS);
    if (isResult(parsed)) return parsed;
    const o = new Out();
    const f = new Set<string>();
    for (const { key } of parsed.opts) {
      if (key === 'A') ['v', 'E', 'T'].forEach((k) => f.add(k));
      else if (key === 'e') ['v', 'E'].forEach((k) => f.add(k));
      else if (key === 't') ['v', 'T'].forEach((k) => f.add(k));
      else f.add(key);
    }
    const plain = !['b', 'n', 's', 'E', 'T', 'v'].some((k) => f.has(k));
    // Numbering and squeezing carry over from one file to the next, as in GNU cat.
    let lineNo = 0;
    let atStart = true;
    let blankRun = 0;
    let status = 0;
    const files = parsed.operands.length ? parsed.operands : ['-'];
    for (const file of files) {
      const input = readInput(ctx, file);
      if ('error' in input) {
        o.err(`cat: ${file}: ${input.error}\n`);
        status = 1;
        continue;
      }
      if (plain) {
        o.out(input.data);
        continue;
      }
      let text = '';
      for (const piece of input.data.split(/(?<=\n)/)) {
        if (piece === '') continue;
        const nl = piece.endsWith('\n');
        let body = nl ? piece.slice(0, -1) : piece;
        const blank = atStart && body === '' && nl;
        if (blank) {
          blankRun++;
          if (f.has('s') && blankRun > 1) continue;
        } else if (atStart) blankRun = 0;
        if (atStart && (f.has('b') ? !blank : f.has('n'))) text += `${String(++lineNo).padStart(6)}\t`;
        if (f.has('v')) body = [...body].map(nonprinting).join('');
        if (f.has('T')) body = body.replace(/\t/g, '^I');
        text += body + (nl ? (f.has('E') ? '$\n' : '\n') : '');
        atStart = nl;
      }
      o.out(text);
    }
    return o.result(status);
  },
};
