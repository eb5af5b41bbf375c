// Network namespaces owned by this suite: `psk8s-<pid>-<n>-<role>`. Only names with our
// prefix are ever created or deleted. Every namespace and every server process we start is
// registered here, so a crashed or timed-out run still cleans up (process 'exit' handler),
// and a later run sweeps what a killed one (SIGKILL) left behind.

import { must, run, runSync } from './exec.ts';

export const PREFIX = 'psk8s';
const OURS = new RegExp(`^${PREFIX}-(\\d+)-`);

const liveNamespaces = new Set<string>();
const livePids = new Set<number>();
let scenarioCounter = 0;
let exitHookInstalled = false;

/** The next scenario's name stem, `psk8s-<pid>-<n>`. */
export function nextStem(): string {
  scenarioCounter += 1;
  return `${PREFIX}-${process.pid}-${scenarioCounter}`;
}

export function trackPid(pid: number): void {
  livePids.add(pid);
  installExitHook();
}

export function untrackPid(pid: number): void {
  livePids.delete(pid);
}

export function killPid(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
  livePids.delete(pid);
}

export async function listNamespaces(): Promise<string[]> {
  const r = await run('ip', ['netns', 'list']);
  return r.stdout
    .split('\n')
    .map((l) => l.split(' ')[0]!)
    .filter(Boolean);
}

/** Creates the namespaces (in one `ip -batch`) and brings their loopback up. */
export async function createNamespaces(names: string[]): Promise<void> {
  for (const n of names) {
    if (!OURS.test(n)) throw new Error(`refusing to create a namespace outside our prefix: ${n}`);
    liveNamespaces.add(n);
  }
  installExitHook();
  await must('ip', ['-batch', '-'], { input: names.map((n) => `netns add ${n}\n`).join('') });
  await Promise.all(names.map((n) => must('ip', ['-n', n, 'link', 'set', 'lo', 'up'])));
}

/** Kills every process still inside the namespaces, then deletes them. Never throws. */
export async function deleteNamespaces(names: string[]): Promise<void> {
  for (const n of names) {
    if (!OURS.test(n)) continue;
    const pids = await run('ip', ['netns', 'pids', n]);
    for (const p of pids.stdout.split('\n').filter(Boolean)) killPid(Number(p));
  }
  await Promise.all(
    names.filter((n) => OURS.test(n)).map(async (n) => {
      await run('ip', ['netns', 'del', n]);
      liveNamespaces.delete(n);
    }),
  );
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Deletes namespaces with our prefix whose owning test process is gone. Returns their names. */
export async function sweepStale(): Promise<string[]> {
  const stale = (await listNamespaces()).filter((n) => {
    const m = OURS.exec(n);
    return m !== null && Number(m[1]) !== process.pid && !alive(Number(m[1]));
  });
  if (stale.length > 0) await deleteNamespaces(stale);
  return stale;
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  const cleanup = () => {
    for (const pid of livePids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    for (const n of liveNamespaces) runSync('ip', ['netns', 'del', n]);
    livePids.clear();
    liveNamespaces.clear();
  };
  process.on('exit', cleanup);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      cleanup();
      process.exit(130);
    });
  }
}

/** Why the kernel suite cannot run here, or undefined when it can (root + `ip netns` + tools). */
export async function unavailableReason(): Promise<string | undefined> {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return 'not root';
  for (const tool of ['ip', 'iptables-restore', 'iptables-save', 'iptables', 'nfacct', 'conntrack']) {
    const r = await run('sh', ['-c', `command -v ${tool}`]);
    if (r.code !== 0) return `${tool} not installed`;
  }
  const probe = `${PREFIX}-${process.pid}-0-probe`;
  const add = await run('ip', ['netns', 'add', probe]);
  if (add.code !== 0) return `ip netns add failed: ${add.stderr.trim()}`;
  const ok = await run('ip', ['netns', 'exec', probe, 'iptables-save']);
  await run('ip', ['netns', 'del', probe]);
  if (ok.code !== 0) return `iptables in a namespace failed: ${ok.stderr.trim()}`;
  return undefined;
}
