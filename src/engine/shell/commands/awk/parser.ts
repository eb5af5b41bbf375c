// awk grammar (POSIX plus common gawk forms) to an AST.

import { AwkSyntaxError, type Tok } from './lexer.ts';

export type Expr =
  | { k: 'num'; v: number }
  | { k: 'str'; v: string }
  | { k: 'regex'; src: string }
  | { k: 'var'; name: string }
  | { k: 'field'; e: Expr }
  | { k: 'index'; name: string; subs: Expr[] }
  | { k: 'assign'; op: string; target: Expr; e: Expr }
  | { k: 'cond'; c: Expr; a: Expr; b: Expr }
  | { k: 'logic'; op: '&&' | '||'; a: Expr; b: Expr }
  | { k: 'in'; subs: Expr[]; name: string }
  | { k: 'match'; neg: boolean; e: Expr; re: Expr }
  | { k: 'cmp'; op: string; a: Expr; b: Expr }
  | { k: 'concat'; a: Expr; b: Expr }
  | { k: 'bin'; op: string; a: Expr; b: Expr }
  | { k: 'unary'; op: string; e: Expr }
  | { k: 'incdec'; op: '++' | '--'; prefix: boolean; target: Expr }
  | { k: 'call'; name: string; args: Expr[]; pos: number }
  | { k: 'builtin'; name: string; args: Expr[]; pos: number }
  | { k: 'getline'; from: 'main' | 'file' | 'cmd'; target: Expr | null; src: Expr | null }
  | { k: 'group'; e: Expr };

export interface Redirect {
  mode: '>' | '>>' | '|';
  e: Expr;
}

export type Stmt =
  | { k: 'print'; args: Expr[]; dest: Redirect | null }
  | { k: 'printf'; args: Expr[]; dest: Redirect | null }
  | { k: 'expr'; e: Expr }
  | { k: 'if'; c: Expr; then: Stmt; else: Stmt | null }
  | { k: 'while'; c: Expr; body: Stmt }
  | { k: 'do'; body: Stmt; c: Expr }
  | { k: 'for'; init: Stmt | null; c: Expr | null; step: Stmt | null; body: Stmt }
  | { k: 'forin'; v: Expr; arr: string; body: Stmt }
  | { k: 'block'; body: Stmt[] }
  | { k: 'next' }
  | { k: 'nextfile' }
  | { k: 'exit'; e: Expr | null }
  | { k: 'return'; e: Expr | null }
  | { k: 'break' }
  | { k: 'continue' }
  | { k: 'delete'; name: string; subs: Expr[] | null };

export interface Rule {
  pattern: Expr | null;
  range: [Expr, Expr] | null;
  action: Stmt[] | null;
}

export interface Program {
  begin: Stmt[][];
  end: Stmt[][];
  rules: Rule[];
  funcs: Map<string, { params: string[]; body: Stmt[] }>;
}

const UNEXPECTED_END = 'unexpected newline or end of string';

/** How many arguments each built-in function takes. */
const ARITY: Record<string, [number, number]> = {
  length: [0, 1], substr: [2, 3], index: [2, 2], split: [2, 4], sub: [2, 3], gsub: [2, 3], match: [2, 3],
  sprintf: [1, Infinity], sin: [1, 1], cos: [1, 1], atan2: [2, 2], exp: [1, 1], log: [1, 1], sqrt: [1, 1],
  int: [1, 1], rand: [0, 0], srand: [0, 1], tolower: [1, 1], toupper: [1, 1], system: [1, 1], close: [1, 2],
  fflush: [0, 1], gensub: [3, 4],
};

export function parseProgram(toks: Tok[]): Program {
  let i = 0;
  const prog: Program = { begin: [], end: [], rules: [], funcs: new Map() };
  const peek = (o = 0): Tok => toks[Math.min(i + o, toks.length - 1)] as Tok;
  const next = (): Tok => toks[Math.min(i++, toks.length - 1)] as Tok;
  const is = (value: string, t?: Tok): boolean => {
    const tok = t ?? peek();
    return (tok.type === 'op' || tok.type === 'keyword') && tok.value === value;
  };
  const error = (tok: Tok = peek()): never => {
    throw new AwkSyntaxError(tok.type === 'eof' || tok.type === 'newline' ? UNEXPECTED_END : 'syntax error', tok.pos);
  };
  const expect = (value: string): Tok => {
    if (!is(value)) error();
    return next();
  };
  const newlines = (): void => {
    while (peek().type === 'newline') i++;
  };
  const terminators = (): void => {
    while (peek().type === 'newline' || is(';')) i++;
  };

  // ---- expressions (lowest precedence first) ----
  // `noIn`: inside for(…) init; `noGt`: print arguments, where `>` redirects.
  interface Ctx {
    noIn?: boolean;
    noGt?: boolean;
  }

  const expr = (c: Ctx = {}): Expr => ternary(c);

  const isLvalue = (e: Expr): boolean => e.k === 'var' || e.k === 'field' || e.k === 'index';

  const ternary = (c: Ctx): Expr => {
    const cond = or(c);
    if (is('?')) {
      next();
      newlines();
      const a = ternary(c);
      newlines();
      expect(':');
      newlines();
      const b = ternary(c);
      return { k: 'cond', c: cond, a, b };
    }
    const t = peek();
    if (t.type === 'op' && /^(=|\+=|-=|\*=|\/=|%=|\^=)$/.test(t.value) && isLvalue(cond)) {
      next();
      newlines();
      return { k: 'assign', op: t.value, target: cond, e: ternary(c) };
    }
    return cond;
  };

  const or = (c: Ctx): Expr => {
    let a = and(c);
    while (is('||')) {
      next();
      newlines();
      a = { k: 'logic', op: '||', a, b: and(c) };
    }
    return a;
  };

  const and = (c: Ctx): Expr => {
    let a = inExpr(c);
    while (is('&&')) {
      next();
      newlines();
      a = { k: 'logic', op: '&&', a, b: inExpr(c) };
    }
    return a;
  };

  const inExpr = (c: Ctx): Expr => {
    let a = matchExpr(c);
    while (!c.noIn && is('in')) {
      next();
      const name = next();
      if (name.type !== 'name') error(name);
      a = { k: 'in', subs: [a], name: name.value };
    }
    return a;
  };

  const matchExpr = (c: Ctx): Expr => {
    let a = comparison(c);
    while (is('~') || is('!~')) {
      const neg = next().value === '!~';
      a = { k: 'match', neg, e: a, re: comparison(c) };
    }
    return a;
  };

  const comparison = (c: Ctx): Expr => {
    const a = concat(c);
    const t = peek();
    if (t.type === 'op' && ['<', '<=', '==', '!=', '>=', '>'].includes(t.value) && !(c.noGt && t.value === '>')) {
      next();
      return { k: 'cmp', op: t.value, a, b: concat(c) };
    }
    return a;
  };

  const startsConcat = (): boolean => {
    const t = peek();
    if (t.type === 'num' || t.type === 'str' || t.type === 'regex' || t.type === 'name' || t.type === 'funcname' || t.type === 'builtin') return true;
    if (t.type === 'op') return t.value === '$' || t.value === '!' || t.value === '(' || t.value === '-' || t.value === '+' || t.value === '++' || t.value === '--';
    return false;
  };

  const concat = (c: Ctx): Expr => {
    let a = additive(c);
    while (startsConcat()) {
      // `a -1` is subtraction (handled in additive), so a unary sign never starts a concatenation.
      if (is('-') || is('+') || is('!')) break;
      a = { k: 'concat', a, b: additive(c) };
    }
    return a;
  };

  const additive = (c: Ctx): Expr => {
    let a = multiplicative(c);
    while (is('+') || is('-')) {
      const op = next().value;
      a = { k: 'bin', op, a, b: multiplicative(c) };
    }
    return a;
  };

  const multiplicative = (c: Ctx): Expr => {
    let a = unary(c);
    while (is('*') || is('/') || is('%')) {
      const op = next().value;
      a = { k: 'bin', op, a, b: unary(c) };
    }
    return a;
  };

  const unary = (c: Ctx): Expr => {
    if (is('!') || is('-') || is('+')) {
      const op = next().value;
      return { k: 'unary', op, e: unary(c) };
    }
    return power(c);
  };

  const power = (c: Ctx): Expr => {
    const base = postfix(c);
    if (is('^')) {
      next();
      // Right-associative, and binds tighter than unary minus on its left only.
      return { k: 'bin', op: '^', a: base, b: unaryPow(c) };
    }
    return base;
  };

  const unaryPow = (c: Ctx): Expr => {
    if (is('-') || is('+') || is('!')) {
      const op = next().value;
      return { k: 'unary', op, e: unaryPow(c) };
    }
    return power(c);
  };

  const postfix = (c: Ctx): Expr => {
    if (is('++') || is('--')) {
      const op = next().value as '++' | '--';
      const target = primary(c);
      if (!isLvalue(target)) error();
      return { k: 'incdec', op, prefix: true, target };
    }
    const e = primary(c);
    if (isLvalue(e) && (is('++') || is('--'))) {
      const op = next().value as '++' | '--';
      return { k: 'incdec', op, prefix: false, target: e };
    }
    return e;
  };

  /** Position of the `)` that closed the last argument list (where gawk puts its caret). */
  let argsEnd = 0;
  const args = (): Expr[] => {
    expect('(');
    newlines();
    const list: Expr[] = [];
    if (!is(')')) {
      for (;;) {
        list.push(expr());
        newlines();
        if (is(',')) {
          next();
          newlines();
          continue;
        }
        break;
      }
    }
    argsEnd = expect(')').pos;
    return list;
  };

  const primary = (c: Ctx): Expr => {
    const t = peek();
    switch (t.type) {
      case 'num':
        next();
        return { k: 'num', v: /^0[xX]/.test(t.value) ? parseInt(t.value, 16) : Number(t.value) };
      case 'str':
        next();
        return { k: 'str', v: t.value };
      case 'regex':
        next();
        return { k: 'regex', src: t.value };
      case 'funcname': {
        next();
        return { k: 'call', name: t.value, args: args(), pos: t.pos };
      }
      case 'builtin': {
        next();
        if (t.value === 'length' && !is('(')) return { k: 'builtin', name: 'length', args: [], pos: t.pos };
        const list = args();
        const [min, max] = ARITY[t.value] ?? [0, Infinity];
        if (list.length < min || list.length > max) {
          throw new AwkSyntaxError(`${list.length} is invalid as number of arguments for ${t.value}`, argsEnd);
        }
        return { k: 'builtin', name: t.value, args: list, pos: t.pos };
      }
      case 'name': {
        next();
        if (is('[')) {
          next();
          const subs = [expr()];
          while (is(',')) {
            next();
            subs.push(expr());
          }
          expect(']');
          return { k: 'index', name: t.value, subs };
        }
        return { k: 'var', name: t.value };
      }
      case 'keyword':
        if (t.value === 'getline') {
          next();
          const target = isLvalueStart() ? postfixLvalue() : null;
          if (is('<')) {
            next();
            return { k: 'getline', from: 'file', target, src: primaryNoConcat() };
          }
          return { k: 'getline', from: 'main', target, src: null };
        }
        return error(t);
      case 'op':
        if (t.value === '@') {
          // gawk's indirect call `@name(…)`: not supported, reported where gawk stops.
          next();
          return error(peek());
        }
        if (t.value === '$') {
          next();
          if (is('++') || is('--')) {
            const op = next().value as '++' | '--';
            return { k: 'field', e: { k: 'incdec', op, prefix: true, target: primary(c) } };
          }
          if (is('-') || is('+') || is('!')) {
            const op = next().value;
            return { k: 'field', e: { k: 'unary', op, e: primary(c) } };
          }
          return { k: 'field', e: primary(c) };
        }
        if (t.value === '(') {
          next();
          newlines();
          const first = expr();
          if (is(',')) {
            // (a, b) in arr
            const subs = [first];
            while (is(',')) {
              next();
              subs.push(expr());
            }
            expect(')');
            if (!is('in')) error();
            next();
            const name = next();
            if (name.type !== 'name') error(name);
            return { k: 'in', subs, name: name.value };
          }
          newlines();
          expect(')');
          return { k: 'group', e: first };
        }
        return error(t);
      default:
        return error(t);
    }
  };

  const isLvalueStart = (): boolean => peek().type === 'name' || is('$');
  const postfixLvalue = (): Expr => {
    const e = primary({});
    if (!isLvalue(e)) error();
    return e;
  };
  const primaryNoConcat = (): Expr => primary({});

  /** `cmd | getline [var]` binds after concatenation, inside any expression level. */
  const withPipeGetline = (e: Expr): Expr => {
    let out = e;
    while (is('|') && peek(1).type === 'keyword' && peek(1).value === 'getline') {
      next();
      next();
      const target = isLvalueStart() ? postfixLvalue() : null;
      out = { k: 'getline', from: 'cmd', target, src: out };
    }
    return out;
  };

  // ---- statements ----
  const simpleOrBlock = (): Stmt => {
    newlines();
    return statement();
  };

  const endSimple = (): void => {
    if (is(';') || peek().type === 'newline') {
      next();
      return;
    }
    if (is('}') || peek().type === 'eof') return;
    error();
  };

  const outputDest = (): Redirect | null => {
    if (is('>') || is('>>') || is('|')) {
      const mode = next().value as '>' | '>>' | '|';
      return { mode, e: concat({ noGt: true }) };
    }
    return null;
  };

  const printArgs = (): Expr[] => {
    const list: Expr[] = [];
    if (is(';') || is('}') || is('>') || is('>>') || is('|') || peek().type === 'newline' || peek().type === 'eof') return list;
    // `print (a, b)` — a parenthesised list.
    if (is('(')) {
      const save = i;
      next();
      const inner: Expr[] = [expr()];
      while (is(',')) {
        next();
        newlines();
        inner.push(expr());
      }
      if (is(')')) {
        next();
        if (is(';') || is('}') || is('>') || is('>>') || is('|') || peek().type === 'newline' || peek().type === 'eof') {
          return inner.length === 1 ? [{ k: 'group', e: inner[0] as Expr }] : inner;
        }
      }
      i = save;
    }
    list.push(withPipeGetline(expr({ noGt: true })));
    while (is(',')) {
      next();
      newlines();
      list.push(expr({ noGt: true }));
    }
    return list;
  };

  const simpleStatement = (): Stmt => {
    const t = peek();
    if (t.type === 'keyword') {
      switch (t.value) {
        case 'print':
        case 'printf': {
          next();
          const a = printArgs();
          return { k: t.value, args: a, dest: outputDest() };
        }
        case 'next':
        case 'nextfile':
        case 'break':
        case 'continue':
          next();
          return { k: t.value };
        case 'exit':
        case 'return': {
          next();
          const e = is(';') || is('}') || peek().type === 'newline' || peek().type === 'eof' ? null : expr();
          return { k: t.value, e };
        }
        case 'delete': {
          next();
          const name = next();
          if (name.type !== 'name') error(name);
          if (is('[')) {
            next();
            const subs = [expr()];
            while (is(',')) {
              next();
              subs.push(expr());
            }
            expect(']');
            return { k: 'delete', name: name.value, subs };
          }
          return { k: 'delete', name: name.value, subs: null };
        }
      }
    }
    return { k: 'expr', e: withPipeGetline(expr()) };
  };

  const statement = (): Stmt => {
    const t = peek();
    if (is('{')) {
      next();
      const body = statements();
      expect('}');
      return { k: 'block', body };
    }
    if (is(';')) {
      next();
      return { k: 'block', body: [] };
    }
    if (t.type === 'keyword') {
      switch (t.value) {
        case 'if': {
          next();
          expect('(');
          const c = expr();
          expect(')');
          const then = simpleOrBlock();
          const save = i;
          terminators();
          if (is('else')) {
            next();
            return { k: 'if', c, then, else: simpleOrBlock() };
          }
          i = save;
          return { k: 'if', c, then, else: null };
        }
        case 'while': {
          next();
          expect('(');
          const c = expr();
          expect(')');
          if (is(';')) {
            next();
            return { k: 'while', c, body: { k: 'block', body: [] } };
          }
          return { k: 'while', c, body: simpleOrBlock() };
        }
        case 'do': {
          next();
          const body = simpleOrBlock();
          terminators();
          if (!is('while')) error();
          next();
          expect('(');
          const c = expr();
          expect(')');
          endSimple();
          return { k: 'do', body, c };
        }
        case 'for': {
          next();
          expect('(');
          if (peek().type === 'name' && is('in', peek(1)) && peek(2).type === 'name' && is(')', peek(3))) {
            const v = { k: 'var' as const, name: next().value };
            next();
            const arr = next().value;
            next();
            return { k: 'forin', v, arr, body: simpleOrBlock() };
          }
          const init = is(';') ? null : simpleStatement();
          expect(';');
          newlines();
          const c = is(';') ? null : expr();
          expect(';');
          newlines();
          const step = is(')') ? null : simpleStatement();
          expect(')');
          if (is(';')) {
            next();
            return { k: 'for', init, c, step, body: { k: 'block', body: [] } };
          }
          return { k: 'for', init, c, step, body: simpleOrBlock() };
        }
      }
    }
    const s = simpleStatement();
    endSimple();
    return s;
  };

  const statements = (): Stmt[] => {
    const body: Stmt[] = [];
    terminators();
    while (!is('}') && peek().type !== 'eof') {
      body.push(statement());
      terminators();
    }
    return body;
  };

  const action = (): Stmt[] => {
    expect('{');
    const body = statements();
    if (!is('}')) error();
    next();
    return body;
  };

  // ---- program ----
  terminators();
  while (peek().type !== 'eof') {
    const t = peek();
    if (is('BEGIN') || is('END')) {
      next();
      newlines();
      if (!is('{')) throw new AwkSyntaxError(`${t.value} blocks must have an action part`, t.pos, true);
      (t.value === 'BEGIN' ? prog.begin : prog.end).push(action());
    } else if (is('function')) {
      next();
      const name = next();
      if (name.type !== 'name' && name.type !== 'funcname') error(name);
      expect('(');
      const params: string[] = [];
      while (!is(')')) {
        const p = next();
        if (p.type !== 'name') error(p);
        params.push(p.value);
        if (is(',')) {
          next();
          newlines();
        } else if (!is(')')) error();
      }
      next();
      newlines();
      prog.funcs.set(name.value, { params, body: action() });
    } else if (is('{')) {
      prog.rules.push({ pattern: null, range: null, action: action() });
    } else {
      const pattern = withPipeGetline(expr());
      let range: [Expr, Expr] | null = null;
      if (is(',')) {
        next();
        newlines();
        range = [pattern, expr()];
      }
      const act = is('{') ? action() : null;
      prog.rules.push(range ? { pattern: null, range, action: act } : { pattern, range: null, action: act });
      // A pattern without an action must end its line; after `}` another item may follow.
      const after = peek();
      if (!act && after.type !== 'eof' && after.type !== 'newline' && !is(';')) error(after);
    }
    terminators();
  }
  return prog;
}
