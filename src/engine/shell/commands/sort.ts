// sort: C-locale byte order, -n -h -f -b -r -u -s -k -t -o; ties fall back to comparing
// whole lines (reversed by a global -r) unless -s or -u, as GNU sort does.

import type { CommandDescriptor } from '../types.ts';
import { COMMAND_HELP } from './help-texts.ts';
import { isResult, linesOf, Out, parseArgs, readInput } from './util.ts';

const SPECS = [
  { key: 'b', short: 'b', long: 'ignore-leading-blanks' },
  { key: 'd', short: 'd', long: 'dictionary-order' },
  { key: 'f', short: 'f', long: 'ignore-case' },
  { key: 'g', short: 'g', long: 'general-numeric-sort' },
  { key: 'h', short: 'h', long: 'human-numeric-sort' },
  { key: 'n', short: 'n', long: 'numeric-sort' },
  { key: 'r', short: 'r', long: 'reverse' },
  { key: 'V', short: 'V', long: 'version-sort' },
  { key: 'c', short: 'c', long: 'check' },
  { key: 'k', short: 'k', long: 'key', arg: 'required' as const },
  { key: 'o', short: 'o', long: 'output', arg: 'required' as const },
  { key: 's', short: 's', long: 'stable' },
  { key: 't', short: 't', long: 'field-separator', arg: 'required' as const },
  { key: 'u', short: 'u', long: 'unique' },
  { key: 'z', short: 'z', long: 'zero-terminated' },
  { key: 'S', short: 'S', long: 'buffer-size', arg: 'required' as const },
  { key: 'T', short: 'T', long: 'temporary-directory', arg: 'required' as const },
  { key: 'parallel', long: 'parallel', arg: 'required' as const },
];

const ORDER_FLAGS = 'bdfghnrV';

interface Key {
  startField: number;
  startChar: number;
  endField: number; // 0: end of line
  endChar: number; // 0: end of field
  flags: string;
  skipStartBlanks: boolean;
  skipEndBlanks: boolean;
}

function parseKey(spec: string, global: string): Key | string {
  const m = /^([0-9]*)(?:\.([0-9]*))?([bdfghinMRrV]*)(?:,([0-9]*)(?:\.([0-9]*))?([bdfghinMRrV]*))?$/.exec(spec);
  if (!m || m[1] === '') {
    const bad = /^[0-9]*/.exec(spec)?.[0] === '' ? spec : spec.replace(/^[0-9]+/, '');
    return `sort: invalid number at field start: invalid count at start of '${bad}'\n`;
  }
  const startField = Number(m[1]);
  if (startField === 0) return `sort: field number is zero: invalid field specification '${spec}'\n`;
  if (m[2] !== undefined && Number(m[2]) === 0) return `sort: character offset is zero: invalid field specification '${spec}'\n`;
  const own = (m[3] ?? '') + (m[6] ?? '');
  return {
    startField,
    startChar: m[2] ? Number(m[2]) : 1,
    endField: m[4] ? Number(m[4]) : 0,
    endChar: m[5] ? Number(m[5]) : 0,
    flags: own === '' ? global : own,
    skipStartBlanks: (m[3] ?? '').includes('b') || (own === '' && global.includes('b')),
    skipEndBlanks: (m[6] ?? '').includes('b') || (own === '' && global.includes('b')),
  };
}

/** Start offsets of fields: with -t at separators, otherwise at each blank run. */
function fieldBounds(line: string, tab: string | null): [number, number][] {
  const bounds: [number, number][] = [];
  if (tab !== null) {
    let start = 0;
    for (let i = line.indexOf(tab); i >= 0; i = line.indexOf(tab, start)) {
      bounds.push([start, i]);
      start = i + 1;
    }
    bounds.push([start, line.length]);
    return bounds;
  }
  let i = 0;
  while (i < line.length) {
    const start = i;
    while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
    while (i < line.length && line[i] !== ' ' && line[i] !== '\t') i++;
    bounds.push([start, i]);
  }
  return bounds;
}

function extract(line: string, key: Key, tab: string | null): string {
  const bounds = fieldBounds(line, tab);
  const sf = bounds[key.startField - 1];
  if (!sf) return '';
  let start = sf[0];
  if (key.skipStartBlanks) while (start < sf[1] && (line[start] === ' ' || line[start] === '\t')) start++;
  start = Math.min(start + key.startChar - 1, sf[1]);
  let end = line.length;
  if (key.endField) {
    const ef = bounds[key.endField - 1];
    if (!ef) end = line.length;
    else if (key.endChar === 0) end = ef[1];
    else {
      let s = ef[0];
      if (key.skipEndBlanks) while (s < ef[1] && (line[s] === ' ' || line[s] === '\t')) s++;
      end = Math.min(s + key.endChar, ef[1]);
    }
  }
  return end > start ? line.slice(start, end) : '';
}

const numberPrefix = (s: string): number => {
  const m = /^[ \t]*(-?[0-9]*\.?[0-9]*)/.exec(s);
  const n = Number(m?.[1] ?? '');
  return m && /[0-9]/.test(m[1] as string) && !Number.isNaN(n) ? n : 0;
};

function human(s: string): [number, number] {
  const m = /^[ \t]*(-?[0-9]*\.?[0-9]*)([kKMGTPEZYRQ]?)/.exec(s);
  if (!m || !/[0-9]/.test(m[1] as string)) return [0, 0];
  const n = Number(m[1]);
  const mag = m[2] ? 'kKMGTPEZYRQ'.indexOf(m[2] as string) : -1;
  const order = mag < 0 ? 0 : mag <= 1 ? 1 : mag;
  return [Math.sign(n) * (order + 1), n];
}

function versionCompare(a: string, b: string): number {
  const pa = a.match(/[0-9]+|[^0-9]+/g) ?? [];
  const pb = b.match(/[0-9]+|[^0-9]+/g) ?? [];
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (/^[0-9]/.test(x) && /^[0-9]/.test(y)) {
      const d = Number(x) - Number(y);
      if (d) return d;
    } else if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

function compareBy(a: string, b: string, flags: string): number {
  let r: number;
  if (flags.includes('n')) r = numberPrefix(a) - numberPrefix(b);
  else if (flags.includes('g')) {
    const x = parseFloat(a);
    const y = parseFloat(b);
    r = (Number.isNaN(x) ? -Infinity : x) - (Number.isNaN(y) ? -Infinity : y) || 0;
  } else if (flags.includes('h')) {
    const [oa, na] = human(a);
    const [ob, nb] = human(b);
    r = oa - ob || na - nb;
  } else if (flags.includes('V')) r = versionCompare(a, b);
  else {
    let x = a;
    let y = b;
    if (flags.includes('d')) {
      x = x.replace(/[^A-Za-z0-9 \t]/g, '');
      y = y.replace(/[^A-Za-z0-9 \t]/g, '');
    }
    if (flags.includes('f')) {
      x = x.toUpperCase();
      y = y.toUpperCase();
    }
    r = x < y ? -1 : x > y ? 1 : 0;
  }
  return flags.includes('r') ? -r : r;
}

export const sort: CommandDescriptor = {
  name: 'sort',
  summary: 'sort lines of text files',
  help: COMMAND_HELP['sort'] as string,
  run(ctx) {
    const parsed = parseArgs('sort', ctx.args, SPECS, 2);
    if (isResult(parsed)) return parsed;
    let global = '';
    let tab: string | null = null;
    let unique = false;
    let stable = false;
    let output: string | null = null;
    let check = false;
    const keySpecs: string[] = [];
    let sep = '\n';
    for (const o of parsed.opts) {
      if (ORDER_FLAGS.includes(o.key)) global += o.key;
      else if (o.key === 't') {
        const t = o.value as string;
        if (t.length > 1 && t !== '\\0') return { stdout: '', stderr: `sort: multi-character tab '${t}'\n`, exitCode: 2 };
        if (t === '') return { stdout: '', stderr: 'sort: empty tab\n', exitCode: 2 };
        tab = t === '\\0' ? '\0' : t;
      } else if (o.key === 'k') keySpecs.push(o.value as string);
      else if (o.key === 'u') unique = true;
      else if (o.key === 's') stable = true;
      else if (o.key === 'o') output = o.value as string;
      else if (o.key === 'c') check = true;
      else if (o.key === 'z') sep = '\0';
    }
    const keys: Key[] = [];
    for (const spec of keySpecs) {
      const k = parseKey(spec, global);
      if (typeof k === 'string') return { stdout: '', stderr: k, exitCode: 2 };
      keys.push(k);
    }
    const o = new Out();
    const lines: string[] = [];
    for (const file of parsed.operands.length ? parsed.operands : ['-']) {
      const input = readInput(ctx, file);
      if ('error' in input) {
        const msg = input.error === 'Is a directory' ? `sort: read failed: ${file}: ${input.error}\n` : `sort: cannot read: ${file}: ${input.error}\n`;
        return { stdout: '', stderr: msg, exitCode: 2 };
      }
      lines.push(...linesOf(input.data, sep));
    }
    const keyCompare = (a: string, b: string): number => {
      if (keys.length === 0) return compareBy(a, b, global);
      for (const k of keys) {
        const r = compareBy(extract(a, k, tab), extract(b, k, tab), k.flags);
        if (r) return r;
      }
      return 0;
    };
    const lastResort = !stable && !unique && (keys.length > 0 || /[nghVfd]/.test(global));
    const cmp = (a: string, b: string): number => {
      const r = keyCompare(a, b);
      if (r || !lastResort) return r;
      const x = a < b ? -1 : a > b ? 1 : 0;
      return global.includes('r') ? -x : x;
    };
    if (check) {
      for (let i = 1; i < lines.length; i++) {
        const c = cmp(lines[i - 1] as string, lines[i] as string);
        if (c > 0 || (unique && c === 0)) {
          o.err(`sort: ${parsed.operands[0] ?? '-'}:${i + 1}: disorder: ${lines[i]}\n`);
          return o.result(1);
        }
      }
      return o.result(0);
    }
    const sorted = lines.map((l, i) => ({ l, i })).sort((a, b) => cmp(a.l, b.l) || a.i - b.i).map((x) => x.l);
    const result = unique ? sorted.filter((l, i) => i === 0 || keyCompare(sorted[i - 1] as string, l) !== 0) : sorted;
    const text = result.map((l) => l + sep).join('');
    if (output !== null) {
      const err = ctx.fs.writeFile(output, text);
      if (err) return { stdout: '', stderr: `sort: open failed: ${output}: ${err}\n`, exitCode: 2 };
      return o.result(0);
    }
    o.out(text);
    return o.result(0);
  },
};
