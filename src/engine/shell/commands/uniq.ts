// uniq: collapse adjacent equal lines; -c counts ("%7d "), -d repeated only, -u unique only.

import type { CommandDescriptor } from '../types.ts';
import { COMMAND_HELP } from './help-texts.ts';
import { isResult, Out, parseArgs, readInput, splitLines, usage } from './util.ts';

const SPECS = [
  { key: 'c', short: 'c', long: 'count' },
  { key: 'd', short: 'd', long: 'repeated' },
  { key: 'D', short: 'D', long: 'all-repeated', arg: 'optional' as const },
  { key: 'f', short: 'f', long: 'skip-fields', arg: 'required' as const },
  { key: 'i', short: 'i', long: 'ignore-case' },
  { key: 's', short: 's', long: 'skip-chars', arg: 'required' as const },
  { key: 'u', short: 'u', long: 'unique' },
  { key: 'w', short: 'w', long: 'check-chars', arg: 'required' as const },
  { key: 'z', short: 'z', long: 'zero-terminated' },
];

export const uniq: CommandDescriptor = {
  name: 'uniq',
  summary: 'report or omit repeated lines',
  help: COMMAND_HELP['uniq'] as string,
  run(ctx) {
    const parsed = parseArgs('uniq', ctx.args, SPECS);
    if (isResult(parsed)) return parsed;
    const f = new Map(parsed.opts.map((o) => [o.key, o.value]));
    const num = (key: string, what: string): number | string => {
      const v = f.get(key);
      if (v === undefined) return 0;
      return /^[0-9]+$/.test(v) ? Number(v) : `uniq: ${v}: invalid number of ${what}\n`;
    };
    const skipFields = num('f', 'fields to skip');
    const skipChars = num('s', 'bytes to skip');
    const checkChars = f.has('w') ? num('w', 'bytes to compare') : Infinity;
    for (const n of [skipFields, skipChars, checkChars]) if (typeof n === 'string') return { stdout: '', stderr: n, exitCode: 1 };
    if (parsed.operands.length > 2) return usage('uniq', `extra operand '${parsed.operands[2]}'`);
    if (f.has('c') && f.has('D')) {
      return usage('uniq', 'printing all duplicated lines and repeat counts is meaningless');
    }
    const [inputName = '-', outputName] = parsed.operands;
    const input = readInput(ctx, inputName);
    if ('error' in input) {
      const msg = input.error === 'Is a directory' ? `uniq: error reading '${inputName}'\n` : `uniq: ${inputName}: ${input.error}\n`;
      return { stdout: '', stderr: msg, exitCode: 1 };
    }
    const keyOf = (line: string): string => {
      let s = line;
      for (let i = 0; i < (skipFields as number); i++) s = s.replace(/^[ \t]*[^ \t]*/, '');
      s = s.slice(skipChars as number);
      if (checkChars !== Infinity) s = s.slice(0, checkChars as number);
      return f.has('i') ? s.toLowerCase() : s;
    };
    const sep = f.has('z') ? '\0' : '\n';
    const lines = sep === '\n' ? splitLines(input.data).lines : input.data.split('\0').filter((l, i, a) => i < a.length - 1 || l !== '');
    const groups: string[][] = [];
    for (const line of lines) {
      const g = groups[groups.length - 1];
      if (g && keyOf(g[0] as string) === keyOf(line)) g.push(line);
      else groups.push([line]);
    }
    let text = '';
    for (const g of groups) {
      const repeated = g.length > 1;
      if (f.has('D')) {
        if (repeated) text += g.map((l) => l + sep).join('');
        continue;
      }
      if (f.has('d') && !repeated) continue;
      if (f.has('u') && repeated) continue;
      text += (f.has('c') ? `${String(g.length).padStart(7)} ` : '') + g[0] + sep;
    }
    const o = new Out();
    if (outputName !== undefined) {
      const err = ctx.fs.writeFile(outputName, text);
      if (err) o.err(`uniq: ${outputName}: ${err}\n`);
      return o.result(err ? 1 : 0);
    }
    o.out(text);
    return o.result(0);
  },
};
