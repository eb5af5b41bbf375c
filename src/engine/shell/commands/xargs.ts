// xargs: build command lines from standard input and run them in the session (through
// ctx.runLine, each argument quoted). -n, -L, -I, -r, -t, -0, -d.

import { shellQuote } from '../quote.ts';
import type { CommandDescriptor } from '../types.ts';
import { COMMAND_HELP } from './help-texts.ts';
import { isResult, Out, parseArgs } from './util.ts';

const SPECS = [
  { key: '0', short: '0', long: 'null' },
  { key: 'a', short: 'a', long: 'arg-file', arg: 'required' as const },
  { key: 'd', short: 'd', long: 'delimiter', arg: 'required' as const },
  { key: 'E', short: 'E', arg: 'required' as const },
  { key: 'e', short: 'e', long: 'eof', arg: 'optional' as const },
  { key: 'I', short: 'I', arg: 'required' as const },
  { key: 'i', short: 'i', long: 'replace', arg: 'optional' as const },
  { key: 'L', short: 'L', long: 'max-lines', arg: 'required' as const },
  { key: 'l', short: 'l', arg: 'optional' as const },
  { key: 'n', short: 'n', long: 'max-args', arg: 'required' as const },
  { key: 'o', short: 'o', long: 'open-tty' },
  { key: 'p', short: 'p', long: 'interactive' },
  { key: 'P', short: 'P', long: 'max-procs', arg: 'required' as const },
  { key: 'process-slot-var', long: 'process-slot-var', arg: 'required' as const },
  { key: 'r', short: 'r', long: 'no-run-if-empty' },
  { key: 's', short: 's', long: 'max-chars', arg: 'required' as const },
  { key: 'show-limits', long: 'show-limits' },
  { key: 't', short: 't', long: 'verbose' },
  { key: 'x', short: 'x', long: 'exit' },
];

const QUOTE_HINT = 'by default quotes are special to xargs unless you use the -0 option';

/** Split input into lines of arguments, honouring quotes and backslashes. */
function parseItems(input: string): { lines: string[][] } | { error: string } {
  const lines: string[][] = [];
  let line: string[] = [];
  let cur: string | null = null;
  for (let i = 0; i < input.length; i++) {
    const c = input[i] as string;
    if (c === '\n') {
      if (cur !== null) line.push(cur);
      cur = null;
      if (line.length) lines.push(line);
      line = [];
    } else if (c === ' ' || c === '\t') {
      if (cur !== null) line.push(cur);
      cur = null;
    } else if (c === "'" || c === '"') {
      const close = input.indexOf(c, i + 1);
      const nl = input.indexOf('\n', i + 1);
      if (close < 0 || (nl >= 0 && nl < close)) {
        return { error: `xargs: unmatched ${c === "'" ? 'single' : 'double'} quote; ${QUOTE_HINT}\n` };
      }
      cur = (cur ?? '') + input.slice(i + 1, close);
      i = close;
    } else if (c === '\\' && i + 1 < input.length) {
      cur = (cur ?? '') + input[i + 1];
      i++;
    } else cur = (cur ?? '') + c;
  }
  if (cur !== null) line.push(cur);
  if (line.length) lines.push(line);
  return { lines };
}

export const xargs: CommandDescriptor = {
  name: 'xargs',
  summary: 'build and execute command lines from standard input',
  help: COMMAND_HELP['xargs'] as string,
  run(ctx) {
    const parsed = parseArgs('xargs', ctx.args, SPECS, 1, { permute: false });
    if (isResult(parsed)) return parsed;
    let maxArgs = Infinity;
    let maxLines = Infinity;
    let replace: string | null = null;
    let noEmpty = false;
    let trace = false;
    let delimiter: string | null = null;
    for (const opt of parsed.opts) {
      const v = opt.value;
      if (opt.key === 'n' || opt.key === 'L' || opt.key === 'l') {
        const n = Number(v ?? '1');
        if (!/^[0-9]+$/.test(v ?? '1') || n < 1) {
          const flag = opt.key === 'n' ? '-n' : '-L';
          return { stdout: '', stderr: `xargs: value ${v} for ${flag} option should be >= 1\nTry 'xargs --help' for more information.\n`, exitCode: 1 };
        }
        if (opt.key === 'n') maxArgs = n;
        else maxLines = n;
      } else if (opt.key === 'I' || opt.key === 'i') {
        replace = v ?? '{}';
        maxLines = 1;
      } else if (opt.key === 'r') noEmpty = true;
      else if (opt.key === 't') trace = true;
      else if (opt.key === '0') delimiter = '\0';
      else if (opt.key === 'd') delimiter = (v as string).replace(/^\\n$/, '\n').replace(/^\\t$/, '\t');
    }
    const command = parsed.operands.length ? parsed.operands : ['echo'];
    let lines: string[][];
    if (replace !== null) {
      // -I: each input line is one argument, leading blanks removed.
      lines = ctx.stdin.split('\n').map((l) => l.replace(/^[ \t]+/, '')).filter((l) => l !== '').map((l) => [l]);
    } else if (delimiter !== null) {
      const items = ctx.stdin.split(delimiter);
      if (items[items.length - 1] === '' || (delimiter === '\n' && items[items.length - 1] === '')) items.pop();
      lines = items.map((i) => [i]);
    } else {
      const items = parseItems(ctx.stdin);
      if ('error' in items) return { stdout: '', stderr: items.error, exitCode: 1 };
      lines = items.lines;
    }
    // Group into invocations.
    const batches: string[][] = [];
    if (maxLines !== Infinity) {
      for (let i = 0; i < lines.length; i += maxLines) batches.push(lines.slice(i, i + maxLines).flat());
    } else {
      const all = lines.flat();
      if (maxArgs === Infinity) batches.push(all);
      else for (let i = 0; i < all.length; i += maxArgs) batches.push(all.slice(i, i + maxArgs));
    }
    if (batches.length === 0 || (batches.length === 1 && (batches[0] as string[]).length === 0)) {
      if (noEmpty || replace !== null) return { stdout: '', stderr: '', exitCode: 0 };
      batches.length = 0;
      batches.push([]);
    }
    const o = new Out();
    let status = 0;
    for (const batch of batches) {
      const argv = replace !== null ? command.map((w) => w.split(replace as string).join(batch[0] ?? '')) : [...command, ...batch];
      if (trace) o.err(argv.join(' ') + '\n');
      const result = ctx.runLine(argv.map(shellQuote).join(' '));
      const name = argv[0] as string;
      if (result.exitCode === 127 && result.stderr === `bash: ${name}: command not found\n`) {
        o.err(`xargs: ${name}: No such file or directory\n`);
        return o.result(127);
      }
      for (const c of result.chunks ?? [{ fd: 1 as const, text: result.stdout }, { fd: 2 as const, text: result.stderr }]) {
        if (c.fd === 1) o.out(c.text);
        else o.err(c.text);
      }
      if (result.exitCode === 255) {
        o.err(`xargs: ${name}: exited with status 255; aborting\n`);
        return o.result(124);
      }
      if (result.exitCode !== 0) status = 123;
    }
    return o.result(status);
  },
};
