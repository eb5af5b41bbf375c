// awk: a POSIX awk with common gawk extensions, reporting errors in gawk's words:
// syntax errors show the source line and a caret (exit 1), fatal errors exit 2.

import type { CommandDescriptor } from '../types.ts';
import { AwkFatal, AwkInterpreter } from './awk/interp.ts';
import { AwkSyntaxError, tokenize } from './awk/lexer.ts';
import { parseProgram } from './awk/parser.ts';
import { COMMAND_HELP, COMMAND_VERSION } from './help-texts.ts';
import { Out, readInput } from './util.ts';

const HELP = COMMAND_HELP['awk'] as string;

/** gawk's report of a syntax error: the source line, then a caret under the bad token. */
function syntaxReport(source: string, where: string, err: AwkSyntaxError): string {
  const before = source.slice(0, err.pos);
  const lineNo = before.split('\n').length;
  const lineStart = before.lastIndexOf('\n') + 1;
  let lineEnd = source.indexOf('\n', lineStart);
  if (lineEnd < 0) lineEnd = source.length;
  const line = source.slice(lineStart, lineEnd);
  const caret = source.slice(lineStart, err.pos).replace(/[^\t]/g, ' ');
  const prefix = `awk: ${where}:${lineNo}: `;
  if (err.plain) return `${prefix}${err.message}\n`;
  return `${prefix}${line}\n${prefix}${caret}^ ${err.message}\n`;
}

export const awk: CommandDescriptor = {
  name: 'awk',
  summary: 'pattern scanning and text processing language',
  help: HELP,
  run(ctx) {
    const o = new Out();
    const args = [...ctx.args];
    let program: string | null = null;
    let where = 'cmd. line';
    let fs: string | null = null;
    const assigns: [string, string][] = [];
    // Options end at the first non-option word (the program text).
    while (args.length > 0) {
      const a = args[0] as string;
      if (a === '--') {
        args.shift();
        break;
      }
      if (!a.startsWith('-') || a === '-') break;
      args.shift();
      if (a === '--version' || a === '-V' || (a === '-W' && /^v/.test(args[0] ?? ''))) {
        return { stdout: COMMAND_VERSION['awk'] as string, stderr: '', exitCode: 0 };
      }
      if (a === '--help' || a === '-h') return { stdout: HELP, stderr: '', exitCode: 0 };
      const opt = /^(-F|--field-separator=?|-v|--assign=?|-f|--file=?)(.*)$/s.exec(a);
      if (!opt) {
        if (a === '-W') {
          args.shift();
          continue;
        }
        if (/^-[bcCdDeEgilLMNnoOpPrsStT]/.test(a)) continue; // accepted, no effect here
        // gawk reports a bad option with its usage text alone.
        o.err(HELP);
        return o.result(1);
      }
      const value = opt[2] !== '' ? opt[2] : args.shift();
      if (value === undefined) {
        o.err(`awk: option requires an argument -- ${(opt[1] as string).replace(/^-+/, '')[0]}\n${HELP}`);
        return o.result(1);
      }
      const kind = opt[1] as string;
      if (kind.startsWith('-F') || kind.startsWith('--field')) fs = value;
      else if (kind.startsWith('-v') || kind.startsWith('--assign')) {
        const eq = value.indexOf('=');
        if (eq <= 0) {
          o.err(`awk: \`${value}' argument to \`-v' not in \`var=value' form\n\n${HELP}`);
          return o.result(2);
        }
        assigns.push([value.slice(0, eq), value.slice(eq + 1)]);
      } else {
        const file = readInput(ctx, value);
        if ('error' in file) {
          o.err(`awk: fatal: cannot open source file \`${value}' for reading: ${file.error}\n`);
          return o.result(2);
        }
        program = (program ?? '') + file.data + '\n';
        where = value;
      }
    }
    if (program === null) {
      const text = args.shift();
      if (text === undefined) {
        o.err(HELP);
        return o.result(1);
      }
      program = text;
    }
    let interp: AwkInterpreter;
    try {
      const prog = parseProgram(tokenize(program));
      interp = new AwkInterpreter(prog, {
        out: (t) => o.out(t),
        err: (t) => o.err(t),
        readFile: (name) => readInput(ctx, name),
        writeFile: (name, data, append) => ctx.fs.writeFile(name, data, append),
        isDirectory: (name) => ctx.fs.isDirectory(name),
        runLine: (line, stdin) => ctx.runLine(line, stdin),
        env: ctx.env,
        stdin: ctx.stdin,
      });
    } catch (e) {
      if (e instanceof AwkSyntaxError) {
        o.err(syntaxReport(program, where, e));
        return o.result(1);
      }
      throw e;
    }
    if (fs !== null) assigns.unshift(['FS', fs === 't' ? 't' : fs]);
    try {
      return o.result(interp.run(args, assigns));
    } catch (e) {
      if (!(e instanceof AwkFatal)) throw e;
      const m = e.message;
      if (e.kind === 'error') {
        o.err(`awk: ${where}:1: error: ${m}\n`);
        return o.result(1);
      }
      if (m.startsWith('cannot open file')) o.err(`awk: fatal: ${m}\n`);
      else o.err(`awk: ${where}:1: ${interp.location()}fatal: ${m}\n`);
      return o.result(2);
    }
  },
};
