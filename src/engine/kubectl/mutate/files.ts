// `-f FILE|DIR|-` as cli-runtime's resource.Builder reads it (FilenameParam, Path,
// ExpandPathsToFileVisitors, StreamVisitor): comma-separated values, `-` for stdin (source
// "STDIN"), globs, directories (only .json/.yaml/.yml files, sorted; subdirectories with -R),
// and the builder's errors, which stop the command before anything is sent.

import { parseManifests } from '../../format/manifest.ts';
import { type FlagValues, flagAll } from '../flags.ts';
import type { Invocation } from '../types.ts';
import { type KError, plainError } from './errors.ts';

export interface ManifestStream {
  /** What error messages name: the path as typed (or joined under a directory), or STDIN. */
  source: string;
  /** The decoded documents, in order (nulls and empty documents dropped). */
  docs: unknown[];
  /** The stream's read or parse error: documents after it were never read. */
  error?: KError;
}

export type ReadResult =
  | { ok: true; streams: ManifestStream[]; singleItemImplied: boolean }
  | { ok: false; errors: KError[] };

const EXTENSIONS = ['.json', '.yaml', '.yml'];

/** The -f values: the flag may repeat and each value may list several, comma-separated. */
export function filenameArgs(flags: FlagValues): string[] {
  return flagAll(flags, 'filename').flatMap((v) => v.split(',')).filter((v) => v !== '');
}

export function readManifests(inv: Invocation, filenames: string[], recursive: boolean): ReadResult {
  const fs = inv.shell.fs;
  const errors: KError[] = [];
  const streams: ManifestStream[] = [];
  let stdinUsed = false;
  let dir = false;
  let stream = false;
  let paths = 0;
  for (const name of filenames) {
    if (name === '-') {
      if (stdinUsed) errors.push(plainError('standard input cannot be used for multiple arguments'));
      stdinUsed = true;
      stream = true;
      streams.push(parse(inv.shell.stdin, 'STDIN'));
      continue;
    }
    if (/^https?:\/\//.test(name)) {
      // No network: the fetch fails the way Go's http.Get does without DNS.
      const host = name.replace(/^https?:\/\//, '').split('/')[0] ?? '';
      streams.push({ source: name, docs: [], error: plainError(`Get "${name}": dial tcp: lookup ${host}: no such host`) });
      paths++;
      continue;
    }
    const matches = expandPattern(inv, name);
    if (matches.length === 0) {
      errors.push(plainError(`the path "${name}" does not exist`));
      continue;
    }
    for (const m of matches) {
      const abs = fs.resolve(m);
      if (fs.isDirectory(abs)) {
        const files = listDir(inv, m, recursive);
        if (files.length > 1) dir = true;
        if (files.length === 0) {
          errors.push(plainError(`error reading [${name}]: recognized file extensions are [${EXTENSIONS.join(' ')}]`));
          continue;
        }
        for (const f of files) streams.push(readFile(inv, f));
        paths += files.length;
      } else {
        streams.push(readFile(inv, m));
        paths++;
      }
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, streams, singleItemImplied: !dir && !stream && paths === 1 && filenames.length === 1 };
}

function readFile(inv: Invocation, path: string): ManifestStream {
  const text = inv.shell.fs.readFile(inv.shell.fs.resolve(path));
  if (text === undefined) return { source: path, docs: [], error: plainError(`open ${path}: no such file or directory`) };
  return parse(text, path);
}

function parse(text: string, source: string): ManifestStream {
  const r = parseManifests(text, source);
  if (r.ok) return { source, docs: r.docs.filter((d) => d !== null && d !== undefined) };
  const partial = (r as { docs?: unknown[] }).docs ?? [];
  return { source, docs: partial.filter((d) => d !== null && d !== undefined), error: plainError(r.error.replace(/^error: /, '').replace(/\n$/, '')) };
}

/** The path itself when it exists, else its glob matches (filepath.Glob), sorted. */
function expandPattern(inv: Invocation, pattern: string): string[] {
  const fs = inv.shell.fs;
  const abs = fs.resolve(pattern);
  if (fs.exists(abs) || fs.readFile(abs) !== undefined) return [pattern];
  if (!/[*?[]/.test(pattern)) return [];
  const slash = pattern.lastIndexOf('/');
  const dirPart = slash < 0 ? '' : pattern.slice(0, slash + 1);
  const base = pattern.slice(slash + 1);
  if (/[*?[]/.test(dirPart)) return [];
  const names = fs.list(fs.resolve(dirPart || '.')) ?? [];
  const re = globToRegExp(base);
  return names.filter((n) => re.test(n)).map((n) => dirPart + n).sort();
}

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (const ch of glob) {
    if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else re += ch.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** filepath.Walk under `dir`: files with a manifest extension, lexical order. */
function listDir(inv: Invocation, dir: string, recursive: boolean): string[] {
  const fs = inv.shell.fs;
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of [...(fs.list(fs.resolve(d)) ?? [])].sort()) {
      const path = `${d.replace(/\/$/, '')}/${name}`;
      if (fs.isDirectory(fs.resolve(path))) {
        if (recursive) walk(path);
        continue;
      }
      if (EXTENSIONS.some((e) => name.endsWith(e))) out.push(path);
    }
  };
  walk(dir);
  return out;
}
