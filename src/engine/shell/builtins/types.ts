// Builtins run inside the shell: they see its variables, working directory and control flow.

import type { InStream } from '../io.ts';
import type { FileSystem } from '../types.ts';

/** `exit`: unwinds to the top level (or the enclosing subshell). */
export class ExitSignal {
  constructor(readonly code: number) {}
}

/** Abandons the rest of the command line with a status (interactive bash's error recovery). */
export class AbortLine {
  constructor(readonly status: number) {}
}

/** `break` / `continue`: unwinds to the n-th enclosing loop. */
export class LoopSignal {
  constructor(
    readonly kind: 'break' | 'continue',
    readonly levels: number,
  ) {}
}

/** `return`: unwinds to the function (or sourced file) being run. */
export class ReturnSignal {
  constructor(readonly code: number) {}
}

export type CommandKind =
  | { kind: 'alias'; value: string }
  | { kind: 'keyword' }
  | { kind: 'function' }
  | { kind: 'builtin' }
  | { kind: 'file'; path: string };

/** `set -e`, `set -u`, `set -x`, `set -o pipefail`. */
export interface ShellOptionsState {
  errexit: boolean;
  nounset: boolean;
  xtrace: boolean;
  pipefail: boolean;
}

export interface ShellApi {
  readonly fs: FileSystem;
  getVar(name: string): string | undefined;
  setVar(name: string, value: string): void;
  unsetVar(name: string): void;
  /** Mark exported (and assign when value is given). */
  exportVar(name: string, value?: string): void;
  unexportVar(name: string): void;
  isExported(name: string): boolean;
  /** All variable names, sorted. */
  varNames(): string[];
  /** Exported names (with or without a value), sorted. */
  exportedNames(): string[];
  readonly lastExitCode: number;
  /** Inside `( )`, `$( )` or a pipeline stage (exit does not print "exit"). */
  readonly inSubshell: boolean;
  /** Loops enclosing the running builtin (for break/continue). */
  readonly loopDepth: number;
  readonly aliases: Map<string, string>;
  /** $1, $2, … */
  positional: string[];
  options: ShellOptionsState;
  readonly inFunction: boolean;
  /** Inside a function or a sourced file. */
  readonly canReturn: boolean;
  declareLocal(name: string, value?: string): void;
  /** Lines typed in this session (`history`). */
  readonly history: string[];
  commandKind(name: string): CommandKind | null;
  /** Builtins and registered commands with their one-line summaries, each sorted by name. */
  helpEntries(): { builtins: [string, string][]; commands: [string, string][] };
  builtinHelp(name: string): string | undefined;
}

export interface BuiltinContext {
  name: string;
  args: string[];
  stdin: InStream;
  out(text: string): void;
  err(text: string): void;
  shell: ShellApi;
  /** Run shell text in this shell (eval) with the builtin's stdin and outputs. */
  run(text: string): number;
  /** Like run, for `source`: `return` ends the text. */
  source(text: string): number;
}

export interface Builtin {
  name: string;
  summary: string;
  /** Text of `help NAME` / `NAME --help` (bash prints it for --help with status 2). */
  help?: string;
  /** bash 5.2 answers `NAME --help` with the help text (most builtins; not echo, true, test). */
  dashHelp?: boolean;
  /** For shell-level stand-ins of programs (clear, which): their path for `type`. */
  path?: string;
  run(ctx: BuiltinContext): number;
}

/** bash's `name: -x: invalid option` + usage line, status 2. */
export function invalidOption(ctx: BuiltinContext, opt: string, usage: string): number {
  ctx.err(`bash: ${ctx.name}: ${opt}: invalid option\n${ctx.name}: usage: ${usage}\n`);
  return 2;
}
