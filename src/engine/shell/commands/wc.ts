// wc: lines, words, characters, bytes, longest line; column width as GNU wc computes it.

import type { CommandDescriptor } from '../types.ts';
import { COMMAND_HELP } from './help-texts.ts';
import { isResult, Out, parseArgs, readInput, utf8Length } from './util.ts';

const SPECS = [
  { key: 'c', short: 'c', long: 'bytes' },
  { key: 'm', short: 'm', long: 'chars' },
  { key: 'l', short: 'l', long: 'lines' },
  { key: 'L', short: 'L', long: 'max-line-length' },
  { key: 'w', short: 'w', long: 'words' },
];

type Counts = Record<'l' | 'w' | 'm' | 'c' | 'L', number>;

function count(text: string): Counts {
  let maxLen = 0;
  for (const line of text.split('\n')) {
    // Tabs advance to the next multiple of 8, as wc -L measures display width.
    let w = 0;
    for (const ch of line) w = ch === '\t' ? w + 8 - (w % 8) : w + 1;
    maxLen = Math.max(maxLen, w);
  }
  return {
    l: (text.match(/\n/g) ?? []).length,
    w: (text.match(/[^ \t\n\r\f\v]+/g) ?? []).length,
    m: [...text].length,
    c: utf8Length(text),
    L: maxLen,
  };
}

export const wc: CommandDescriptor = {
  name: 'wc',
  summary: 'print newline, word, and byte counts for each file',
  help: COMMAND_HELP['wc'] as string,
  run(ctx) {
    const parsed = parseArgs('wc', ctx.args, SPECS);
    if (isResult(parsed)) return parsed;
    const chosen = new Set(parsed.opts.map((o) => o.key));
    const order = (['l', 'w', 'm', 'c', 'L'] as const).filter((k) => chosen.has(k));
    const columns = order.length ? order : (['l', 'w', 'c'] as const);
    const files = parsed.operands.length ? parsed.operands : ['-'];
    const inputs = files.map((file) => ({ file, input: readInput(ctx, file) }));
    // GNU: one count of one input needs no padding; otherwise the width of the total size of
    // regular files, at least 7 when standard input (a pipe) is among the inputs.
    let width = 1;
    if (!(files.length === 1 && columns.length === 1)) {
      let total = 0;
      let minimum = 1;
      for (const { file, input } of inputs) {
        if ('error' in input) {
          if (input.error === 'Is a directory') minimum = 7;
          continue;
        }
        if (file === '-') minimum = 7;
        else total += utf8Length(input.data);
      }
      width = Math.max(String(total).length, minimum);
    }
    const o = new Out();
    const totals: Counts = { l: 0, w: 0, m: 0, c: 0, L: 0 };
    let status = 0;
    const line = (c: Counts, label: string | null): string =>
      columns.map((k) => String(c[k]).padStart(width)).join(' ') + (label === null ? '' : ' ' + label) + '\n';
    for (const { file, input } of inputs) {
      if ('error' in input) {
        o.err(`wc: ${file}: ${input.error}\n`);
        status = 1;
        if (input.error === 'Is a directory') o.out(line({ l: 0, w: 0, m: 0, c: 0, L: 0 }, file));
        continue;
      }
      const c = count(input.data);
      for (const k of ['l', 'w', 'm', 'c'] as const) totals[k] += c[k];
      totals.L = Math.max(totals.L, c.L);
      o.out(line(c, parsed.operands.length ? file : null));
    }
    if (files.length > 1) o.out(line(totals, 'total'));
    return o.result(status);
  },
};
