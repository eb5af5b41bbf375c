// cut: -f fields (with -d, -s), -c characters, -b bytes; LISTs of N, N-, -M, N-M.

import type { CommandDescriptor } from '../types.ts';
import { COMMAND_HELP } from './help-texts.ts';
import { isResult, linesOf, Out, parseArgs, readInput, usage } from './util.ts';

const SPECS = [
  { key: 'b', short: 'b', long: 'bytes', arg: 'required' as const },
  { key: 'c', short: 'c', long: 'characters', arg: 'required' as const },
  { key: 'd', short: 'd', long: 'delimiter', arg: 'required' as const },
  { key: 'f', short: 'f', long: 'fields', arg: 'required' as const },
  { key: 'n', short: 'n' },
  { key: 'complement', long: 'complement' },
  { key: 's', short: 's', long: 'only-delimited' },
  { key: 'od', long: 'output-delimiter', arg: 'required' as const },
  { key: 'z', short: 'z', long: 'zero-terminated' },
];

type Range = [number, number];

function parseList(list: string, what: 'fields' | 'bytes' | 'characters'): Range[] | string {
  const ranges: Range[] = [];
  const noun = what === 'fields' ? 'field' : 'byte/character';
  for (const part of list.split(/[, ]/)) {
    const m = /^([0-9]*)(-?)([0-9]*)$/.exec(part);
    if (!m || part === '' || part === '-') {
      return `invalid ${noun === 'field' ? 'field value' : 'byte/character position'} '${part}'`;
    }
    const lo = m[1] === '' ? 1 : Number(m[1]);
    const hi = m[2] ? (m[3] === '' ? Infinity : Number(m[3])) : lo;
    if (lo === 0 || hi === 0) return `${what === 'fields' ? 'fields' : 'byte/character positions'} are numbered from 1`;
    if (hi < lo) return 'invalid decreasing range';
    ranges.push([lo, hi]);
  }
  return ranges;
}

const selected = (ranges: Range[], i: number): boolean => ranges.some(([lo, hi]) => i >= lo && i <= hi);

export const cut: CommandDescriptor = {
  name: 'cut',
  summary: 'remove sections from each line of files',
  help: COMMAND_HELP['cut'] as string,
  run(ctx) {
    const parsed = parseArgs('cut', ctx.args, SPECS);
    if (isResult(parsed)) return parsed;
    let mode: 'fields' | 'bytes' | 'characters' | null = null;
    let list = '';
    let delim = '\t';
    let outDelim: string | null = null;
    let onlyDelimited = false;
    let complement = false;
    let sep = '\n';
    for (const o of parsed.opts) {
      if (o.key === 'f' || o.key === 'b' || o.key === 'c') {
        const m = o.key === 'f' ? 'fields' : o.key === 'b' ? 'bytes' : 'characters';
        if (mode !== null && mode !== m) return usage('cut', 'only one type of list may be specified');
        mode = m;
        list = o.value as string;
      } else if (o.key === 'd') {
        const d = o.value as string;
        if ([...d].length > 1) return usage('cut', 'the delimiter must be a single character');
        delim = d === '' ? '\0' : d;
      } else if (o.key === 's') onlyDelimited = true;
      else if (o.key === 'od') outDelim = o.value as string;
      else if (o.key === 'complement') complement = true;
      else if (o.key === 'z') sep = '\0';
    }
    if (mode === null) return usage('cut', 'you must specify a list of bytes, characters, or fields');
    if (mode !== 'fields' && parsed.opts.some((o) => o.key === 'd')) {
      return usage('cut', 'an input delimiter may be specified only when operating on fields');
    }
    if (mode !== 'fields' && onlyDelimited) {
      return usage('cut', 'suppressing non-delimited lines makes sense\n\tonly when operating on fields');
    }
    const ranges = parseList(list, mode);
    if (typeof ranges === 'string') return usage('cut', ranges);
    const pick = (i: number): boolean => selected(ranges, i) !== complement;
    const o = new Out();
    let status = 0;
    for (const file of parsed.operands.length ? parsed.operands : ['-']) {
      const input = readInput(ctx, file);
      if ('error' in input) {
        o.err(`cut: ${file}: ${input.error}\n`);
        status = 1;
        continue;
      }
      let text = '';
      for (const line of linesOf(input.data, sep)) {
        if (mode === 'fields') {
          if (!line.includes(delim)) {
            if (!onlyDelimited) text += line + sep;
            continue;
          }
          const fields = line.split(delim);
          text += fields.filter((_, i) => pick(i + 1)).join(outDelim ?? delim) + sep;
        } else {
          const chars = [...line];
          // Adjacent selected positions are joined; --output-delimiter separates ranges.
          let outLine = '';
          let prev = -1;
          chars.forEach((ch, i) => {
            if (!pick(i + 1)) return;
            if (outDelim !== null && prev >= 0 && prev !== i - 1) outLine += outDelim;
            outLine += ch;
            prev = i;
          });
          text += outLine + sep;
        }
      }
      o.out(text);
    }
    return o.result(status);
  },
};
