// The restore path keeps state from one transaction to the next (parsed lines, the jump graph
// for the hook checks, compiled chains): a namespace that went through a sequence of restores
// and iptables commands must answer every next step exactly as a namespace loaded from scratch
// with the same rules — same output and exit status, same iptables-save text (counters
// included), same packet verdicts and TRACE hits.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRng } from '../../sim/rng.ts';
import { restore, runIptables, save } from '../rules/index.ts';
import { NetfilterKernel } from './kernel.ts';
import { forward, output, packet, traceLines } from './testkit.ts';

const newKernel = (): NetfilterKernel =>
  new NetfilterKernel({ rng: createRng(1), now: () => 0, isLocal: (ip) => ip === '172.18.0.2', isBroadcast: () => false, ifaceAddress: () => '172.18.0.2' });

type T = 'nat' | 'filter';
const USER = ['KUBE-A', 'KUBE-B', 'KUBE-C', 'KUBE-D'];
const BUILTIN: Record<T, string[]> = { nat: ['PREROUTING', 'OUTPUT', 'POSTROUTING'], filter: ['INPUT', 'FORWARD', 'OUTPUT'] };
// Rule specs; X is replaced by a chain. Some fail (rarely, so that the state moves on): a
// jump to a missing chain, targets the table or the hooks reaching the chain do not allow, a
// jump into a loop.
const SPECS: Record<T, string[]> = {
  nat: [
    '-j X', '-d 10.0.0.1/32 -p tcp -j X', '-d 10.0.0.2/32 -p tcp -j X', '-p tcp -j DNAT --to-destination 10.1.0.1:80',
    '-d 10.0.0.3/32 -p tcp -j DNAT --to-destination 10.1.0.2:8080', '-j MARK --or-mark 0x4000', '-j RETURN',
    '-m mark --mark 0x4000/0x4000 -j RETURN',
  ],
  filter: ['-j X', '-d 10.1.0.1/32 -j X', '-d 10.1.0.1/32 -j DROP', '-d 10.0.0.2/32 -p tcp -j REJECT', '-j ACCEPT', '-m mark --mark 0x4000/0x4000 -j ACCEPT', '-j RETURN'],
};
const FAILING: Record<T, string[]> = {
  nat: ['-j MASQUERADE', '-j SNAT --to-source 1.2.3.4', '-j KUBE-MISSING'],
  filter: ['-p tcp -j REJECT --reject-with tcp-reset', '-j DNAT --to-destination 10.1.0.1', '-j KUBE-MISSING'],
};

const table = fc.constantFrom<T>('nat', 'filter');
const user = fc.constantFrom(...USER);
/** A rule spec jumping (mostly) to one of `targets`. */
const specOf = (t: T, targets: string[] = USER) =>
  fc.oneof(
    { weight: 12, arbitrary: fc.tuple(fc.constantFrom(...SPECS[t]), fc.constantFrom(...(targets.length ? targets : USER))).map(([s, x]) => s.replace(' X', ` ${x}`)) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...SPECS[t]), user).map(([s, x]) => s.replace(' X', ` ${x}`)) },
    { weight: 1, arbitrary: fc.constantFrom(...FAILING[t]) },
  );
const chainOf = (t: T) => fc.constantFrom(...USER, ...BUILTIN[t]);

/** A restore block for one table: declarations, rules, deletions (kube-proxy's shape, and others). */
const block = table.chain((t) =>
  fc.subarray(USER, { minLength: 1 }).chain((declare) =>
    fc
      .record({
        rules: fc.array(fc.tuple(fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...declare, ...BUILTIN[t]) }, { weight: 1, arbitrary: chainOf(t) }), specOf(t, declare), fc.nat(19)), { maxLength: 6 }),
        remove: fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.subarray(USER, { maxLength: 2 }) }),
      })
      .map(({ rules, remove }) => {
        const lines = [`*${t}`, ...declare.map((c) => `:${c} - [0:0]`)];
        for (const [c, s, n] of rules) lines.push(`${n === 0 ? '-D' : '-A'} ${c} ${s}`);
        for (const c of remove) lines.push(`-X ${c}`);
        return `${lines.join('\n')}\nCOMMIT\n`;
      }),
  ),
);

const NAT_BUILTINS = ':PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n';
const FILTER_BUILTINS = ':INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n';

type Step = { kind: 'restore'; text: string; noflush: boolean } | { kind: 'cmd'; argv: string[] };
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .record({ kind: fc.constant('restore' as const), text: fc.array(block, { minLength: 1, maxLength: 2 }).map((b) => b.join('')), noflush: fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }) })
      // Without --noflush the table is created anew: its built-in chains are declared (an
      // uninstantiated one would not round-trip through iptables-save).
      .map((s) => (s.noflush ? s : { ...s, text: s.text.replaceAll('*nat\n', `*nat\n${NAT_BUILTINS}`).replaceAll('*filter\n', `*filter\n${FILTER_BUILTINS}`) })),
  },
  {
    weight: 2,
    arbitrary: table.chain((t) =>
      fc.oneof(
        fc.tuple(chainOf(t), specOf(t)).map(([c, s]) => ['-t', t, '-A', c, ...s.split(' ')]),
        fc.tuple(chainOf(t), specOf(t)).map(([c, s]) => ['-t', t, '-A', c, ...s.split(' ')]),
        fc.tuple(chainOf(t), specOf(t)).map(([c, s]) => ['-t', t, '-I', c, '1', ...s.split(' ')]),
        fc.tuple(chainOf(t), specOf(t)).map(([c, s]) => ['-t', t, '-D', c, ...s.split(' ')]),
        chainOf(t).map((c) => ['-t', t, '-D', c, '1']),
        user.map((c) => ['-t', t, '-X', c]),
        user.map((c) => ['-t', t, '-N', c]),
        user.map((c) => ['-t', t, '-N', c]),
        chainOf(t).map((c) => ['-t', t, '-F', c]),
        fc.tuple(user, fc.constantFrom('KUBE-E', ...USER)).map(([a, b]) => ['-t', t, '-E', a, b]),
      ).map((argv) => ({ kind: 'cmd' as const, argv })),
    ),
  },
);

const AT = 'Sat Nov 21 09:00:00 2026';
const state = (k: NetfilterKernel): string => save(k.ruleset, { generatedAt: AT, counters: true });

function apply(k: NetfilterKernel, s: Step): string {
  if (s.kind === 'restore') {
    const r = restore(k.ruleset, s.text, { noflush: s.noflush, counters: true });
    return r.ok ? 'ok' : `${r.exitCode} ${r.stderr}`;
  }
  const r = runIptables(k.ruleset, s.argv);
  return r.done ? `${r.exitCode} ${r.stdout}${r.stderr}` : 'not run';
}

/** Every built-in chain instantiated (so that the state round-trips through iptables-save). */
const START = `*nat\n${NAT_BUILTINS}:KUBE-A - [0:0]\n-A PREROUTING -j KUBE-A\n-A OUTPUT -j KUBE-A\nCOMMIT\n*filter\n${FILTER_BUILTINS}:KUBE-A - [0:0]\n-A FORWARD -j KUBE-A\nCOMMIT\n`;

/** The same packets through both namespaces (new connections each: fresh source ports). */
function probe(a: NetfilterKernel, b: NetfilterKernel, port: { next: number }): void {
  for (const dst of ['10.0.0.1:80', '10.0.0.2:80', '10.0.0.3:80', '10.1.0.1:80']) {
    const sport = port.next++;
    const pa = packet(`10.9.0.1:${sport}`, dst, 'tcp', 'SYN');
    const fa = forward(a, pa, 'eth0', 'eth1');
    const fb = forward(b, packet(`10.9.0.1:${sport}`, dst, 'tcp', 'SYN'), 'eth0', 'eth1');
    expect([fa.verdict, fa.packet, traceLines(fa)]).toEqual([fb.verdict, fb.packet, traceLines(fb)]);
    const oa = output(a, packet(`172.18.0.2:${sport + 30000}`, dst, 'tcp', 'SYN'), 'eth0');
    const ob = output(b, packet(`172.18.0.2:${sport + 30000}`, dst, 'tcp', 'SYN'), 'eth0');
    expect([oa.verdict, oa.packet, traceLines(oa)]).toEqual([ob.verdict, ob.packet, traceLines(ob)]);
  }
}

/** Runs the steps on one namespace; before each, a namespace loaded from scratch with the same state takes the same step. */
function compare(steps: Step[]): void {
  const inc = newKernel();
  expect(restore(inc.ruleset, START, { noflush: false, counters: true })).toEqual({ ok: true });
  const port = { next: 1000 };
  for (const s of steps) {
    const scratch = newKernel();
    expect(restore(scratch.ruleset, state(inc), { noflush: false, counters: true })).toEqual({ ok: true });
    expect(state(scratch)).toBe(state(inc));
    const before = state(inc);
    const got = apply(inc, s);
    expect(got).toBe(apply(scratch, s));
    expect(state(inc)).toBe(state(scratch));
    // a failing restore block or command changes nothing
    if (got !== 'ok' && !got.startsWith('0 ') && s.kind === 'cmd') expect(state(inc)).toBe(before);
    probe(inc, scratch, port);
    expect(state(inc)).toBe(state(scratch));
  }
}

describe('incremental restore = from scratch', () => {
  it('[NF-2] random restores and -A/-I/-D/-X/-N/-F/-E: same output, iptables-save text and verdicts as a namespace loaded from scratch', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 10 }), (steps) => compare(steps)),
      { numRuns: 100 },
    );
  });

  it('[NF-2] a restore after a failed one: the failed block left no trace in the kept state', () => {
    const declare = '*nat\n:KUBE-B - [0:0]\n:KUBE-C - [0:0]\n-A KUBE-A -p tcp -j KUBE-B\n-A KUBE-B -j KUBE-C\n';
    compare([
      // a DNAT into a chain POSTROUTING reaches: the whole block fails (EINVAL) …
      { kind: 'restore', noflush: true, text: `${declare}-A KUBE-C -p tcp -j DNAT --to-destination 10.1.0.1:80\n-A POSTROUTING -j KUBE-C\nCOMMIT\n` },
      // … and the same rules without that jump go in
      { kind: 'restore', noflush: true, text: `${declare}-A KUBE-C -p tcp -j DNAT --to-destination 10.1.0.1:80\nCOMMIT\n` },
      // a jump to a missing chain fails; then a loop (EMLINK); then the valid state again
      { kind: 'restore', noflush: true, text: `${declare}-A KUBE-C -j KUBE-MISSING\nCOMMIT\n` },
      { kind: 'restore', noflush: true, text: `${declare}-A KUBE-C -j KUBE-A\nCOMMIT\n` },
      { kind: 'restore', noflush: true, text: `${declare}-A KUBE-C -p tcp -j DNAT --to-destination 10.1.0.2:80\nCOMMIT\n` },
    ]);
  });

  it('[NF-2] kube-proxy-sized tables (the paths that switch on past thousands of chains): full, partial, failing and shrinking syncs', () => {
    /** A kube-proxy-shaped nat payload: services `from`…`to`-1, two endpoints each; `only`: a partial sync of those. */
    const payload = (to: number, opts: { only?: number[]; dest?: string; extra?: string; removed?: number[]; flushed?: boolean } = {}): string => {
      const ids = Array.from({ length: to }, (_, i) => i);
      const own = opts.only ?? ids;
      const out = ['*nat', ':KUBE-A - [0:0]', ':KUBE-POSTROUTING - [0:0]'];
      for (const i of own) out.push(`:KUBE-SVC-${i} - [0:0]`, `:KUBE-SEP-${i}-0 - [0:0]`, `:KUBE-SEP-${i}-1 - [0:0]`);
      // kube-proxy flushes a stale chain (declares it) before deleting it
      if (opts.flushed) for (const i of opts.removed ?? []) out.push(`:KUBE-SVC-${i} - [0:0]`, `:KUBE-SEP-${i}-0 - [0:0]`, `:KUBE-SEP-${i}-1 - [0:0]`);
      for (const i of ids) out.push(`-A KUBE-A -d 10.0.${i >> 8}.${i & 255}/32 -p tcp -m tcp --dport 80 -j KUBE-SVC-${i}`);
      out.push('-A KUBE-POSTROUTING -m mark --mark 0x4000/0x4000 -j MASQUERADE');
      if (opts.extra) out.push(opts.extra);
      for (const i of own) {
        out.push(`-A KUBE-SVC-${i} -s 10.9.0.0/16 -j KUBE-SEP-${i}-0`, `-A KUBE-SVC-${i} -j KUBE-SEP-${i}-1`);
        out.push(`-A KUBE-SEP-${i}-0 -j MARK --or-mark 0x4000`, `-A KUBE-SEP-${i}-0 -p tcp -j DNAT --to-destination ${i === 1 && opts.dest ? opts.dest : `10.244.${i >> 8}.${i & 255}:8080`}`);
        out.push(`-A KUBE-SEP-${i}-1 -p tcp -j DNAT --to-destination 10.245.${i >> 8}.${i & 255}:8080`);
      }
      for (const i of opts.removed ?? []) out.push(`-X KUBE-SVC-${i}`, `-X KUBE-SEP-${i}-0`, `-X KUBE-SEP-${i}-1`);
      return `${out.join('\n')}\nCOMMIT\n`;
    };
    const sync = (text: string): Step => ({ kind: 'restore', noflush: true, text });
    const N = 800; // 2,400 chains: past the overlay's copy, the graph's bulk paths
    compare([
      sync(payload(N)),
      { kind: 'cmd', argv: ['-t', 'nat', '-A', 'POSTROUTING', '-j', 'KUBE-POSTROUTING'] },
      sync(payload(N)),
      sync(payload(N, { only: [1], dest: '10.244.9.9:8080' })),
      // a DNAT made reachable from POSTROUTING: the whole sync fails, nothing of it stays
      sync(payload(N, { only: [1, 2], dest: '10.244.9.8:8080', extra: '-A KUBE-POSTROUTING -j KUBE-SVC-2' })),
      sync(payload(N, { only: [2] })),
      // services 700… go away: deleting chains that still have rules fails (EBUSY); flushed
      // and no longer jumped to, they go
      sync(payload(700, { only: [], removed: [700, 701] })),
      sync(payload(700, { only: [], removed: [700, 701], flushed: true })),
      sync(payload(700, { removed: Array.from({ length: 98 }, (_, i) => 702 + i), flushed: true })),
      sync(payload(700, { only: [3], dest: '10.244.9.7:8080' })),
    ]);
  });

  it('[NF-2] deleting chains with references: EBUSY while referenced, then deleted with the rules that referenced them', () => {
    compare([
      { kind: 'restore', noflush: true, text: '*nat\n:KUBE-B - [0:0]\n:KUBE-C - [0:0]\n-A KUBE-A -j KUBE-B\n-A KUBE-B -j KUBE-C\nCOMMIT\n' },
      { kind: 'cmd', argv: ['-t', 'nat', '-X', 'KUBE-C'] },
      { kind: 'restore', noflush: true, text: '*nat\n:KUBE-B - [0:0]\n-X KUBE-C\nCOMMIT\n' },
      { kind: 'restore', noflush: true, text: '*nat\n:KUBE-A - [0:0]\n-X KUBE-B\n-X KUBE-C\nCOMMIT\n' },
      { kind: 'restore', noflush: true, text: '*nat\n:KUBE-A - [0:0]\n:KUBE-B - [0:0]\n-X KUBE-B\nCOMMIT\n' },
      { kind: 'cmd', argv: ['-t', 'nat', '-N', 'KUBE-C'] },
      { kind: 'cmd', argv: ['-t', 'nat', '-A', 'KUBE-A', '-j', 'KUBE-C'] },
      { kind: 'cmd', argv: ['-t', 'nat', '-X', 'KUBE-C'] },
      { kind: 'cmd', argv: ['-t', 'nat', '-D', 'KUBE-A', '-j', 'KUBE-C'] },
      { kind: 'cmd', argv: ['-t', 'nat', '-X', 'KUBE-C'] },
    ]);
  });
});
