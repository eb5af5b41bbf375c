// tail: the last lines (-n N) or bytes (-c N) of each FILE; `+N` starts at line/byte N.
// -f is accepted and prints what is there: files in the simulation do not grow on their own.

import type { CommandDescriptor } from '../types.ts';
import { linesWithEnds, parseSize } from './head.ts';
import { COMMAND_HELP } from './help-texts.ts';
import { isResult, Out, parseArgs, readInput, utf8Decode, utf8Encode } from './util.ts';

const SPECS = [
  { key: 'c', short: 'c', long: 'bytes', arg: 'required' as const },
  { key: 'n', short: 'n', long: 'lines', arg: 'required' as const },
  { key: 'f', short: 'f', long: 'follow', arg: 'optional' as const },
  { key: 'f', short: 'F' },
  { key: 'q', short: 'q', long: 'quiet' },
  { key: 'q', long: 'silent' },
  { key: 'v', short: 'v', long: 'verbose' },
  { key: 'z', short: 'z', long: 'zero-terminated' },
  { key: 's', short: 's', long: 'sleep-interval', arg: 'required' as const },
  { key: 'pid', long: 'pid', arg: 'required' as const },
  { key: 'retry', long: 'retry' },
];

export const tail: CommandDescriptor = {
  name: 'tail',
  summary: 'output the last part of files',
  help: COMMAND_HELP['tail'] as string,
  run(ctx) {
    const parsed = parseArgs('tail', ctx.args, SPECS, 1, { digitOption: true });
    if (isResult(parsed)) return parsed;
    let mode: 'lines' | 'bytes' = 'lines';
    let count = 10;
    let fromStart = false;
    let headers: boolean | null = null;
    let sep = '\n';
    for (const o of parsed.opts) {
      if (o.key === 'n' || o.key === 'c' || o.key === 'number') {
        mode = o.key === 'c' ? 'bytes' : 'lines';
        const raw = o.value as string;
        fromStart = raw.startsWith('+');
        const n = parseSize(raw.replace(/^[-+]/, ''));
        if (n === null) return { stdout: '', stderr: `tail: invalid number of ${mode}: '${raw}'\n`, exitCode: 1 };
        count = n;
      } else if (o.key === 'q') headers = false;
      else if (o.key === 'v') headers = true;
      else if (o.key === 'z') sep = '\0';
    }
    const files = parsed.operands.length ? parsed.operands : ['-'];
    // The obsolete `-N` form is only valid with one file.
    const obsolete = parsed.opts.find((o) => o.key === 'number');
    if (obsolete && files.length > 1) {
      return { stdout: '', stderr: `tail: option used in invalid context -- ${obsolete.flag.slice(1)}\n`, exitCode: 1 };
    }
    const showHeaders = headers ?? files.length > 1;
    const o = new Out();
    let status = 0;
    let first = true;
    for (const file of files) {
      const input = readInput(ctx, file);
      if ('error' in input && input.error !== 'Is a directory') {
        o.err(`tail: cannot open '${file}' for reading: ${input.error}\n`);
        status = 1;
        continue;
      }
      if (showHeaders) o.out(`${first ? '' : '\n'}==> ${file === '-' ? 'standard input' : file} <==\n`);
      first = false;
      if ('error' in input) {
        o.err(`tail: error reading '${file}': ${input.error}\n`);
        status = 1;
        continue;
      }
      o.out(last(input.data, mode, count, fromStart, sep));
    }
    return o.result(status);
  },
};

function last(data: string, mode: 'lines' | 'bytes', count: number, fromStart: boolean, sep: string): string {
  if (mode === 'bytes') {
    const bytes = utf8Encode(data);
    const part = fromStart ? bytes.slice(Math.max(0, count - 1)) : bytes.slice(Math.max(0, bytes.length - count));
    return utf8Decode(part);
  }
  const lines = linesWithEnds(data, sep);
  if (fromStart) return lines.slice(Math.max(0, count - 1)).join('');
  return count === 0 ? '' : lines.slice(-count).join('');
}
