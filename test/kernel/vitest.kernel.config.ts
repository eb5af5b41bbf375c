// The kernel conformance suite (`npm run test:kernel`): real network namespaces, the real
// iptables-restore/iptables-save/conntrack, real connections. Its files end in `.kernel.ts`
// so the main `vitest run` (test/**/*.test.ts) never picks them up.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['test/kernel/**/*.kernel.ts'],
    environment: 'node',
    globalSetup: ['test/kernel/harness/globalSetup.ts'],
    // Child processes and namespaces are cleaned up on exit: separate processes per file.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 150_000,
  },
});
