// awk's built-in functions (length, substr, split, sub, gsub, match, sprintf, …).

import type { Expr } from './parser.ts';
import { gensub, substitute } from './strings.ts';
import { AwkFatal } from './errors.ts';
import { StrNum, toNum, type Val } from './values.ts';

export type AwkArray = Map<string, Val>;

/** What the built-ins need from the interpreter. */
export interface BuiltinHost {
  eval(e: Expr): Val;
  str(v: Val): string;
  regex(src: string): RegExp;
  regexArg(e: Expr): RegExp;
  array(name: string): AwkArray;
  isArray(name: string): boolean;
  assignTo(target: Expr, v: Val): void;
  readonly record: string;
  setGlobal(name: string, v: Val): void;
  getGlobal(name: string): Val;
  splitWith(text: string, fs: Val | RegExp): string[];
  runCommand(cmd: string, stdin: string): number;
  close(name: string): number;
  sprintf(fmt: string, args: Val[]): string;
  /** rand()/srand() state: awk's default seed is fixed, so runs repeat. */
  random: { seed: number; state: number };
}

export function callBuiltin(h: BuiltinHost, name: string, args: Expr[]): Val {
  const arg = (i: number): Val => (args[i] ? h.eval(args[i] as Expr) : undefined);
  const s = (i: number): string => h.str(arg(i));
  const n = (i: number): number => toNum(arg(i));
  switch (name) {
    case 'length': {
      const a = args[0];
      if (!a) return [...h.record].length;
      if (a.k === 'var' && h.isArray(a.name)) return h.array(a.name).size;
      return [...s(0)].length;
    }
    case 'substr': {
      // gawk: a length below 1 gives "", a start below 1 counts as 1, both are truncated.
      const chars = [...s(0)];
      let length: number | null = null;
      if (args.length > 2) {
        const d = n(2);
        if (!(d >= 1)) return '';
        length = Math.trunc(d);
      }
      let start = n(1);
      if (!(start >= 1)) start = 1;
      const index = Math.trunc(start - 1);
      if (index >= chars.length) return '';
      const len = Math.min(length ?? chars.length - index, chars.length - index);
      return chars.slice(index, index + len).join('');
    }
    case 'index': {
      const hay = s(0);
      const i = hay.indexOf(s(1));
      return i < 0 ? 0 : [...hay.slice(0, i)].length + 1;
    }
    case 'split': {
      const text = s(0);
      const target = args[1];
      if (!target || target.k !== 'var') throw new AwkFatal('split: second argument is not an array');
      const sep = args[2] ? (args[2].k === 'regex' ? h.regex(args[2].src) : h.eval(args[2])) : h.getGlobal('FS');
      const parts = h.splitWith(text, sep);
      const arr = h.array(target.name);
      arr.clear();
      parts.forEach((p, i) => arr.set(String(i + 1), new StrNum(p)));
      return parts.length;
    }
    case 'sub':
    case 'gsub': {
      const re = h.regexArg(args[0] as Expr);
      const target = args[2] ?? ({ k: 'field', e: { k: 'num', v: 0 } } as Expr);
      const text = h.str(h.eval(target));
      const { result, count } = substitute(text, re, s(1), name === 'gsub');
      if (count > 0) h.assignTo(target, result);
      return count;
    }
    case 'gensub': {
      const re = h.regexArg(args[0] as Expr);
      const how = s(2);
      const text = args[3] ? s(3) : h.record;
      return gensub(text, re, s(1), how);
    }
    case 'match': {
      const text = s(0);
      const m = h.regexArg(args[1] as Expr).exec(text);
      const start = m ? [...text.slice(0, m.index)].length + 1 : 0;
      const len = m ? [...m[0]].length : -1;
      h.setGlobal('RSTART', start);
      h.setGlobal('RLENGTH', len);
      const target = args[2];
      if (target && target.k === 'var') {
        const arr = h.array(target.name);
        arr.clear();
        if (m) m.forEach((g, i) => g !== undefined && arr.set(String(i), new StrNum(g)));
      }
      return start;
    }
    case 'sprintf': {
      const [fmt, ...rest] = args.map((a) => h.eval(a));
      return h.sprintf(h.str(fmt), rest);
    }
    case 'sin': return Math.sin(n(0));
    case 'cos': return Math.cos(n(0));
    case 'atan2': return Math.atan2(n(0), n(1));
    case 'exp': return Math.exp(n(0));
    case 'log': return Math.log(n(0));
    case 'sqrt': return Math.sqrt(n(0));
    case 'int': return Math.trunc(n(0));
    case 'rand': {
      // A fixed-seed linear congruential generator: awk's default seed is fixed too.
      h.random.state = (h.random.state * 1103515245 + 12345) % 2147483648;
      return h.random.state / 2147483648;
    }
    case 'srand': {
      const prev = h.random.seed;
      h.random.seed = args.length ? Math.trunc(n(0)) : 0;
      h.random.state = h.random.seed;
      return prev;
    }
    case 'tolower': return s(0).toLowerCase();
    case 'toupper': return s(0).toUpperCase();
    case 'system': return h.runCommand(s(0), '');
    case 'close': return h.close(s(0));
    case 'fflush': return 0;
    default:
      throw new AwkFatal(`function \`${name}' not defined`);
  }
}
