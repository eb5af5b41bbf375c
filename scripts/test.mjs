// `npm test`: type checks, lint, then every test suite. Ends with one summary line
// "tests: N passed, M failed" (what CI reads), and exits non-zero on any failure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { ensureDeps } from './ensure-deps.mjs';

ensureDeps();

let passed = 0;
let failed = 0;
const problems = [];

function step(name, cmd, args) {
  console.log(`\n=== ${name}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) problems.push(`${name} failed (exit ${r.status})`);
  return r.status === 0;
}

step('typecheck', 'npx', ['tsc', '-b']);
step('lint', 'npx', ['eslint', '.']);

mkdirSync('test-results', { recursive: true });
const report = 'test-results/vitest.json';
rmSync(report, { force: true });
step('unit and integration tests', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`]);
try {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  if (r.numTotalTests === 0) problems.push('vitest ran no test');
} catch {
  problems.push('no vitest report');
}

// The kernel conformance suite (test/kernel/): runs for real as root with `ip netns`;
// elsewhere it prints one SKIPPED line and counts as skipped, not passed.
const kernelReport = 'test-results/kernel.json';
rmSync(kernelReport, { force: true });
step('kernel conformance', 'node', ['test/kernel/run.mjs', '--report', kernelReport]);
try {
  const r = JSON.parse(readFileSync(kernelReport, 'utf8'));
  if (!r.skipped) {
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    if (r.numTotalTests === 0) problems.push('kernel conformance ran no test');
  }
} catch {
  problems.push('no kernel conformance report');
}

// The browser tests (e2e/, Playwright): the production build, served at the root and from a
// sub-path, in Debian's chromium. Without chromium they cannot run: that is a failure, never a skip.
const e2eReport = 'test-results/e2e.json';
rmSync(e2eReport, { force: true });
const chromium = process.env.PROXYSCOPE_CHROMIUM ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  console.log(`\n=== browser tests (e2e): no chromium at ${chromium} (apt-get install chromium, or set PROXYSCOPE_CHROMIUM)`);
  problems.push(`e2e did not run: no chromium at ${chromium}`);
} else if (step('production build for e2e', 'npx', ['vite', 'build', '--logLevel', 'warn'])) {
  step('browser tests (e2e)', 'npx', ['playwright', 'test']);
  try {
    const r = JSON.parse(readFileSync(e2eReport, 'utf8'));
    passed += r.stats.expected;
    failed += r.stats.unexpected + r.stats.flaky;
    if (r.stats.expected + r.stats.unexpected + r.stats.flaky === 0) problems.push('e2e ran no test');
    for (const e of r.errors ?? []) problems.push(`e2e: ${String(e.message ?? e).split('\n')[0]}`);
  } catch {
    problems.push('no e2e report');
  }
}

for (const p of problems) console.log(`FAILED: ${p}`);
if (problems.length > 0 && failed === 0) failed = problems.length;
console.log(`\ntests: ${passed} passed, ${failed} failed`);
process.exit(problems.length > 0 ? 1 : 0);
