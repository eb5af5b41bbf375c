// Shell arithmetic `$(( … ))`: 64-bit-ish integers (JS numbers truncated), C operators,
// variables by name, assignment. Errors carry bash's wording.

export class ArithError extends Error {}

export interface ArithVars {
  get(name: string): string | undefined;
  set(name: string, value: string): void;
}

type Tok = { t: 'num'; v: number } | { t: 'name'; v: string } | { t: 'op'; v: string };

const OPS = [
  '<<=', '>>=', '**', '++', '--', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||',
  '+=', '-=', '*=', '/=', '%=', '&=', '^=', '|=',
  '+', '-', '*', '/', '%', '<', '>', '&', '|', '^', '!', '~', '?', ':', '(', ')', '=', ',',
];

const BINARY: Record<string, number> = {
  ',': 1, '||': 4, '&&': 5, '|': 6, '^': 7, '&': 8, '==': 9, '!=': 9,
  '<': 10, '>': 10, '<=': 10, '>=': 10, '<<': 11, '>>': 11, '+': 12, '-': 12, '*': 13, '/': 13, '%': 13, '**': 14,
};

export function evaluateArith(expr: string, vars: ArithVars, depth = 0): number {
  if (depth > 32) throw new ArithError(`${expr}: expression recursion level exceeded (error token is "${expr}")`);
  const toks = tokenize(expr);
  if (toks.length === 0) return 0;
  let i = 0;
  // bash names the token it stopped at, or the last one read when the input ran out.
  const errorAt = (msg: string): never => {
    const rest = restText(expr, toks, Math.min(i, toks.length - 1));
    throw new ArithError(`${expr.trimStart()}: ${msg} (error token is "${rest}")`);
  };
  const peek = (): Tok | undefined => toks[i];
  const isOp = (v: string): boolean => toks[i]?.t === 'op' && toks[i]?.v === v;

  const valueOf = (name: string): number => {
    const raw = vars.get(name) ?? '';
    if (raw.trim() === '') return 0;
    if (/^\s*-?[0-9]+\s*$/.test(raw)) return Number(raw);
    return evaluateArith(raw, vars, depth + 1);
  };

  const assignOps = new Set(['=', '+=', '-=', '*=', '/=', '%=', '<<=', '>>=', '&=', '^=', '|=']);

  const parseAssign = (): number => {
    const t = peek();
    const n = toks[i + 1];
    if (t?.t === 'name' && n?.t === 'op' && assignOps.has(n.v)) {
      i += 2;
      const rhs = parseAssign();
      const cur = valueOf(t.v);
      const v = n.v === '=' ? rhs : binary(n.v.slice(0, -1), cur, rhs);
      vars.set(t.v, String(v));
      return v;
    }
    return parseTernary();
  };

  const parseTernary = (): number => {
    const cond = parseBinary(2);
    if (!isOp('?')) return cond;
    i++;
    const a = parseAssign();
    if (!isOp(':')) errorAt("`:' expected for conditional expression");
    i++;
    const b = parseAssign();
    return cond !== 0 ? a : b;
  };

  const binary = (op: string, a: number, b: number): number => {
    switch (op) {
      case '+': return trunc(a + b);
      case '-': return trunc(a - b);
      case '*': return trunc(a * b);
      case '/':
      case '%':
        if (b === 0) errorAt('division by 0');
        return op === '/' ? Math.trunc(a / b) : a % b;
      case '**':
        if (b < 0) errorAt('exponent less than 0');
        return trunc(a ** b);
      case '<<': return trunc(a * 2 ** b);
      case '>>': return Math.floor(a / 2 ** b);
      case '<': return a < b ? 1 : 0;
      case '>': return a > b ? 1 : 0;
      case '<=': return a <= b ? 1 : 0;
      case '>=': return a >= b ? 1 : 0;
      case '==': return a === b ? 1 : 0;
      case '!=': return a !== b ? 1 : 0;
      case '&': return Number(BigInt.asIntN(64, BigInt(a) & BigInt(b)));
      case '|': return Number(BigInt.asIntN(64, BigInt(a) | BigInt(b)));
      case '^': return Number(BigInt.asIntN(64, BigInt(a) ^ BigInt(b)));
      case '&&': return a !== 0 && b !== 0 ? 1 : 0;
      case '||': return a !== 0 || b !== 0 ? 1 : 0;
      case ',': return b;
    }
    return 0;
  };

  const parseBinary = (minPrec: number): number => {
    let left = parseUnary();
    for (;;) {
      const t = peek();
      if (t?.t !== 'op') break;
      const prec = BINARY[t.v];
      if (prec === undefined || prec < minPrec || t.v === ',') break;
      i++;
      // `**` is right-associative.
      const right = t.v === '**' ? parseBinary(prec) : parseBinary(prec + 1);
      left = binary(t.v, left, right);
    }
    return left;
  };

  const parseUnary = (): number => {
    const t = peek();
    if (t?.t === 'op') {
      if (t.v === '-' || t.v === '+' || t.v === '!' || t.v === '~') {
        i++;
        const v = parseUnary();
        return t.v === '-' ? -v : t.v === '+' ? v : t.v === '!' ? (v === 0 ? 1 : 0) : -v - 1;
      }
      if (t.v === '++' || t.v === '--') {
        i++;
        const n = peek();
        if (n?.t !== 'name') errorAt('syntax error: operand expected');
        i++;
        const v = valueOf((n as { v: string }).v) + (t.v === '++' ? 1 : -1);
        vars.set((n as { v: string }).v, String(v));
        return v;
      }
    }
    return parsePostfix();
  };

  const parsePostfix = (): number => {
    const t = peek();
    if (t === undefined) errorAt('syntax error: operand expected');
    if (t?.t === 'num') {
      i++;
      return t.v;
    }
    if (t?.t === 'name') {
      i++;
      const v = valueOf(t.v);
      if (isOp('++') || isOp('--')) {
        vars.set(t.v, String(v + ((toks[i] as { v: string }).v === '++' ? 1 : -1)));
        i++;
      }
      return v;
    }
    if (t?.t === 'op' && t.v === '(') {
      i++;
      const v = parseComma();
      if (!isOp(')')) errorAt("missing `)'");
      i++;
      return v;
    }
    return errorAt('syntax error: operand expected');
  };

  const parseComma = (): number => {
    let v = parseAssign();
    while (isOp(',')) {
      i++;
      v = parseAssign();
    }
    return v;
  };

  const result = parseComma();
  if (i < toks.length) {
    const t = toks[i];
    errorAt(t?.t === 'op' && assignOps.has(t.v) ? 'attempted assignment to non-variable' : 'syntax error in expression');
  }
  return result;
}

function trunc(v: number): number {
  return Number(BigInt.asIntN(64, BigInt(Math.trunc(v))));
}

function tokenize(expr: string): Tok[] {
  const toks: Tok[] & { pos?: number[] } = [];
  let i = 0;
  while (i < expr.length) {
    const c = expr[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const num = /^(0[xX][0-9a-fA-F]+|[0-9]+#[0-9a-zA-Z@_]+|[0-9]+)/.exec(expr.slice(i));
    if (num) {
      const text = num[0];
      let v: number;
      if (/^0[xX]/.test(text)) v = parseInt(text, 16);
      else if (text.includes('#')) {
        const [base, digits] = text.split('#') as [string, string];
        v = parseInt(digits, Number(base));
      } else if (text.length > 1 && text.startsWith('0')) v = parseInt(text, 8);
      else v = Number(text);
      if (Number.isNaN(v) || /[0-9][A-Za-z_]/.test(expr.slice(i + text.length - 1, i + text.length + 1))) {
        const word = /^[0-9A-Za-z_#]+/.exec(expr.slice(i))?.[0] ?? text;
        throw new ArithError(`${expr.trimStart()}: value too great for base (error token is "${word}")`);
      }
      toks.push({ t: 'num', v });
      i += text.length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(expr.slice(i));
    if (name) {
      toks.push({ t: 'name', v: name[0] });
      i += name[0].length;
      continue;
    }
    const op = OPS.find((o) => expr.startsWith(o, i));
    if (!op) throw new ArithError(`${expr.trimStart()}: syntax error: invalid arithmetic operator (error token is "${expr.slice(i)}")`);
    toks.push({ t: 'op', v: op });
    i += op.length;
  }
  return toks;
}

/** The source text from token `i` on (re-derived by re-tokenizing prefixes). */
function restText(expr: string, toks: Tok[], i: number): string {
  let pos = 0;
  let n = 0;
  const trimmed = expr;
  while (n < i && pos < trimmed.length) {
    while (/\s/.test(trimmed[pos] ?? '')) pos++;
    const t = toks[n] as Tok;
    if (t.t === 'op') pos += t.v.length;
    else {
      const m = /^[0-9A-Za-z_#]+/.exec(trimmed.slice(pos));
      pos += m ? m[0].length : 1;
    }
    n++;
  }
  while (/\s/.test(trimmed[pos] ?? '')) pos++;
  return trimmed.slice(pos);
}
