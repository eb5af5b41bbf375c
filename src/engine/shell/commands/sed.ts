// sed: the GNU sed 4.9 stream editor (common subset: s y p d q Q = a i c n N P D h H g G x
// b t T : { } with line, $, /re/, first~step, addr,+N and ! addresses; -n -e -f -E -r -i -s).
// Several files form one stream unless -s or -i; a missing final newline stays missing.

import type { CommandDescriptor, CommandResult } from '../types.ts';
import { COMMAND_HELP, COMMAND_VERSION } from './help-texts.ts';
import { SedRun, type Input } from './sed/exec.ts';
import { parseScript } from './sed/parse.ts';
import { getopt, Out, splitLines } from './util.ts';

const SPECS = [
  { key: 'n', short: 'n', long: 'quiet' },
  { key: 'n', long: 'silent' },
  { key: 'e', short: 'e', long: 'expression', arg: 'required' as const },
  { key: 'f', short: 'f', long: 'file', arg: 'required' as const },
  { key: 'E', short: 'E', long: 'regexp-extended' },
  { key: 'E', short: 'r' },
  { key: 'i', short: 'i', long: 'in-place', arg: 'optional' as const },
  { key: 's', short: 's', long: 'separate' },
  { key: 'u', short: 'u', long: 'unbuffered' },
  { key: 'l', short: 'l', long: 'line-length', arg: 'required' as const },
  { key: 'x', long: 'posix' },
  { key: 'x', long: 'sandbox' },
  { key: 'x', long: 'follow-symlinks' },
  { key: 'version', long: 'version' },
];

const HELP = COMMAND_HELP['sed'] as string;
/** The usage printed on errors: the help without its last (bug-report) line. */
const USAGE = HELP.replace(/E-mail bug reports to: <bug-sed@gnu\.org>\.\n$/, '');

const fail = (stderr: string, exitCode: number): CommandResult => ({ stdout: '', stderr, exitCode });

export const sed: CommandDescriptor = {
  name: 'sed',
  summary: 'stream editor for filtering and transforming text',
  help: HELP,
  run(ctx) {
    const parsed = getopt('sed', ctx.args, SPECS);
    if (!parsed.ok) return fail(parsed.message.replace(/Try 'sed --help' for more information\.\n$/, USAGE), 1);
    const { opts } = parsed;
    const operands = [...parsed.operands];
    if (opts.some((o) => o.key === 'version')) return { stdout: COMMAND_VERSION['sed'] as string, stderr: '', exitCode: 0 };
    const chunks: string[] = [];
    for (const o of opts) {
      if (o.key === 'e') chunks.push(o.value as string);
      if (o.key === 'f') {
        const text = o.value === '-' ? ctx.stdin : ctx.fs.isDirectory(o.value as string) ? undefined : ctx.fs.readFile(o.value as string);
        if (text === undefined) return fail(`sed: couldn't open file ${o.value}: No such file or directory\n`, 4);
        chunks.push(text.endsWith('\n') ? text.slice(0, -1) : text);
      }
    }
    if (chunks.length === 0) {
      if (operands.length === 0) return fail(USAGE, 1);
      chunks.push(operands.shift() as string);
    }
    const extended = opts.some((o) => o.key === 'E');
    const cmds = parseScript(chunks, { extended });
    if (!Array.isArray(cmds)) return fail(cmds.error, cmds.exitCode);
    const inPlace = opts.find((o) => o.key === 'i');
    const separate = inPlace !== undefined || opts.some((o) => o.key === 's');
    const runner = new SedRun(cmds, opts.some((o) => o.key === 'n'));
    const o = new Out();
    let status = 0;
    if (operands.length === 0) {
      if (inPlace) return fail('sed: no input files\n', 4);
      operands.push('-');
    }
    const inputs: { name: string; data: string }[] = [];
    for (const name of operands) {
      if (name !== '-' && ctx.fs.isDirectory(name)) {
        o.err(inPlace ? `sed: couldn't edit ${name}: not a regular file\n` : `sed: read error on ${name}: Is a directory\n`);
        return o.result(4);
      }
      const data = name === '-' && !inPlace ? ctx.stdin : ctx.fs.readFile(name);
      if (data === undefined) {
        o.err(`sed: can't read ${name}: No such file or directory\n`);
        status = 2;
        continue;
      }
      inputs.push({ name, data });
    }
    if (!separate) {
      // One stream: only the very last line may lack its newline.
      const lines = inputs.flatMap((i) => splitLines(i.data).lines);
      const files = inputs.flatMap((i) => splitLines(i.data).lines.map(() => i.name));
      const last = inputs[inputs.length - 1];
      const input: Input = { lines, terminated: last ? splitLines(last.data).terminated : true, files };
      o.out(runner.run(input));
    } else {
      for (const file of inputs) {
        if (runner.quit) break;
        runner.lineNo = 0;
        const { lines, terminated } = splitLines(file.data);
        const text = runner.run({ lines, terminated, files: lines.map(() => file.name) });
        if (!inPlace) {
          o.out(text);
          continue;
        }
        const suffix = inPlace.value;
        if (suffix) {
          const slash = file.name.lastIndexOf('/');
          const dir = file.name.slice(0, slash + 1);
          const base = file.name.slice(slash + 1);
          const backup = suffix.includes('*') ? suffix.replaceAll('*', base) : base + suffix;
          ctx.fs.writeFile(backup.includes('/') ? backup : dir + backup, file.data);
        }
        const err = ctx.fs.writeFile(file.name, text);
        if (err) o.err(`sed: couldn't open temporary file ${file.name}: ${err}\n`);
      }
    }
    if (runner.interrupted) {
      o.out('^C\n');
      return o.result(130);
    }
    if (runner.error) {
      o.err(`sed: ${runner.error}\n`);
      return o.result(4);
    }
    return o.result(runner.exitCode || status);
  },
};
