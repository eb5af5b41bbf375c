// grep: GNU grep 3.8 over files, directories (-r) or standard input. BRE by default, -E
// ERE, -F fixed strings, -P JavaScript's regex (close to PCRE). Exit 0 selected, 1 none,
// 2 error. --color is accepted and ignored.

import type { CommandContext, CommandDescriptor } from '../types.ts';
import { COMMAND_HELP } from './help-texts.ts';
import { RegexError, translate } from './regex.ts';
import { isResult, linesOf, Out, parseArgs, readInput } from './util.ts';

const SPECS = [
  { key: 'E', short: 'E', long: 'extended-regexp' },
  { key: 'F', short: 'F', long: 'fixed-strings' },
  { key: 'G', short: 'G', long: 'basic-regexp' },
  { key: 'P', short: 'P', long: 'perl-regexp' },
  { key: 'e', short: 'e', long: 'regexp', arg: 'required' as const },
  { key: 'f', short: 'f', long: 'file', arg: 'required' as const },
  { key: 'i', short: 'i', long: 'ignore-case' },
  { key: 'i', short: 'y' },
  { key: 'no-i', long: 'no-ignore-case' },
  { key: 'w', short: 'w', long: 'word-regexp' },
  { key: 'x', short: 'x', long: 'line-regexp' },
  { key: 'z', short: 'z', long: 'null-data' },
  { key: 's', short: 's', long: 'no-messages' },
  { key: 'v', short: 'v', long: 'invert-match' },
  { key: 'V', short: 'V' },
  { key: 'm', short: 'm', long: 'max-count', arg: 'required' as const },
  { key: 'b', short: 'b', long: 'byte-offset' },
  { key: 'n', short: 'n', long: 'line-number' },
  { key: 'line-buffered', long: 'line-buffered' },
  { key: 'H', short: 'H', long: 'with-filename' },
  { key: 'h', short: 'h', long: 'no-filename' },
  { key: 'label', long: 'label', arg: 'required' as const },
  { key: 'o', short: 'o', long: 'only-matching' },
  { key: 'q', short: 'q', long: 'quiet' },
  { key: 'q', long: 'silent' },
  { key: 'binary-files', long: 'binary-files', arg: 'required' as const },
  { key: 'a', short: 'a', long: 'text' },
  { key: 'I', short: 'I' },
  { key: 'd', short: 'd', long: 'directories', arg: 'required' as const },
  { key: 'D', short: 'D', long: 'devices', arg: 'required' as const },
  { key: 'r', short: 'r', long: 'recursive' },
  { key: 'r', short: 'R', long: 'dereference-recursive' },
  { key: 'include', long: 'include', arg: 'required' as const },
  { key: 'exclude', long: 'exclude', arg: 'required' as const },
  { key: 'exclude-dir', long: 'exclude-dir', arg: 'required' as const },
  { key: 'L', short: 'L', long: 'files-without-match' },
  { key: 'l', short: 'l', long: 'files-with-matches' },
  { key: 'c', short: 'c', long: 'count' },
  { key: 'T', short: 'T', long: 'initial-tab' },
  { key: 'Z', short: 'Z', long: 'null' },
  { key: 'B', short: 'B', long: 'before-context', arg: 'required' as const },
  { key: 'A', short: 'A', long: 'after-context', arg: 'required' as const },
  { key: 'C', short: 'C', long: 'context', arg: 'required' as const },
  { key: 'color', long: 'color', arg: 'optional' as const },
  { key: 'color', long: 'colour', arg: 'optional' as const },
  { key: 'U', short: 'U', long: 'binary' },
];

interface Options {
  invert: boolean;
  count: boolean;
  filesWith: boolean;
  filesWithout: boolean;
  quiet: boolean;
  noMessages: boolean;
  only: boolean;
  lineNumbers: boolean;
  byteOffset: boolean;
  maxCount: number;
  before: number;
  after: number;
  withFilename: boolean;
  label: string;
  sep: string;
}

function escapeJs(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

/** Build the matcher; a string is an error message (exit 2). */
function compile(patterns: string[], kind: 'G' | 'E' | 'F' | 'P', word: boolean, line: boolean, ignoreCase: boolean, warnings: string[]): RegExp | string {
  if (patterns.length === 0) return /(?!)/g;
  const sources: string[] = [];
  let groups = 0;
  for (const p of patterns) {
    let src: string;
    if (kind === 'F') src = escapeJs(p);
    else if (kind === 'P') src = p;
    else {
      try {
        const t = translate(p, kind === 'E' ? 'ERE' : 'BRE', { groupOffset: groups });
        src = t.source;
        groups += t.groups;
        warnings.push(...t.warnings);
      } catch (e) {
        if (e instanceof RegexError) return e.message;
        throw e;
      }
    }
    if (word) src = `(?<![A-Za-z0-9_])(?:${src})(?![A-Za-z0-9_])`;
    if (line) src = `^(?:${src})$`;
    sources.push(src);
  }
  try {
    return new RegExp(sources.length === 1 ? (sources[0] as string) : sources.map((s) => `(?:${s})`).join('|'), ignoreCase ? 'gi' : 'g');
  } catch (e) {
    return kind === 'P' ? (e instanceof Error ? e.message : String(e)) : 'Invalid regular expression';
  }
}

function contextNumber(name: string, v: string): number | string {
  if (!/^[0-9]+$/.test(v)) return `grep: ${v}: invalid context length argument\n`;
  return Number(v);
}

export const grep: CommandDescriptor = {
  name: 'grep',
  summary: 'print lines that match patterns',
  help: COMMAND_HELP['grep'] as string,
  run(ctx) {
    const parsed = parseArgs('grep', ctx.args, SPECS, 2, { digitOption: true });
    if (isResult(parsed)) {
      // grep's usage error is two lines: "Usage: grep [OPTION]... PATTERNS [FILE]..." + Try.
      if (parsed.exitCode === 2 && parsed.stderr) {
        const first = parsed.stderr.split('\n')[0] as string;
        return { stdout: '', stderr: `${first}\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n`, exitCode: 2 };
      }
      return parsed;
    }
    const o = new Out();
    let kind: 'G' | 'E' | 'F' | 'P' = 'G';
    let patterns: string[] | null = null;
    let ignoreCase = false;
    let word = false;
    let line = false;
    let recursive = false;
    const opts: Options = {
      invert: false, count: false, filesWith: false, filesWithout: false, quiet: false, noMessages: false, only: false,
      lineNumbers: false, byteOffset: false, maxCount: Infinity, before: 0, after: 0, withFilename: false,
      label: '(standard input)', sep: '\n',
    };
    let filename: boolean | null = null;
    for (const opt of parsed.opts) {
      const v = opt.value as string;
      switch (opt.key) {
        case 'E': case 'F': case 'G': case 'P':
          kind = opt.key;
          break;
        case 'e':
          (patterns ??= []).push(...v.split('\n'));
          break;
        case 'f': {
          const input = readInput(ctx, v);
          if ('error' in input) {
            o.err(`grep: ${v}: ${input.error}\n`);
            return o.result(2);
          }
          (patterns ??= []).push(...linesOf(input.data));
          break;
        }
        case 'i': ignoreCase = true; break;
        case 'no-i': ignoreCase = false; break;
        case 'w': word = true; break;
        case 'x': line = true; break;
        case 'z': opts.sep = '\0'; break;
        case 's': opts.noMessages = true; break;
        case 'v': opts.invert = true; break;
        case 'm':
          if (!/^-?[0-9]+$/.test(v)) {
            o.err(`grep: invalid max count\n`);
            return o.result(2);
          }
          opts.maxCount = Number(v) < 0 ? Infinity : Number(v);
          break;
        case 'b': opts.byteOffset = true; break;
        case 'n': opts.lineNumbers = true; break;
        case 'H': filename = true; break;
        case 'h': filename = false; break;
        case 'label': opts.label = v; break;
        case 'o': opts.only = true; break;
        case 'q': opts.quiet = true; break;
        case 'r': recursive = true; break;
        case 'L': opts.filesWithout = true; opts.filesWith = false; break;
        case 'l': opts.filesWith = true; opts.filesWithout = false; break;
        case 'c': opts.count = true; break;
        case 'A': case 'B': case 'C': case 'number': {
          const n = contextNumber(opt.key, v);
          if (typeof n === 'string') {
            o.err(n);
            return o.result(2);
          }
          if (opt.key !== 'B') opts.after = n;
          if (opt.key !== 'A') opts.before = n;
          break;
        }
        case 'V':
          return { stdout: '', stderr: '', exitCode: 0 };
        default:
          break;
      }
    }
    const operands = [...parsed.operands];
    if (patterns === null) {
      const p = operands.shift();
      if (p === undefined) {
        o.err("Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n");
        return o.result(2);
      }
      patterns = p.split('\n');
    }
    const warnings: string[] = [];
    const re = compile(patterns, kind, word, line, ignoreCase, warnings);
    for (const w of warnings) o.err(`grep: warning: ${w}\n`);
    if (typeof re === 'string') {
      o.err(`grep: ${re}\n`);
      return o.result(2);
    }
    if (operands.length === 0) operands.push(recursive ? '.' : '-');
    const files = recursive ? expandRecursive(ctx, operands, parsed.operands.length === 0) : operands.map((f) => ({ name: f, shown: f }));
    opts.withFilename = filename ?? (files.length > 1 || recursive);
    let selectedAny = false;
    let error = false;
    for (const file of files) {
      const input = readInput(ctx, file.name);
      if ('error' in input) {
        if (!opts.noMessages) o.err(`grep: ${file.shown}: ${input.error}\n`);
        error = true;
        continue;
      }
      const name = file.name === '-' ? opts.label : file.shown;
      const selected = searchFile(input.data, name, re, opts, o);
      if (selected) selectedAny = true;
      if (selected && opts.quiet) return o.result(0);
    }
    return o.result(error ? 2 : selectedAny ? 0 : 1);
  },
};

/** -r: directories expand to their files, depth first in name order. */
function expandRecursive(ctx: CommandContext, operands: string[], implicit: boolean): { name: string; shown: string }[] {
  const out: { name: string; shown: string }[] = [];
  const walk = (path: string, shown: string): void => {
    if (!ctx.fs.isDirectory(path)) {
      out.push({ name: path, shown });
      return;
    }
    for (const n of ctx.fs.list(path) ?? []) {
      const child = path.endsWith('/') ? path + n : `${path}/${n}`;
      walk(child, implicit ? child.replace(/^\.\//, '') : child);
    }
  };
  for (const op of operands) walk(op, op);
  return out;
}

/** Search one input; returns whether any line was selected. */
function searchFile(data: string, name: string, re: RegExp, opts: Options, o: Out): boolean {
  const lines = linesOf(data, opts.sep);
  const matches = (l: string): boolean => {
    re.lastIndex = 0;
    return re.test(l) !== opts.invert;
  };
  let selected = 0;
  let lastPrinted = -1;
  let afterLeft = 0;
  const prefix = (i: number, sep: string, offset: number): string =>
    (opts.withFilename ? name + sep : '') + (opts.lineNumbers ? String(i + 1) + sep : '') + (opts.byteOffset ? String(offset) + sep : '');
  const offsets: number[] = [];
  let pos = 0;
  for (const l of lines) {
    offsets.push(pos);
    pos += byteLength(l) + 1;
  }
  const context = !opts.only && (opts.before > 0 || opts.after > 0);
  const printLine = (i: number, sep: ':' | '-'): void => {
    if (context && lastPrinted >= 0 && i > lastPrinted + 1) o.out('--\n');
    o.out(prefix(i, sep, offsets[i] as number) + lines[i] + opts.sep);
    lastPrinted = i;
  };
  const listing = opts.count || opts.filesWith || opts.filesWithout || opts.quiet;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] as string;
    if (selected >= opts.maxCount) {
      // After the last allowed match, trailing context is still printed.
      if (afterLeft > 0 && !listing && !matches(l)) {
        printLine(i, '-');
        afterLeft--;
        continue;
      }
      break;
    }
    if (matches(l)) {
      selected++;
      if (listing) {
        if (opts.quiet || opts.filesWith) break;
        continue;
      }
      if (opts.only) {
        if (opts.invert) continue;
        re.lastIndex = 0;
        for (let m = re.exec(l); m; m = re.exec(l)) {
          if (m[0] === '') {
            re.lastIndex++;
            continue;
          }
          o.out(prefix(i, ':', (offsets[i] as number) + byteLength(l.slice(0, m.index))) + m[0] + opts.sep);
        }
        continue;
      }
      for (let b = Math.max(lastPrinted + 1, i - opts.before); b < i; b++) printLine(b, '-');
      printLine(i, ':');
      afterLeft = opts.after;
    } else if (afterLeft > 0 && !listing) {
      printLine(i, '-');
      afterLeft--;
    }
  }
  if (opts.count) o.out((opts.withFilename ? name + ':' : '') + String(selected) + '\n');
  if (opts.filesWith && selected > 0) o.out(name + '\n');
  if (opts.filesWithout && selected === 0) o.out(name + '\n');
  return opts.filesWithout ? selected === 0 : selected > 0;
}

function byteLength(s: string): number {
  let n = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
}
