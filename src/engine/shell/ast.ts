// Syntax tree of the bash subset the shell understands.

/** A piece of a word. `quoted` parts are exempt from field splitting and globbing. */
export type WordPart =
  | { kind: 'lit'; text: string; quoted: boolean }
  | {
      kind: 'param';
      name: string;
      op: ParamOp | null;
      /** Operand after the operator (the pattern for `/`, the offset for `substr`). */
      arg: Word | null;
      /** Replacement for `/` and `//`, the length for `substr`. */
      arg2: Word | null;
      quoted: boolean;
      raw: string;
    }
  | { kind: 'cmdsub'; body: List; quoted: boolean }
  | { kind: 'arith'; expr: Word; quoted: boolean }
  | { kind: 'tilde'; user: string };

/**
 * `${name OP arg}` operators. `len` is `${#name}`, `bad` a substitution bash rejects when it
 * expands it (`${a b}` → "bad substitution").
 */
export type ParamOp =
  | ':-' | '-' | ':=' | '=' | ':?' | '?' | ':+' | '+'
  | '#' | '##' | '%' | '%%' | '/' | '//' | '^^' | ',,' | '^' | ','
  | 'len' | 'substr' | 'bad';

export interface Word {
  parts: WordPart[];
  /** Source text, as typed. */
  raw: string;
}

export type RedirOp = '>' | '>>' | '<' | '>&' | '<&' | '&>' | '&>>' | '<<' | '<<-' | '<<<' | '>|' | '<>';

export interface Heredoc {
  delim: string;
  strip: boolean;
  /** Quoted delimiter: the body is taken literally. */
  quoted: boolean;
  body: Word | null;
}

export interface Redirect {
  /** Explicit fd before the operator (`2>`), or null for the operator's default. */
  fd: number | null;
  op: RedirOp;
  target: Word;
  heredoc?: Heredoc;
}

export interface Assign {
  name: string;
  value: Word;
  append: boolean;
}

export interface SimpleCommand {
  kind: 'simple';
  assigns: Assign[];
  words: Word[];
  redirs: Redirect[];
}

export interface Group {
  kind: 'group' | 'subshell';
  body: List;
  redirs: Redirect[];
}

export interface ForLoop {
  kind: 'for';
  name: string;
  /** null: `for x; do` (iterates "$@", empty here). */
  items: Word[] | null;
  body: List;
  redirs: Redirect[];
}

export interface WhileLoop {
  kind: 'while' | 'until';
  cond: List;
  body: List;
  redirs: Redirect[];
}

export interface IfCommand {
  kind: 'if';
  branches: { cond: List; body: List }[];
  orElse: List | null;
  redirs: Redirect[];
}

export interface CaseCommand {
  kind: 'case';
  subject: Word;
  arms: { patterns: Word[]; body: List }[];
  redirs: Redirect[];
}

/** `name () compound` / `function name compound`. */
export interface FunctionDef {
  kind: 'funcdef';
  name: string;
  body: Command;
  redirs: Redirect[];
}

/** `(( expression ))`: status 0 when the value is non-zero. */
export interface ArithCommand {
  kind: 'arith';
  expr: Word;
  raw: string;
  redirs: Redirect[];
}

/** `[[ … ]]` */
export type CondExpr =
  | { op: 'and' | 'or'; a: CondExpr; b: CondExpr }
  | { op: 'not'; e: CondExpr }
  | { op: 'unary'; name: string; arg: Word }
  | { op: 'binary'; name: string; a: Word; b: Word }
  | { op: 'word'; w: Word };

export interface CondCommand {
  kind: 'cond';
  expr: CondExpr;
  redirs: Redirect[];
}

export type Command =
  | SimpleCommand
  | Group
  | ForLoop
  | WhileLoop
  | IfCommand
  | CaseCommand
  | FunctionDef
  | ArithCommand
  | CondCommand;

export interface Pipeline {
  bang: boolean;
  cmds: Command[];
  /** stderrToo[i]: stage i was joined with `|&`. */
  stderrToo: boolean[];
}

export interface AndOr {
  first: Pipeline;
  rest: { op: '&&' | '||'; pipeline: Pipeline }[];
}

export interface List {
  items: { andOr: AndOr; background: boolean }[];
}
