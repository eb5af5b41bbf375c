// Runs once before the kernel suite: can it run here (root, `ip netns`, the tools), and a
// sweep of namespaces a killed earlier run left behind (only our own `psk8s-<pid>-` prefix,
// only when that pid is gone).

import type { TestProject } from 'vitest/node';
import { sweepStale, unavailableReason } from './netns.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Empty when the suite can run; otherwise why not. */
    kernelUnavailable: string;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const reason = (await unavailableReason()) ?? '';
  // Without root or netns the suite is skipped (run.mjs says so loudly). With them, a missing
  // tool is a broken machine: fail rather than report a green run that tested nothing.
  if (reason && reason !== 'not root' && !reason.startsWith('ip netns add failed')) throw new Error(`kernel conformance cannot run: ${reason}`);
  if (!reason) {
    const swept = await sweepStale();
    if (swept.length > 0) console.log(`kernel suite: removed ${swept.length} stale namespace(s): ${swept.join(', ')}`);
  }
  project.provide('kernelUnavailable', reason);
}
