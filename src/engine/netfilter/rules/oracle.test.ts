// Replays what the real iptables 1.8.9 (nf_tables) printed in a network namespace
// (test/fixtures/netfilter/oracle.json, recorded by test/fixtures/netfilter/record.ts): every
// command's stdout, stderr and exit code, and iptables-save after each case.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { TableName } from '../types.ts';
import { createRuleset, restore, runIptables, save } from './index.ts';

type Step = { ipt: string[] } | { restore: string; args?: string[] } | { save: string[] };
interface Recorded { step: Step; stdout: string; stderr: string; code: number }
const CASES = JSON.parse(readFileSync('test/fixtures/netfilter/oracle.json', 'utf8')) as {
  name: string;
  nfacct: string[];
  steps: Recorded[];
}[];

const flag = (args: string[], ...names: string[]): boolean => names.some((n) => args.includes(n));
const after = (args: string[], name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

describe('[NF-2] rule model against the real iptables-nft 1.8.9', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const rs = createRuleset();
      const nfacctExists = (n: string): boolean => c.nfacct.includes(n);
      for (const r of c.steps) {
        const st = r.step;
        let got: { stdout: string; stderr: string; code: number };
        if ('ipt' in st) {
          const o = runIptables(rs, st.ipt, { nfacctExists });
          got = o.done ? { stdout: o.stdout, stderr: o.stderr, code: o.exitCode } : { stdout: '?', stderr: '', code: -1 };
        } else if ('restore' in st) {
          const a = st.args ?? [];
          const t = after(a, '-T');
          const res = restore(rs, st.restore, {
            noflush: flag(a, '--noflush', '-n'),
            counters: flag(a, '--counters', '-c'),
            ...(t ? { table: t as TableName } : {}),
            nfacctExists,
          });
          got = res.ok ? { stdout: '', stderr: '', code: 0 } : { stdout: '', stderr: res.stderr, code: res.exitCode };
        } else {
          const t = after(st.save, '-t');
          const text = save(rs, {
            generatedAt: 'Sat Nov 21 09:00:00 2026',
            program: 'iptables-save',
            counters: flag(st.save, '-c'),
            ...(t ? { table: t as TableName } : {}),
          });
          got = { stdout: text, stderr: '', code: 0 };
        }
        expect({ step: st, ...got }).toEqual({ step: st, stdout: r.stdout, stderr: r.stderr, code: r.code });
      }
    });
  }
});
