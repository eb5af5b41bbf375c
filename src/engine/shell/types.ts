// The contract between the shell (language, pipes, files) and the commands it runs.
// Commands never throw to produce output: they return what the real tool prints.

/** One piece of output on the terminal: fd 1 is stdout, fd 2 is stderr. */
export interface OutputChunk {
  fd: 1 | 2;
  text: string;
}

export interface CommandResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  /**
   * Optional: stdout and stderr in the order the tool writes them (e.g. `cat a missing b`
   * prints a, then the error, then b). When present, the fd-1 texts joined must equal
   * `stdout` and the fd-2 texts joined must equal `stderr`. When absent the shell shows
   * stdout before stderr.
   */
  chunks?: OutputChunk[];
}

/** In-memory filesystem of one shell session (POSIX-like absolute paths, `/` separator). */
export interface FileSystem {
  cwd(): string;
  chdir(path: string): string | undefined; // error message or undefined on success
  resolve(path: string): string;
  readFile(path: string): string | undefined; // undefined: no such file
  writeFile(path: string, data: string, append?: boolean): string | undefined; // error message
  remove(path: string, opts?: { recursive?: boolean; force?: boolean }): string | undefined;
  list(path: string): string[] | undefined; // names in a directory, sorted
  isDirectory(path: string): boolean;
  exists(path: string): boolean;
  mkdir(path: string, parents?: boolean): string | undefined;
}

export interface CommandContext<W = unknown> {
  /** argv[0] as typed (the command name). */
  name: string;
  /** Arguments after the command name, already expanded and unquoted. */
  args: string[];
  stdin: string;
  env: Map<string, string>;
  fs: FileSystem;
  /** The simulated world the command acts on (the Simulation for engine commands). */
  world: W;
  /** Run a nested command line in the same session (used by e.g. `kubectl exec`, `watch`). */
  runLine(line: string, stdin?: string): CommandResult;
}

export interface FlagSpec {
  /** Long name without dashes, e.g. "namespace". */
  name: string;
  short?: string;
  takesValue: boolean;
  description: string;
}

export interface CommandDescriptor<W = unknown> {
  name: string;
  /** One line for `help`. */
  summary: string;
  /** Full `--help` text, printed as-is (ends with a newline). */
  help: string;
  /** True when the command prints its own --help (kubectl does, per subcommand). */
  ownHelp?: boolean;
  flags?: FlagSpec[];
  /** Tab completion for the word at index `words.length - 1` (words[0] is the command). */
  complete?(words: string[], world: W): string[];
  run(ctx: CommandContext<W>): CommandResult;
}

export const ok = (stdout = ''): CommandResult => ({ stdout, stderr: '', exitCode: 0 });
export const fail = (stderr: string, exitCode = 1): CommandResult => ({ stdout: '', stderr, exitCode });
