// Shared plumbing of the standard commands: GNU getopt_long parsing with its messages,
// ordered stdout/stderr, reading FILE operands or standard input.

import { EISDIR, readOrError } from '../fs.ts';
import type { CommandContext, CommandResult, OutputChunk } from '../types.ts';
import { COMMAND_VERSION } from './help-texts.ts';

/** Output in the order written, stdout and stderr interleaved as on a terminal. */
export class Out {
  readonly chunks: OutputChunk[] = [];

  out(text: string): void {
    this.push(1, text);
  }

  err(text: string): void {
    this.push(2, text);
  }

  private push(fd: 1 | 2, text: string): void {
    if (text === '') return;
    const last = this.chunks[this.chunks.length - 1];
    if (last && last.fd === fd) last.text += text;
    else this.chunks.push({ fd, text });
  }

  result(exitCode: number): CommandResult {
    const join = (fd: 1 | 2): string =>
      this.chunks
        .filter((c) => c.fd === fd)
        .map((c) => c.text)
        .join('');
    return { stdout: join(1), stderr: join(2), exitCode, chunks: this.chunks };
  }
}

export interface OptSpec {
  /** Identifier the caller switches on. */
  key: string;
  short?: string;
  long?: string;
  arg?: 'none' | 'required' | 'optional';
}

export interface ParsedOpt {
  key: string;
  value: string | undefined;
  /** As typed, e.g. "-n" or "--lines" (for messages). */
  flag: string;
}

export type GetoptResult = { ok: true; opts: ParsedOpt[]; operands: string[] } | { ok: false; message: string };

export interface GetoptOptions {
  /** Operands may come before options (GNU default); false: the first operand ends options. */
  permute?: boolean;
  /** Accept `-5` as `-n 5` (head, tail): returns key 'number' with the digits. */
  digitOption?: boolean;
}

const tryHelp = (name: string): string => `Try '${name} --help' for more information.\n`;

/** GNU getopt_long: clustering, `--long=value`, unambiguous long prefixes, `--`. */
export function getopt(name: string, args: string[], specs: OptSpec[], options: GetoptOptions = {}): GetoptResult {
  const opts: ParsedOpt[] = [];
  const operands: string[] = [];
  const permute = options.permute ?? true;
  const fail = (message: string): GetoptResult => ({ ok: false, message: `${name}: ${message}\n${tryHelp(name)}` });
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const typed = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      const exact = specs.find((s) => s.long === typed);
      const matches = exact ? [exact] : specs.filter((s) => s.long?.startsWith(typed));
      const unique = [...new Set(matches.map((m) => m.long))];
      if (unique.length === 0) return fail(`unrecognized option '${arg}'`);
      if (unique.length > 1) {
        return {
          ok: false,
          message: `${name}: option '${arg}' is ambiguous; possibilities:${unique.map((u) => ` '--${u}'`).join('')}\n${tryHelp(name)}`,
        };
      }
      const spec = matches[0] as OptSpec;
      const kind = spec.arg ?? 'none';
      if (kind === 'none' && eq >= 0) return fail(`option '--${spec.long}' doesn't allow an argument`);
      let value: string | undefined = eq >= 0 ? arg.slice(eq + 1) : undefined;
      if (kind === 'required' && value === undefined) {
        if (i + 1 >= args.length) return fail(`option '--${spec.long}' requires an argument`);
        value = args[++i];
      }
      opts.push({ key: spec.key, value, flag: `--${spec.long}` });
      continue;
    }
    if (arg.startsWith('-') && arg !== '-') {
      if (options.digitOption && /^-[0-9]+$/.test(arg)) {
        opts.push({ key: 'number', value: arg.slice(1), flag: arg });
        continue;
      }
      for (let j = 1; j < arg.length; j++) {
        const c = arg[j] as string;
        const spec = specs.find((s) => s.short === c);
        if (!spec) return fail(`invalid option -- '${c}'`);
        const kind = spec.arg ?? 'none';
        if (kind === 'none') {
          opts.push({ key: spec.key, value: undefined, flag: `-${c}` });
          continue;
        }
        let value: string | undefined = arg.slice(j + 1);
        if (value === '') {
          if (kind === 'optional') value = undefined;
          else if (i + 1 >= args.length) return fail(`option requires an argument -- '${c}'`);
          else value = args[++i];
        }
        opts.push({ key: spec.key, value, flag: `-${c}` });
        break;
      }
      continue;
    }
    if (!permute) {
      operands.push(...args.slice(i));
      break;
    }
    operands.push(arg);
  }
  return { ok: true, opts, operands };
}

/** Contents of a FILE operand (`-` is standard input), or the errno text. */
export function readInput(ctx: CommandContext, file: string): { data: string } | { error: string } {
  if (file === '-') return { data: ctx.stdin };
  const read = readOrError(ctx.fs, file);
  if ('error' in read && ctx.fs.isDirectory(file)) return { error: EISDIR };
  return read;
}

/** Split text into lines; `terminated` says whether the last one ended with a newline. */
export function splitLines(text: string): { lines: string[]; terminated: boolean } {
  if (text === '') return { lines: [], terminated: true };
  const terminated = text.endsWith('\n');
  const lines = (terminated ? text.slice(0, -1) : text).split('\n');
  return { lines, terminated };
}

/** Parse a non-negative decimal count (head/tail/cut style), or null. */
export function parseCount(s: string): number | null {
  if (!/^\+?[0-9]+$/.test(s)) return null;
  return Number(s);
}

/**
 * getopt plus GNU's common `--version`: returns the parsed options, or the result to return
 * (usage error with `errorCode`, or the version text).
 */
export function parseArgs(
  name: string,
  args: string[],
  specs: OptSpec[],
  errorCode = 1,
  options: GetoptOptions = {},
): { opts: ParsedOpt[]; operands: string[] } | CommandResult {
  const parsed = getopt(name, args, [...specs, { key: '--version', long: 'version' }], options);
  if (!parsed.ok) return { stdout: '', stderr: parsed.message, exitCode: errorCode };
  if (parsed.opts.some((o) => o.key === '--version')) {
    return { stdout: COMMAND_VERSION[name] ?? '', stderr: '', exitCode: 0 };
  }
  return { opts: parsed.opts, operands: parsed.operands };
}

export const isResult = (x: object): x is CommandResult => 'exitCode' in x;

/** Usage error with GNU's "Try … --help" line. */
export function usage(name: string, message: string, exitCode = 1): CommandResult {
  return { stdout: '', stderr: `${name}: ${message}\nTry '${name} --help' for more information.\n`, exitCode };
}

/** UTF-8 encoding (the engine has no TextEncoder). */
export function utf8Encode(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  }
  return out;
}

/** UTF-8 decoding; an invalid or cut sequence becomes U+FFFD. */
export function utf8Decode(bytes: number[]): string {
  let s = '';
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i] as number;
    const need = b < 0x80 ? 0 : b >= 0xf0 ? 3 : b >= 0xe0 ? 2 : b >= 0xc0 ? 1 : -1;
    const cut = need < 0 || i + need >= bytes.length || bytes.slice(i + 1, i + 1 + need).some((c) => (c & 0xc0) !== 0x80);
    if (cut) {
      s += '\ufffd';
      i++;
      continue;
    }
    let cp = need === 0 ? b : b & (0x3f >> need);
    for (let k = 1; k <= need; k++) cp = (cp << 6) | ((bytes[i + k] as number) & 63);
    s += String.fromCodePoint(cp);
    i += need + 1;
  }
  return s;
}

export const utf8Length = (s: string): number => utf8Encode(s).length;

/** Lines of an input for line-oriented tools: the last line may lack its terminator. */
export function linesOf(text: string, sep = '\n'): string[] {
  if (text === '') return [];
  const parts = text.split(sep);
  if (text.endsWith(sep)) parts.pop();
  return parts;
}
