// seq: FIRST, INCREMENT, LAST (integers exactly; decimals printed with the widest precision
// of FIRST and INCREMENT), -s separator, -w equal width, -f printf format.

import { formatFloat, parseSpec } from '../cformat.ts';
import type { CommandDescriptor } from '../types.ts';
import { COMMAND_HELP } from './help-texts.ts';
import { isResult, Out, parseArgs, usage } from './util.ts';

const SPECS = [
  { key: 'f', short: 'f', long: 'format', arg: 'required' as const },
  { key: 's', short: 's', long: 'separator', arg: 'required' as const },
  { key: 'w', short: 'w', long: 'equal-width' },
];

const NUMBER = /^[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$/;

const decimals = (s: string): number => {
  const m = /\.([0-9]*)/.exec(s);
  return m && !/[eE]/.test(s) ? (m[1] as string).length : 0;
};

export const seq: CommandDescriptor = {
  name: 'seq',
  summary: 'print a sequence of numbers',
  help: COMMAND_HELP['seq'] as string,
  run(ctx) {
    // A negative number is an operand, not an option (`seq -1 1`).
    const firstNumber = ctx.args.findIndex((a) => /^-[0-9.]/.test(a));
    const optArgs = firstNumber < 0 ? ctx.args : ctx.args.slice(0, firstNumber);
    const parsed = parseArgs('seq', optArgs, SPECS);
    if (isResult(parsed)) return parsed;
    const ops = [...parsed.operands, ...(firstNumber < 0 ? [] : ctx.args.slice(firstNumber))];
    let sep = '\n';
    let width = false;
    let format: string | null = null;
    for (const o of parsed.opts) {
      if (o.key === 's') sep = o.value as string;
      else if (o.key === 'w') width = true;
      else format = o.value as string;
    }
    if (ops.length === 0) return usage('seq', 'missing operand');
    if (ops.length > 3) return usage('seq', `extra operand '${ops[3]}'`);
    for (const op of ops) if (!NUMBER.test(op)) return usage('seq', `invalid floating point argument: '${op}'`);
    if (format !== null && width) return usage('seq', 'format string may not be specified when printing equal width strings');
    const [firstS, stepS, lastS] = ops.length === 1 ? ['1', '1', ops[0] as string] : ops.length === 2 ? [ops[0] as string, '1', ops[1] as string] : (ops as [string, string, string]);
    const first = Number(firstS);
    const step = Number(stepS);
    const last = Number(lastS);
    if (step === 0) return usage('seq', `invalid Zero increment value: '${stepS}'`);
    const precision = Math.max(decimals(firstS), decimals(stepS));
    const values: string[] = [];
    for (let i = 0; ; i++) {
      const v = first + i * step;
      if (step > 0 ? v > last + 1e-12 * Math.abs(step) : v < last - 1e-12 * Math.abs(step)) break;
      if (values.length > 1_000_000) break;
      if (format !== null) {
        const pct = format.indexOf('%');
        const parsedSpec = pct >= 0 ? parseSpec(format, pct + 1, () => 0) : null;
        values.push(parsedSpec ? format.slice(0, pct) + formatFloat(parsedSpec.spec, v) + format.slice(parsedSpec.end) : format);
      } else values.push(precision ? v.toFixed(precision) : String(Math.round(v)));
    }
    if (width) {
      const w = Math.max(...values.map((v) => v.length));
      for (let i = 0; i < values.length; i++) {
        const v = values[i] as string;
        values[i] = v.startsWith('-') ? '-' + v.slice(1).padStart(w - 1, '0') : v.padStart(w, '0');
      }
    }
    const o = new Out();
    if (values.length) o.out(values.join(sep) + '\n');
    return o.result(0);
  },
};
