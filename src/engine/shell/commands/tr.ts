// tr: translate (SET2 padded with its last character), -d delete, -s squeeze, -c complement.
// Sets understand ranges, [:class:] names and backslash escapes.

import type { CommandDescriptor } from '../types.ts';
import { COMMAND_HELP } from './help-texts.ts';
import { isResult, Out, parseArgs, usage } from './util.ts';

const SPECS = [
  { key: 'c', short: 'c', long: 'complement' },
  { key: 'c', short: 'C' },
  { key: 'd', short: 'd', long: 'delete' },
  { key: 's', short: 's', long: 'squeeze-repeats' },
  { key: 't', short: 't', long: 'truncate-set1' },
];

const CLASSES: Record<string, () => string> = {
  alnum: () => range('0', '9') + range('A', 'Z') + range('a', 'z'),
  alpha: () => range('A', 'Z') + range('a', 'z'),
  blank: () => ' \t',
  cntrl: () => range('\x00', '\x1f') + '\x7f',
  digit: () => range('0', '9'),
  graph: () => range('!', '~'),
  lower: () => range('a', 'z'),
  print: () => range(' ', '~'),
  punct: () => [...range('!', '~')].filter((c) => !/[A-Za-z0-9]/.test(c)).join(''),
  space: () => '\t\n\v\f\r ',
  upper: () => range('A', 'Z'),
  xdigit: () => range('0', '9') + range('A', 'F') + range('a', 'f'),
};

function range(a: string, b: string): string {
  let s = '';
  for (let c = a.charCodeAt(0); c <= b.charCodeAt(0); c++) s += String.fromCharCode(c);
  return s;
}

/** One character of a set at `i`, with escapes decoded. */
function charAt(set: string, i: number): { ch: string; next: number } {
  if (set[i] !== '\\' || i + 1 >= set.length) return { ch: set[i] as string, next: i + 1 };
  const esc: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };
  const c = set[i + 1] as string;
  const oct = /^[0-7]{1,3}/.exec(set.slice(i + 1));
  if (oct) return { ch: String.fromCharCode(parseInt(oct[0], 8) & 0xff), next: i + 1 + oct[0].length };
  return { ch: esc[c] ?? c, next: i + 2 };
}

function expandSet(set: string): string | { error: string } {
  let out = '';
  for (let i = 0; i < set.length; ) {
    const cls = /^\[:([a-z]+):\]/.exec(set.slice(i));
    if (cls) {
      const gen = CLASSES[cls[1] as string];
      if (!gen) return { error: `invalid character class '${cls[1]}'` };
      out += gen();
      i += cls[0].length;
      continue;
    }
    const { ch, next } = charAt(set, i);
    if (set[next] === '-' && next + 1 < set.length) {
      const end = charAt(set, next + 1);
      if (end.ch < ch) {
        return { error: `range-endpoints of '${set.slice(i, end.next)}' are in reverse collating sequence order` };
      }
      out += range(ch, end.ch);
      i = end.next;
      continue;
    }
    out += ch;
    i = next;
  }
  return out;
}

export const tr: CommandDescriptor = {
  name: 'tr',
  summary: 'translate or delete characters',
  help: COMMAND_HELP['tr'] as string,
  run(ctx) {
    const parsed = parseArgs('tr', ctx.args, SPECS);
    if (isResult(parsed)) return parsed;
    const f = new Set(parsed.opts.map((o) => o.key));
    const ops = parsed.operands;
    const translating = !f.has('d') && !(f.has('s') && ops.length === 1);
    const needed = f.has('d') && f.has('s') ? 2 : translating ? 2 : 1;
    if (ops.length === 0) return usage('tr', 'missing operand');
    if (ops.length < needed) {
      const why = translating ? 'Two strings must be given when translating.' : 'Two strings must be given when both deleting and squeezing repeats.';
      return { stdout: '', stderr: `tr: missing operand after '${ops[ops.length - 1]}'\n${why}\nTry 'tr --help' for more information.\n`, exitCode: 1 };
    }
    if (ops.length > needed) {
      const extra = `tr: extra operand '${ops[needed]}'\n`;
      const hint = needed === 1 && f.has('d') ? 'Only one string may be given when deleting without squeezing repeats.\n' : '';
      return { stdout: '', stderr: `${extra}${hint}Try 'tr --help' for more information.\n`, exitCode: 1 };
    }
    const sets: string[] = [];
    for (const op of ops) {
      const s = expandSet(op);
      if (typeof s !== 'string') return { stdout: '', stderr: `tr: ${s.error}\n`, exitCode: 1 };
      sets.push(s);
    }
    const set1 = sets[0] as string;
    const in1 = (c: string): boolean => set1.includes(c) !== f.has('c');
    const o = new Out();
    let out = '';
    const data = ctx.stdin;
    if (f.has('d')) {
      for (const c of data) if (!in1(c)) out += c;
      if (f.has('s')) out = squeeze(out, sets[1] as string);
    } else if (translating) {
      let set2 = sets[1] as string;
      if (set2 === '' && set1 !== '') return { stdout: '', stderr: 'tr: when not truncating set1, string2 must be non-empty\n', exitCode: 1 };
      const map = new Map<string, string>();
      if (f.has('c')) {
        for (const c of data) if (!set1.includes(c)) map.set(c, set2[set2.length - 1] as string);
      } else {
        if (!f.has('t') && set2.length < set1.length) set2 = set2.padEnd(set1.length, set2[set2.length - 1]);
        [...set1].forEach((c, i) => {
          if (i < set2.length) map.set(c, set2[i] as string);
        });
      }
      for (const c of data) out += map.get(c) ?? c;
      if (f.has('s')) out = squeeze(out, set2);
    } else out = squeeze(data, set1, f.has('c'));
    o.out(out);
    return o.result(0);
  },
};

function squeeze(text: string, set: string, complement = false): string {
  let out = '';
  let prev = '';
  for (const c of text) {
    if (c === prev && set.includes(c) !== complement) continue;
    out += c;
    prev = c;
  }
  return out;
}
