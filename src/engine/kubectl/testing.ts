// Test support: run `kubectl …` against a simulation without going through the shell.

import type { CommandResult } from '../shell/types.ts';
import type { Simulation } from '../simulation.ts';
import { kubectlDescriptor } from './kubectl.ts';

/** Minimal in-memory files for tests that read `-f FILE`. */
export function runKubectl(sim: Simulation, args: string[], opts: { stdin?: string; files?: Record<string, string> } = {}): CommandResult {
  const files = new Map(Object.entries(opts.files ?? {}));
  return kubectlDescriptor.run({
    name: 'kubectl',
    args,
    stdin: opts.stdin ?? '',
    env: new Map(),
    world: sim,
    runLine: () => ({ stdout: '', stderr: 'nested commands are not available in runKubectl\n', exitCode: 1 }),
    fs: {
      cwd: () => '/root',
      chdir: () => undefined,
      resolve: (p) => (p.startsWith('/') ? p : `/root/${p}`),
      readFile: (p) => files.get(p) ?? files.get(p.replace(/^\/root\//, '')),
      writeFile: (p, d, append) => {
        files.set(p, (append ? (files.get(p) ?? '') : '') + d);
        return undefined;
      },
      remove: (p) => (files.delete(p) ? undefined : `no such file`),
      list: () => [...files.keys()].sort(),
      isDirectory: () => false,
      exists: (p) => files.has(p),
      mkdir: () => undefined,
    },
  });
}
