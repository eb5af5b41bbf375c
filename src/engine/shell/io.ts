// Where a command's output goes (terminal, pipe, file, /dev/null) and where its input
// comes from. Commands run to completion one after another, so a pipe is a buffer.

import type { CommandResult, FileSystem, OutputChunk } from './types.ts';

export interface Sink {
  write(text: string): void;
}

/** The terminal (or a capture of it): keeps stdout and stderr in the order written. */
export class ChunkSink implements Sink {
  constructor(
    private readonly chunks: OutputChunk[],
    private readonly fd: 1 | 2,
  ) {}

  write(text: string): void {
    if (text === '') return;
    const last = this.chunks[this.chunks.length - 1];
    if (last && last.fd === this.fd) last.text += text;
    else this.chunks.push({ fd: this.fd, text });
  }
}

export class BufferSink implements Sink {
  text = '';
  write(text: string): void {
    this.text += text;
  }
}

export class FileSink implements Sink {
  constructor(
    private readonly fs: FileSystem,
    private readonly path: string,
  ) {}

  write(text: string): void {
    if (text !== '') this.fs.writeFile(this.path, text, true);
  }
}

export const nullSink: Sink = { write: () => undefined };

/** Standard input shared by the commands of a loop body: `read` consumes it line by line. */
export class InStream {
  pos = 0;
  constructor(
    readonly data: string,
    /** The terminal itself (top level): `read -p` shows its prompt only then. */
    readonly tty = false,
  ) {}

  rest(): string {
    return this.data.slice(this.pos);
  }
}

/** File descriptors of a running command: 0 is an input stream, 1..9 are sinks. */
export interface IO {
  stdin: InStream;
  fds: (Sink | undefined)[];
}

export function out(io: IO, fd: number, text: string): void {
  io.fds[fd]?.write(text);
}

/** Route a command's result to fds 1 and 2, in the order the command wrote it. */
export function emit(io: IO, result: CommandResult): void {
  if (result.chunks) {
    for (const c of result.chunks) out(io, c.fd, c.text);
    return;
  }
  out(io, 1, result.stdout);
  out(io, 2, result.stderr);
}

/** Collected output of a nested run, as a CommandResult with chunks. */
export function resultOf(chunks: OutputChunk[], exitCode: number): CommandResult {
  const pick = (fd: 1 | 2): string =>
    chunks
      .filter((c) => c.fd === fd)
      .map((c) => c.text)
      .join('');
  return { stdout: pick(1), stderr: pick(2), exitCode, chunks: chunks.map((c) => ({ ...c })) };
}
