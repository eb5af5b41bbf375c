// Running the real tools (ip, iptables-restore, iptables-save, nfacct, conntrack, node) from the
// test process. Errors are values: the caller decides what a non-zero exit means.

import { spawn, spawnSync } from 'node:child_process';

export interface ExecResult {
  stdout: string;
  stderr: string;
  code: number;
}

export interface ExecOptions {
  input?: string;
  timeoutMs?: number;
  /** Run inside this network namespace (`ip netns exec NS …`). */
  netns?: string;
}

function argv(cmd: string, args: string[], netns?: string): [string, string[]] {
  return netns ? ['ip', ['netns', 'exec', netns, cmd, ...args]] : [cmd, args];
}

export function run(cmd: string, args: string[], opts: ExecOptions = {}): Promise<ExecResult> {
  const [file, list] = argv(cmd, args, opts.netns);
  return new Promise((resolve) => {
    const child = spawn(file, list, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 20_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ stdout, stderr: stderr + String(e), code: 127 });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ stdout, stderr: signal ? `${stderr}killed by ${signal}` : stderr, code: code ?? 128 });
    });
    child.stdin.on('error', () => {}); // a tool that exits early closes its stdin: not our error
    child.stdin.end(opts.input ?? '');
  });
}

/** Like run(), but a non-zero exit throws with the command and its stderr. */
export async function must(cmd: string, args: string[], opts: ExecOptions = {}): Promise<string> {
  const r = await run(cmd, args, opts);
  if (r.code !== 0) {
    const where = opts.netns ? ` (in ${opts.netns})` : '';
    throw new Error(`${cmd} ${args.join(' ')}${where} exited ${r.code}: ${r.stderr.trim()}`);
  }
  return r.stdout;
}

/** Synchronous variant for cleanup paths that run in process 'exit' handlers. */
export function runSync(cmd: string, args: string[]): ExecResult {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 10_000 });
  return { stdout: r.stdout ?? '', stderr: r.stderr ?? '', code: r.status ?? 128 };
}
