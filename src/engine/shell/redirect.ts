// Redirections, applied left to right as bash does (`>f 2>&1` differs from `2>&1 >f`).
// Errors are printed as bash prints them and the command does not run (status 1).

import type { Redirect, Word } from './ast.ts';
import { readOrError } from './fs.ts';
import { FileSink, InStream, nullSink, out, type IO, type Sink } from './io.ts';
import type { FileSystem } from './types.ts';

export interface RedirectExpander {
  fields(word: Word): string[];
  text(word: Word): string;
}

export function applyRedirects(redirs: Redirect[], io: IO, fs: FileSystem, expand: RedirectExpander): IO | null {
  const next: IO = { stdin: io.stdin, fds: [...io.fds] };
  const error = (text: string): null => {
    out(next, 2, `bash: ${text}\n`);
    return null;
  };
  for (const r of redirs) {
    if (r.heredoc) {
      const body = r.heredoc.body ? expand.text(r.heredoc.body) : '';
      if ((r.fd ?? 0) === 0) next.stdin = new InStream(body);
      continue;
    }
    if (r.op === '<<<') {
      if ((r.fd ?? 0) === 0) next.stdin = new InStream(expand.text(r.target) + '\n');
      continue;
    }
    const fields = expand.fields(r.target);
    if (fields.length !== 1) return error(`${r.target.raw}: ambiguous redirect`);
    const target = fields[0] as string;
    switch (r.op) {
      case '<':
      case '<>': {
        const read = readOrError(fs, target);
        if ('error' in read) return error(`${target}: ${read.error}`);
        if ((r.fd ?? 0) === 0) next.stdin = new InStream(read.data);
        break;
      }
      case '>&':
      case '<&': {
        const fd = r.fd ?? (r.op === '>&' ? 1 : 0);
        if (target === '-') {
          next.fds[fd] = nullSink;
          break;
        }
        if (/^[0-9]+$/.test(target)) {
          const n = Number(target);
          if (r.op === '<&') break; // input duplication: only fd 0 exists
          const sink = next.fds[n];
          if (!sink) return error(`${target}: Bad file descriptor`);
          next.fds[fd] = sink;
          break;
        }
        if (r.op === '<&' || r.fd !== null) return error(`${target}: ambiguous redirect`);
        // `>&file` is `&>file`.
        const sink = open(fs, target, false, next);
        if (typeof sink === 'string') return error(sink);
        next.fds[1] = next.fds[2] = sink;
        break;
      }
      case '&>':
      case '&>>': {
        const sink = open(fs, target, r.op === '&>>', next);
        if (typeof sink === 'string') return error(sink);
        next.fds[1] = next.fds[2] = sink;
        break;
      }
      case '>':
      case '>|':
      case '>>': {
        const sink = open(fs, target, r.op === '>>', next);
        if (typeof sink === 'string') return error(sink);
        next.fds[r.fd ?? 1] = sink;
        break;
      }
      default:
        break;
    }
  }
  return next;
}

/** Open a file for writing (truncating unless appending); a string is the error text. */
function open(fs: FileSystem, path: string, append: boolean, io: IO): Sink | string {
  const abs = fs.resolve(path);
  if (abs === '/dev/stdout') return io.fds[1] ?? nullSink;
  if (abs === '/dev/stderr') return io.fds[2] ?? nullSink;
  if (abs === '/dev/null') return nullSink;
  const err = fs.writeFile(path, '', append || undefined);
  if (err) return `${path}: ${err}`;
  return new FileSink(fs, abs);
}
