// Shell patterns (`*`, `?`, `[…]`) for pathname expansion, `case` and `${x#pat}`.
// A pattern string marks quoted characters with a backslash, as bash does internally.

import type { FileSystem } from './types.ts';

const META = /[*?[]/;

/** Escape text so that it matches itself as a pattern. */
export function escapeGlob(text: string): string {
  return text.replace(/[\\*?[\]]/g, (c) => '\\' + c);
}

/** Remove the pattern backslashes: the literal a pattern stands for when nothing matches. */
export function unescapeGlob(pattern: string): string {
  return pattern.replace(/\\(.)/gs, '$1');
}

/** True when the pattern has an unescaped `*`, `?` or `[`. */
export function hasGlobMeta(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] === '\\') i++;
    else if (META.test(pattern[i] as string)) return true;
  }
  return false;
}

/** Translate a shell pattern into a regular-expression source (no anchors). */
export function globToRegexSource(pattern: string, pathname = false): string {
  let out = '';
  const any = pathname ? '[^/]' : '[\\s\\S]';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '\\') {
      const n = pattern[i + 1];
      out += n === undefined ? '\\\\' : escapeRegex(n);
      i++;
    } else if (c === '*') out += any + '*';
    else if (c === '?') out += any;
    else if (c === '[') {
      const cls = bracket(pattern, i);
      if (cls) {
        out += cls.source;
        i = cls.end - 1;
      } else out += '\\[';
    } else out += escapeRegex(c);
  }
  return out;
}

/** `[…]` starting at `i`: a regex class and the index after `]`, or null when unterminated. */
function bracket(p: string, i: number): { source: string; end: number } | null {
  let j = i + 1;
  let negate = false;
  if (p[j] === '!' || p[j] === '^') {
    negate = true;
    j++;
  }
  let body = '';
  let first = true;
  for (; j < p.length; j++) {
    const c = p[j] as string;
    if (c === ']' && !first) return { source: `[${negate ? '^' : ''}${body}]`, end: j + 1 };
    first = false;
    if (c === '[' && p[j + 1] === ':') {
      const close = p.indexOf(':]', j + 2);
      if (close > 0) {
        body += posixClass(p.slice(j + 2, close));
        j = close + 1;
        continue;
      }
    }
    if (c === '\\' && j + 1 < p.length) {
      body += '\\' + p[j + 1];
      j++;
    } else if (c === '-' || c === ']' || c === '^' || c === '\\') body += '\\' + c;
    else body += c;
    // A range a-z keeps its dash unescaped.
    if (p[j + 1] === '-' && p[j + 2] !== undefined && p[j + 2] !== ']') {
      body += '-';
      j++;
    }
  }
  return null;
}

export function posixClass(name: string): string {
  const classes: Record<string, string> = {
    alpha: 'A-Za-z', digit: '0-9', alnum: 'A-Za-z0-9', upper: 'A-Z', lower: 'a-z',
    space: ' \\t\\n\\r\\f\\v', blank: ' \\t', punct: '!-\\/:-@\\[-`{-~', xdigit: '0-9A-Fa-f',
    cntrl: '\\x00-\\x1f\\x7f', print: ' -~', graph: '!-~', word: 'A-Za-z0-9_',
  };
  return classes[name] ?? '';
}

export function escapeRegex(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Whole-string match of a shell pattern. */
export function globMatch(pattern: string, text: string): boolean {
  return new RegExp(`^(?:${globToRegexSource(pattern)})$`).test(text);
}

/**
 * Pathname expansion against the filesystem: matches sorted, or null when nothing matches
 * (the word is then left as typed). A leading `.` must be matched explicitly.
 */
export function expandPath(pattern: string, fs: FileSystem): string[] | null {
  const absolute = pattern.startsWith('/');
  const segments = pattern.split('/').filter((s, i) => s !== '' || i === 0);
  let paths: string[] = [absolute ? '/' : ''];
  for (let si = absolute ? 1 : 0; si < segments.length; si++) {
    const seg = segments[si] as string;
    const last = si === segments.length - 1;
    const next: string[] = [];
    for (const base of paths) {
      const join = (name: string): string => (base === '' ? name : base.endsWith('/') ? base + name : base + '/' + name);
      if (!hasGlobMeta(seg)) {
        const p = join(unescapeGlob(seg));
        if (fs.exists(p) && (last || fs.isDirectory(p))) next.push(p);
        continue;
      }
      const names = fs.list(base === '' ? '.' : base) ?? [];
      const re = new RegExp(`^(?:${globToRegexSource(seg, true)})$`);
      for (const name of names) {
        if (name.startsWith('.') && !seg.startsWith('.') && !seg.startsWith('\\.')) continue;
        if (!re.test(name)) continue;
        const p = join(name);
        if (last || fs.isDirectory(p)) next.push(p);
      }
    }
    paths = next;
    if (paths.length === 0) return null;
  }
  if (pattern.endsWith('/')) paths = paths.filter((p) => fs.isDirectory(p)).map((p) => p + '/');
  return paths.length > 0 ? paths : null;
}
