// awk output redirections: `> file` (truncated on first use), `>> file`, `| command` (run
// in the shell session when closed or at exit, with everything printed to it as input).

import { AwkFatal } from './errors.ts';
import type { AwkHost } from './interp.ts';

export class AwkOutputs {
  private readonly open = new Map<string, { mode: '>' | '>>' | '|'; buffer: string }>();

  constructor(private readonly host: AwkHost) {}

  write(text: string, mode: '>' | '>>' | '|', name: string): void {
    if (mode !== '|' && (name === '/dev/stdout' || name === '-')) {
      this.host.out(text);
      return;
    }
    if (mode !== '|' && name === '/dev/stderr') {
      this.host.err(text);
      return;
    }
    let stream = this.open.get(name);
    if (!stream) {
      stream = { mode, buffer: '' };
      this.open.set(name, stream);
      if (mode === '>') {
        const err = this.host.writeFile(name, '', false);
        if (err) throw new AwkFatal(`cannot redirect to \`${name}': ${err}`);
      }
    }
    if (stream.mode === '|') stream.buffer += text;
    else {
      const err = this.host.writeFile(name, text, true);
      if (err) throw new AwkFatal(`cannot redirect to \`${name}': ${err}`);
    }
  }

  /** close(): runs a pipe's command; -1 when nothing of that name is open. */
  close(name: string): number {
    const stream = this.open.get(name);
    if (!stream) return -1;
    this.open.delete(name);
    return stream.mode === '|' ? this.runCommand(name, stream.buffer) : 0;
  }

  closeAll(): void {
    for (const name of [...this.open.keys()]) this.close(name);
  }

  runCommand(cmd: string, stdin: string): number {
    const r = this.host.runLine(cmd, stdin);
    for (const c of r.chunks ?? [{ fd: 1 as const, text: r.stdout }, { fd: 2 as const, text: r.stderr }]) {
      if (c.fd === 1) this.host.out(c.text);
      else this.host.err(c.text);
    }
    return r.exitCode;
  }
}
