// The page's handle on the simulation: a module Worker running sim.worker.ts, wrapped with
// comlink; or, where no module Worker starts (or with `?worker=0` in the URL), the same API
// in this thread behind the same asynchronous surface.

import { proxy, releaseProxy, wrap, type Remote } from 'comlink';
import type { AsyncSimApi, SimApi, SimClient } from './contract.ts';

/** How long the worker may take to answer its first call before the page runs the engine itself. */
const WORKER_READY_TIMEOUT_MS = 15_000;

const METHODS = [
  'scenarios', 'start', 'subscribe', 'play', 'pause', 'step', 'setSpeed', 'setTraffic', 'snapshot', 'chains', 'packet',
  'objectYaml', 'chainText', 'execute', 'interrupt', 'isComplete', 'complete', 'prompt',
  // share links (replay.ts)
  'history', 'recording', 'replay',
  'lessons', 'lesson', 'startLesson', 'acknowledgeStep',
] as const satisfies readonly (keyof SimApi)[];

type AnyFn = (...args: unknown[]) => unknown;

export interface ConnectOptions {
  /** Run the engine in this thread (default: when the URL says `worker=0`). */
  inThread?: boolean;
}

export async function connectSim(opts: ConnectOptions = {}): Promise<SimClient> {
  const inThread = opts.inThread ?? wantsInThread();
  if (!inThread) {
    const client = await tryWorker();
    if (client) return client;
  }
  return inThreadClient();
}

function wantsInThread(): boolean {
  try {
    return new URLSearchParams(globalThis.location?.search ?? '').get('worker') === '0';
  } catch {
    return false;
  }
}

async function tryWorker(): Promise<SimClient | undefined> {
  let worker: Worker;
  try {
    worker = new Worker(new URL('./sim.worker.ts', import.meta.url), { type: 'module', name: 'proxyscope-sim' });
  } catch {
    return undefined;
  }
  const remote: Remote<SimApi> = wrap<SimApi>(worker);
  // A module worker that cannot load its script fails asynchronously: wait for its first answer.
  let onError: (() => void) | undefined;
  const failed = new Promise<false>((resolve) => {
    onError = () => resolve(false);
    worker.addEventListener('error', onError);
    setTimeout(() => resolve(false), WORKER_READY_TIMEOUT_MS);
  });
  const ok = await Promise.race([remote.scenarios().then(() => true, () => false), failed]);
  if (onError) worker.removeEventListener('error', onError);
  if (!ok) {
    remote[releaseProxy]();
    worker.terminate();
    return undefined;
  }
  const api = {} as Record<string, AnyFn>;
  for (const m of METHODS) {
    const f = remote[m] as unknown as AnyFn;
    api[m] = m === 'subscribe' ? (cb: unknown) => f(proxy(cb as (b: unknown) => void)) : (...args: unknown[]) => f(...args);
  }
  return {
    api: api as unknown as AsyncSimApi,
    mode: 'worker',
    close: () => {
      remote[releaseProxy]();
      worker.terminate();
    },
  };
}

async function inThreadClient(): Promise<SimClient> {
  // Loaded only when needed: the page's own bundle does not carry the engine.
  const { createSimApi } = await import('./api.ts');
  const local = createSimApi();
  const api = {} as Record<string, AnyFn>;
  for (const m of METHODS) {
    const f = (local[m] as AnyFn).bind(local);
    api[m] = (...args: unknown[]) => {
      try {
        return Promise.resolve(f(...args));
      } catch (e) {
        return Promise.reject(e);
      }
    };
  }
  return { api: api as unknown as AsyncSimApi, mode: 'in-thread', close: () => local.close() };
}
