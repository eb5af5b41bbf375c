// head: the first lines (-n N, -N) or bytes (-c N) of each FILE; a negative count means
// "all but the last N".

import type { CommandDescriptor } from '../types.ts';
import { COMMAND_HELP } from './help-texts.ts';
import { isResult, Out, parseArgs, readInput, utf8Decode, utf8Encode } from './util.ts';

const SPECS = [
  { key: 'c', short: 'c', long: 'bytes', arg: 'required' as const },
  { key: 'n', short: 'n', long: 'lines', arg: 'required' as const },
  { key: 'q', short: 'q', long: 'quiet' },
  { key: 'q', long: 'silent' },
  { key: 'v', short: 'v', long: 'verbose' },
  { key: 'z', short: 'z', long: 'zero-terminated' },
];

/** Split keeping each line's terminator. */
export function linesWithEnds(text: string, sep = '\n'): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = text.indexOf(sep); i >= 0; i = text.indexOf(sep, start)) {
    out.push(text.slice(start, i + 1));
    start = i + 1;
  }
  if (start < text.length) out.push(text.slice(start));
  return out;
}

/** GNU size suffixes for -n/-c counts (b=512, K=1024, kB=1000, …). */
export function parseSize(s: string): number | null {
  const m = /^([0-9]+)(b|kB|K|KiB|MB|M|MiB|GB|G|GiB)?$/.exec(s);
  if (!m) return null;
  const mult: Record<string, number> = { b: 512, kB: 1000, K: 1024, KiB: 1024, MB: 1e6, M: 1048576, MiB: 1048576, GB: 1e9, G: 1073741824, GiB: 1073741824 };
  return Number(m[1]) * (m[2] ? (mult[m[2]] as number) : 1);
}

export const head: CommandDescriptor = {
  name: 'head',
  summary: 'output the first part of files',
  help: COMMAND_HELP['head'] as string,
  run(ctx) {
    const parsed = parseArgs('head', ctx.args, SPECS, 1, { digitOption: true });
    if (isResult(parsed)) return parsed;
    let mode: 'lines' | 'bytes' = 'lines';
    let count = 10;
    let allBut = false;
    let headers: boolean | null = null;
    let sep = '\n';
    for (const o of parsed.opts) {
      if (o.key === 'n' || o.key === 'c' || o.key === 'number') {
        mode = o.key === 'c' ? 'bytes' : 'lines';
        const raw = o.value as string;
        allBut = raw.startsWith('-');
        const n = parseSize(raw.replace(/^[-+]/, ''));
        if (n === null) return { stdout: '', stderr: `head: invalid number of ${mode}: '${raw}'\n`, exitCode: 1 };
        count = n;
      } else if (o.key === 'q') headers = false;
      else if (o.key === 'v') headers = true;
      else if (o.key === 'z') sep = '\0';
    }
    const files = parsed.operands.length ? parsed.operands : ['-'];
    const showHeaders = headers ?? files.length > 1;
    const o = new Out();
    let status = 0;
    let first = true;
    for (const file of files) {
      const input = readInput(ctx, file);
      if ('error' in input && input.error !== 'Is a directory') {
        o.err(`head: cannot open '${file}' for reading: ${input.error}\n`);
        status = 1;
        continue;
      }
      if (showHeaders) o.out(`${first ? '' : '\n'}==> ${file === '-' ? 'standard input' : file} <==\n`);
      first = false;
      if ('error' in input) {
        o.err(`head: error reading '${file}': ${input.error}\n`);
        status = 1;
        continue;
      }
      o.out(take(input.data, mode, count, allBut, sep));
    }
    return o.result(status);
  },
};

function take(data: string, mode: 'lines' | 'bytes', count: number, allBut: boolean, sep: string): string {
  if (mode === 'bytes') {
    const bytes = utf8Encode(data);
    const part = allBut ? bytes.slice(0, Math.max(0, bytes.length - count)) : bytes.slice(0, count);
    return utf8Decode(part);
  }
  const lines = linesWithEnds(data, sep);
  return (allBut ? lines.slice(0, Math.max(0, lines.length - count)) : lines.slice(0, count)).join('');
}

