// `[[ … ]]`: no word splitting, `==` matches shell patterns, `=~` POSIX extended regexes
// (quoted parts literal), `<` `>` compare strings, -eq… evaluate arithmetic.

import type { CondExpr, Word } from './ast.ts';
import { RegexError, translate } from './commands/regex.ts';
import { globMatch } from './glob.ts';
import type { FileSystem } from './types.ts';

export interface CondHost {
  text(w: Word): string;
  pattern(w: Word): string;
  /** ERE source with quoted characters escaped. */
  regex(w: Word): string;
  arith(s: string): number;
  fs: FileSystem;
  getVar(name: string): string | undefined;
  /** BASH_REMATCH: whole match then groups, or null when nothing matched. */
  setMatch(groups: string[] | null): void;
}

/** Raised for an invalid `=~` regex: `[[` then returns 2. */
export class CondError {
  constructor(readonly status: number) {}
}

export function evalCond(e: CondExpr, h: CondHost): boolean {
  switch (e.op) {
    case 'and':
      return evalCond(e.a, h) && evalCond(e.b, h);
    case 'or':
      return evalCond(e.a, h) || evalCond(e.b, h);
    case 'not':
      return !evalCond(e.e, h);
    case 'word':
      return h.text(e.w) !== '';
    case 'unary':
      return unary(e.name, h.text(e.arg), h);
    case 'binary':
      return binary(e.name, e.a, e.b, h);
  }
}

function unary(op: string, arg: string, h: CondHost): boolean {
  const fs = h.fs;
  switch (op) {
    case '-z':
      return arg === '';
    case '-n':
      return arg !== '';
    case '-e':
    case '-a':
    case '-r':
    case '-w':
      return fs.exists(arg);
    case '-f':
      return fs.exists(arg) && !fs.isDirectory(arg) && fs.resolve(arg) !== '/dev/null';
    case '-d':
    case '-x':
      return fs.isDirectory(arg);
    case '-s':
      return fs.isDirectory(arg) || (fs.readFile(arg) ?? '') !== '';
    case '-c':
      return fs.resolve(arg) === '/dev/null';
    case '-v':
      return h.getVar(arg) !== undefined;
    default:
      return false;
  }
}

function binary(op: string, aw: Word, bw: Word, h: CondHost): boolean {
  const a = h.text(aw);
  switch (op) {
    case '==':
    case '=':
      return globMatch(h.pattern(bw), a);
    case '!=':
      return !globMatch(h.pattern(bw), a);
    case '<':
      return a < h.text(bw);
    case '>':
      return a > h.text(bw);
    case '=~': {
      let re: RegExp;
      try {
        re = new RegExp(translate(h.regex(bw), 'ERE').source);
      } catch (err) {
        if (err instanceof RegexError || err instanceof SyntaxError) throw new CondError(2);
        throw err;
      }
      const m = re.exec(a);
      h.setMatch(m ? m.map((g) => g ?? '') : null);
      return m !== null;
    }
    case '-eq':
    case '-ne':
    case '-lt':
    case '-le':
    case '-gt':
    case '-ge': {
      const x = h.arith(a);
      const y = h.arith(h.text(bw));
      return op === '-eq' ? x === y : op === '-ne' ? x !== y : op === '-lt' ? x < y : op === '-le' ? x <= y : op === '-gt' ? x > y : x >= y;
    }
    default:
      return false;
  }
}
