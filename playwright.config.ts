// Playwright: the acceptance tests of the page (e2e/), run against the production build
// (`vite build` → dist/) served two ways — at the root by `vite preview`, and under a sub-path
// by e2e/support/serve-subpath.mjs — in Debian's chromium (browsers are not downloaded).
// `npm run test:e2e` builds first; `npm test` runs this after vitest and counts the JSON report.
import { defineConfig } from '@playwright/test';
import { ROOT_PORT, SUB_PATH, SUB_PORT } from './e2e/support/servers.ts';

/** The build to serve (default dist/; PROXYSCOPE_DIST picks another `vite build --outDir`). */
const DIST = process.env.PROXYSCOPE_DIST ?? 'dist';

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results/e2e',
  // Deterministic tests on a noisy shared machine: one worker, no retries, generous waits
  // (the tests wait on data, never on time).
  workers: 1,
  retries: 0,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  timeout: 120_000,
  expect: { timeout: 30_000 },
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1440, height: 900 },
    actionTimeout: 30_000,
    navigationTimeout: 60_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.PROXYSCOPE_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  projects: [
    {
      name: 'root',
      testIgnore: '**/subpath.spec.ts',
      use: { baseURL: `http://127.0.0.1:${ROOT_PORT}/` },
    },
    {
      // The same page from a sub-path of a static host: the smoke test again, plus subpath.spec.
      name: 'subpath',
      testMatch: ['**/load.spec.ts', '**/subpath.spec.ts'],
      use: { baseURL: `http://127.0.0.1:${SUB_PORT}${SUB_PATH}` },
    },
  ],
  webServer: [
    {
      command: `npx vite preview --host 127.0.0.1 --port ${ROOT_PORT} --strictPort --outDir ${DIST}`,
      url: `http://127.0.0.1:${ROOT_PORT}/`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      command: `node e2e/support/serve-subpath.mjs --port ${SUB_PORT} --base ${SUB_PATH} --dir ${DIST}`,
      url: `http://127.0.0.1:${SUB_PORT}${SUB_PATH}`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
});
