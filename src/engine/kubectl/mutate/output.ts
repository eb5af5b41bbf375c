// Collects what a write command prints, in the order it prints it: kubectl interleaves
// success lines on stdout with warnings and errors on stderr (e.g. `apply` prints each
// object it configured, then the errors of the objects it could not).

import type { CommandResult, OutputChunk } from '../../shell/types.ts';

export class Output {
  private readonly chunks: OutputChunk[] = [];

  out(text: string): void {
    if (text) this.chunks.push({ fd: 1, text });
  }

  err(text: string): void {
    if (text) this.chunks.push({ fd: 2, text });
  }

  /** `Warning: …` as kubectl's WarningPrinter writes it (stderr). */
  warn(message: string): void {
    this.err(`Warning: ${message}\n`);
  }

  result(exitCode = 0): CommandResult {
    const stdout = this.chunks.filter((c) => c.fd === 1).map((c) => c.text).join('');
    const stderr = this.chunks.filter((c) => c.fd === 2).map((c) => c.text).join('');
    return { stdout, stderr, exitCode, chunks: [...this.chunks] };
  }

  /** Prints `stderr` (an error already formatted by kubectl's CheckErr) and fails. */
  fail(stderr: string): CommandResult {
    this.err(stderr);
    return this.result(1);
  }
}

/** A failing result with nothing on stdout. */
export const failure = (stderr: string): CommandResult => ({ stdout: '', stderr, exitCode: 1 });

/** cmdutil.CheckErr for a plain error: `error: ` is added unless the text has it already. */
export function errorLine(message: string): string {
  const text = message.startsWith('error: ') ? message : `error: ${message}`;
  return text.endsWith('\n') ? text : `${text}\n`;
}

/** cmdutil.UsageErrorf: the message, then a pointer to `-h`. */
export function usageError(commandPath: string, message: string): string {
  return errorLine(`${message}\nSee '${commandPath} -h' for help and examples`);
}
