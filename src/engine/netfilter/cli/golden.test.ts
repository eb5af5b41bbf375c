// NF-1/NF-2: the node tools against outputs recorded from the real iptables 1.8.9 (nf_tables)
// and conntrack-tools 1.4.7 in a fresh network namespace (test/fixtures/iptables-cli/record.py).
// Each case loads its ruleset, replays the recorded command lines and compares stdout,
// stderr and the exit code byte for byte.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../index.ts';
import { createNodeShell } from '../../nodeshell/shell.ts';
import type { Simulation } from '../../simulation.ts';
import { shellQuote } from '../../shell/index.ts';
import { standaloneKernel } from '../../nodeshell/state.ts';
import type { CtTuple, NetfilterKernel, TcpState } from '../kernel/index.ts';

const DIR = 'test/fixtures/iptables-cli';

interface Step {
  argv: string[];
  stdin?: string;
  stdout: string;
  stderr: string;
  exitCode: number;
}
interface Case {
  name: string;
  ruleset: string | null;
  counters: boolean;
  conntrack: string[][];
  steps: Step[];
}

const CASES = JSON.parse(readFileSync(`${DIR}/cases.json`, 'utf8')) as Case[];

/** Replaces the timestamps iptables-save writes, which differ between runs. */
const stamp = (s: string): string => s.replace(/ on \w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}$/gm, ' on <date>');

/** `conntrack -I` arguments as an entry in the node's table. */
function insertConntrack(kernel: NetfilterKernel, sim: Simulation, args: string[]): void {
  const opt = (name: string): string => args[args.indexOf(name) + 1] as string;
  const now = sim.clock.now();
  const proto = opt('-p') as 'tcp';
  const original: CtTuple = { src: opt('-s'), dst: opt('-d'), sport: Number(opt('--sport')), dport: Number(opt('--dport')) };
  const ct = kernel.conntrack.create(proto, original, now);
  ct.reply = { src: opt('-r'), dst: opt('-q'), sport: Number(opt('--reply-port-src')), dport: Number(opt('--reply-port-dst')) };
  ct.tcpState = opt('--state') as TcpState;
  // conntrack -I -t 300 prints 299 right away: a second passes while the tool runs
  ct.expires = now + Number(opt('-t')) * 1000 - 500;
  kernel.conntrack.insert(ct, now);
}

const sim = (() => {
  const r = createSimulation({ scenario: readFileSync('content/scenarios/default.yaml', 'utf8'), seed: 1, settle: false });
  if (!r.ok) throw new Error(r.error);
  return r.sim;
})();

let nodeSeq = 0;

/** A fresh node with its own kernel per case, like the fresh namespace each recording used. */
function freshNode(): { shell: ReturnType<typeof createNodeShell>; kernel: NetfilterKernel } {
  const node = `case-${nodeSeq++}`;
  const kernel = standaloneKernel(sim, node);
  kernel.addNfacct('localhost_nps_accepted_pkts');
  return { shell: createNodeShell(sim, node, { kernel: () => kernel }), kernel };
}

describe('[NF-1][NF-2] node tools match the recorded iptables/conntrack outputs', () => {
  for (const c of CASES) {
    it(`[NF-2] ${c.name}`, () => {
      const { shell, kernel } = freshNode();
      const run = (argv: string[], stdin?: string) => shell.runLine(argv.map(shellQuote).join(' '), stdin ?? '');
      if (c.ruleset) {
        const loaded = run(['iptables-restore', ...(c.counters ? ['--counters'] : [])], readFileSync(`${DIR}/${c.ruleset}`, 'utf8'));
        expect(loaded).toMatchObject({ stderr: '', exitCode: 0 });
      }
      for (const entry of c.conntrack) insertConntrack(kernel, sim, entry);
      for (const step of c.steps) {
        const got = run(step.argv, step.stdin);
        expect({ argv: step.argv, stdout: stamp(got.stdout), stderr: got.stderr, exitCode: got.exitCode }).toEqual({
          argv: step.argv,
          stdout: stamp(step.stdout),
          stderr: step.stderr,
          exitCode: step.exitCode,
        });
      }
    });
  }
});

