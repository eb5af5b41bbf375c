// What a shell session remembers between commands: variables and their export flags,
// aliases, functions, positional parameters and `set` options. Builtins reach it through
// the ShellApi interface; the interpreter (interpreter.ts) extends it with execution.

import type { Command } from './ast.ts';
import { BUILTINS } from './builtins/index.ts';
import type { Builtin, CommandKind, ShellApi, ShellOptionsState } from './builtins/types.ts';
import type { CommandRegistry } from './registry.ts';
import type { FileSystem } from './types.ts';

const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'case', 'esac', 'for', 'while', 'until', 'do', 'done', 'in', '{', '}', '!', '[[', ']]', 'function']);

const COREUTILS = new Set([
  'cat', 'ls', 'rm', 'mkdir', 'touch', 'head', 'tail', 'wc', 'sort', 'uniq', 'cut', 'tr', 'seq', 'sleep', 'tee',
  'grep', 'awk', 'xargs', 'clear', 'which', 'env', 'date', 'base64', 'jq', 'curl', 'sed', 'find', 'diff', 'printenv',
]);

/** Where `type` and `which` say a command lives. */
export function commandPath(name: string): string {
  return COREUTILS.has(name) ? `/usr/bin/${name}` : `/usr/local/bin/${name}`;
}

/** A snapshot for subshells: everything a subshell may change and must not leak. */
export interface Snapshot {
  vars: Map<string, string>;
  exported: Set<string>;
  aliases: Map<string, string>;
  functions: Map<string, Command>;
  positional: string[];
  options: ShellOptionsState;
  cwd: string;
}

export class ShellState<W> implements ShellApi {
  readonly fs: FileSystem;
  readonly registry: CommandRegistry<W>;
  world: W;
  lastExitCode = 0;
  readonly aliases = new Map<string, string>();
  readonly functions = new Map<string, Command>();
  positional: string[] = [];
  readonly history: string[] = [];
  options: ShellOptionsState = { errexit: false, nounset: false, xtrace: false, pipefail: false };
  loopDepth = 0;
  /** Function calls in progress; each frame remembers what `local` shadowed. */
  protected readonly localFrames: Map<string, string | undefined>[] = [];
  /** Depth of `source`d files (where `return` is allowed too). */
  protected sourceDepth = 0;
  protected subshellDepth = 0;
  protected readonly vars = new Map<string, string>();
  protected readonly exported = new Set<string>();
  protected readonly builtins = new Map<string, Builtin>();

  constructor(registry: CommandRegistry<W>, world: W, fs: FileSystem) {
    this.registry = registry;
    this.world = world;
    this.fs = fs;
    for (const b of BUILTINS) this.builtins.set(b.name, b);
  }

  getVar(name: string): string | undefined {
    return this.vars.get(name);
  }

  setVar(name: string, value: string): void {
    this.vars.set(name, value);
  }

  unsetVar(name: string): void {
    this.vars.delete(name);
    this.exported.delete(name);
  }

  exportVar(name: string, value?: string): void {
    if (value !== undefined) this.vars.set(name, value);
    this.exported.add(name);
  }

  unexportVar(name: string): void {
    this.exported.delete(name);
  }

  isExported(name: string): boolean {
    return this.exported.has(name);
  }

  varNames(): string[] {
    return [...this.vars.keys()].sort();
  }

  exportedNames(): string[] {
    return [...this.exported].sort();
  }

  get inSubshell(): boolean {
    return this.subshellDepth > 0;
  }

  get inFunction(): boolean {
    return this.localFrames.length > 0;
  }

  get canReturn(): boolean {
    return this.localFrames.length > 0 || this.sourceDepth > 0;
  }

  /** `local NAME[=value]`: shadow NAME until the function returns. */
  declareLocal(name: string, value?: string): void {
    const frame = this.localFrames[this.localFrames.length - 1];
    if (!frame) return;
    if (!frame.has(name)) frame.set(name, this.vars.get(name));
    if (value !== undefined) this.vars.set(name, value);
    else this.vars.delete(name);
  }

  /** Environment passed to commands: exported variables in definition order. */
  environment(extra: [string, string][] = []): Map<string, string> {
    const env = new Map<string, string>();
    for (const [k, v] of this.vars) if (this.exported.has(k)) env.set(k, v);
    for (const [k, v] of extra) env.set(k, v);
    return env;
  }

  commandKind(name: string): CommandKind | null {
    const alias = this.aliases.get(name);
    if (alias !== undefined) return { kind: 'alias', value: alias };
    if (KEYWORDS.has(name)) return { kind: 'keyword' };
    if (this.functions.has(name)) return { kind: 'function' };
    const b = this.builtins.get(name);
    if (b && !(b.path && this.registry.has(name))) return b.path ? { kind: 'file', path: b.path } : { kind: 'builtin' };
    if (this.registry.has(name)) return { kind: 'file', path: commandPath(name) };
    return null;
  }

  /** Names that can start a command: builtins, registered commands, functions, aliases, keywords. */
  commandNames(): string[] {
    const keywords = [...KEYWORDS].filter((k) => /^[a-z]+$/.test(k));
    return [...new Set([...this.builtins.keys(), ...this.registry.names(), ...this.aliases.keys(), ...this.functions.keys(), ...keywords])].sort();
  }

  helpEntries(): { builtins: [string, string][]; commands: [string, string][] } {
    const builtins: [string, string][] = [];
    const commands: [string, string][] = [];
    for (const b of this.builtins.values()) {
      if (this.registry.has(b.name)) continue;
      (b.path ? commands : builtins).push([b.name, b.summary]);
    }
    for (const name of this.registry.names()) commands.push([name, this.registry.get(name)?.summary ?? '']);
    const byName = (a: [string, string], b: [string, string]): number => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
    return { builtins: builtins.sort(byName), commands: commands.sort(byName) };
  }

  builtinHelp(name: string): string | undefined {
    return this.builtins.get(name)?.help;
  }

  protected snapshot(): Snapshot {
    return {
      vars: new Map(this.vars),
      exported: new Set(this.exported),
      aliases: new Map(this.aliases),
      functions: new Map(this.functions),
      positional: [...this.positional],
      options: { ...this.options },
      cwd: this.fs.cwd(),
    };
  }

  protected restore(s: Snapshot): void {
    replaceMap(this.vars, s.vars);
    replaceSet(this.exported, s.exported);
    replaceMap(this.aliases, s.aliases);
    replaceMap(this.functions, s.functions);
    this.positional = s.positional;
    this.options = s.options;
    if (this.fs.cwd() !== s.cwd) this.fs.chdir(s.cwd);
  }
}

function replaceMap<K, V>(target: Map<K, V>, source: Map<K, V>): void {
  target.clear();
  for (const [k, v] of source) target.set(k, v);
}

function replaceSet<K>(target: Set<K>, source: Set<K>): void {
  target.clear();
  for (const k of source) target.add(k);
}
