// `npm run test:kernel`: the kernel conformance suite (real network namespaces, the real
// iptables-restore/iptables-save/conntrack, real connections; see test/kernel/README.md).
// It needs root and `ip netns`; without them it prints exactly one loud SKIPPED line and
// exits 0 (scripts/test.mjs then counts it as skipped, not passed).
//
//   node test/kernel/run.mjs [--report FILE] [extra vitest arguments…]
//
// With --report, FILE receives vitest's JSON report, or {"skipped": true, "reason": …}.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const args = process.argv.slice(2);
let report;
const at = args.indexOf('--report');
if (at >= 0) {
  report = args[at + 1];
  args.splice(at, 2);
}

function whyNot() {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return 'not root';
  const probe = `psk8s-${process.pid}-0-probe`;
  const add = spawnSync('ip', ['netns', 'add', probe], { encoding: 'utf8' });
  if (add.status !== 0) return `ip netns add failed: ${(add.stderr ?? add.error?.message ?? '').trim()}`;
  spawnSync('ip', ['netns', 'del', probe]);
  return undefined;
}

const reason = whyNot();
if (report) mkdirSync(dirname(report), { recursive: true });
if (reason) {
  console.log(`SKIPPED: kernel conformance needs root and netns`);
  if (report) writeFileSync(report, JSON.stringify({ skipped: true, reason }));
  process.exit(0);
}

const vitest = ['vitest', 'run', '--config', 'test/kernel/vitest.kernel.config.ts'];
if (report) vitest.push('--reporter=default', '--reporter=json', `--outputFile.json=${report}`);
const r = spawnSync('npx', [...vitest, ...args], { stdio: 'inherit' });
process.exit(r.status ?? 1);
