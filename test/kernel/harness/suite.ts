// Registers the conformance tests of a list of scenarios. Every scenario runs once (beforeAll:
// Proxyscope, then the real kernel); each test then compares one thing and is named after the
// rule it checks and the scenario.

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { normalizeSave } from './iptables.ts';
import { runScenario, TABLES, type ScenarioResult } from './runScenario.ts';
import type { KernelScenario } from './scenario.ts';
import { againstExpectation, comparable, shares } from './summary.ts';
import { findEntry, normalizeEntry, parseConntrack, type CtEntry } from './conntrack.ts';

const unavailable = inject('kernelUnavailable');

export function kernelSuite(scenarios: KernelScenario[]): void {
  describe.skipIf(unavailable !== '')('kernel conformance', () => {
    for (const s of scenarios) {
      describe(s.name, () => {
        let r: ScenarioResult;
        beforeAll(async () => {
          r = await runScenario(s);
        });
        afterAll(() => {
          if (r) console.log(`${s.name}: kernel ${r.kernel.ms} ms; payloads: ${r.payloadSource}`);
        });
        const nodes = () => [...r.kernel.nodes.keys()];

        it(`[NF-2] ${s.name}: the real iptables-restore accepts the payloads on every node`, () => {
          const verdicts = nodes().flatMap((n) => {
            const k = r.kernel.nodes.get(n)!;
            const load = r.loads.get(n)!;
            return [
              { node: n, restore: 'setup (KP-14 jumps)', ok: k.setup.code === 0, stderr: k.setup.stderr, expected: true },
              ...k.restores.map((x, i) => ({ node: n, restore: `payload ${i + 1}`, ok: x.code === 0, stderr: x.stderr, expected: load.payloads[i]!.okInProxyscope ?? true })),
            ];
          });
          // A payload Proxyscope's restore rejected must be rejected by the kernel too.
          expect(verdicts.filter((v) => v.ok !== v.expected)).toEqual([]);
        });

        it(`[NF-2] ${s.name}: Proxyscope's restore() gives the kernel's verdict on every payload`, () => {
          const diff = nodes().flatMap((n) =>
            r.replay.restores.get(n)!.flatMap((x, i) => {
              const real = r.kernel.nodes.get(n)!.restores[i]!;
              return x.ok === (real.code === 0) ? [] : [{ node: n, payload: i + 1, proxyscope: x.ok ? 'ok' : x.stderr, kernel: real.code === 0 ? 'ok' : real.stderr }];
            }),
          );
          expect(diff).toEqual([]);
        });

        for (const table of TABLES) {
          it(`[NF-1] ${s.name}: iptables-save -t ${table} text equals Proxyscope's save()`, () => {
            for (const n of nodes()) {
              const real = normalizeSave(r.kernel.nodes.get(n)!.saveTable[table]);
              expect(normalizeSave(r.replay.printed.get(n)!.table[table]), `${n}: Proxyscope's save() vs the kernel's iptables-save -t ${table}`).toBe(real);
            }
          });
        }

        it(`[NF-1] ${s.name}: iptables -t nat -L -n -v equals Proxyscope's iptables -L`, () => {
          for (const n of nodes()) expect(r.replay.printed.get(n)!.listNat, `${n}: iptables -t nat -L -n -v`).toBe(r.kernel.nodes.get(n)!.listNat);
        });

        it(`[NF-1] ${s.name}: iptables -t filter -L -n -v --line-numbers equals Proxyscope's iptables -L`, () => {
          for (const n of nodes()) expect(r.replay.printed.get(n)!.listFilter, `${n}: iptables -t filter -L -n -v --line-numbers`).toBe(r.kernel.nodes.get(n)!.listFilter);
        });

        it(`[NF-1, KP-22] ${s.name}: iptables-save equals \`docker exec NODE iptables-save\` after Proxyscope's kube-proxy ran`, () => {
          for (const n of nodes()) expect(normalizeSave(r.live.get(n)!.full), `${n}: whole iptables-save`).toBe(normalizeSave(r.kernel.nodes.get(n)!.save));
        });

        it(`[NF-1] ${s.name}: iptables -L -n -v (nat; filter with --line-numbers) equals \`docker exec NODE iptables -L …\` in Proxyscope`, () => {
          for (const n of nodes()) {
            expect(r.live.get(n)!.listNat, `${n}: iptables -t nat -L -n -v`).toBe(r.kernel.nodes.get(n)!.listNat);
            expect(r.live.get(n)!.listFilter, `${n}: iptables -t filter -L -n -v --line-numbers`).toBe(r.kernel.nodes.get(n)!.listFilter);
          }
        });

        if (s.changes) {
          it(`[KP-21, KP-22] ${s.name}: the replayed restores include partial syncs and stale-chain deletions`, () => {
            for (const n of nodes()) {
              const payloads = r.loads.get(n)!.payloads;
              expect(payloads.some((p) => !p.full), `${n}: a partial sync`).toBe(true);
              expect(payloads.some((p) => /^-X KUBE-(SVC|SEP|EXT)-/m.test(p.text)), `${n}: a -X line`).toBe(true);
            }
          });
        }

        if (s.distribution) {
          const d = s.distribution;
          const third = 1 / d.expect.pods!.length;
          it(`[KP-16, NF-1] ${s.name}: ${d.name} spread within ±5 % of thirds on the real kernel`, () => {
            const rs = r.kernel.extra[0]!;
            expect(rs.filter((x) => x.outcome !== 'connected')).toEqual([]);
            const got = shares(rs);
            expect(Object.keys(got)).toEqual([...d.expect.pods!].sort());
            for (const [pod, share] of Object.entries(got)) expect(Math.abs(share - third), `${pod}: ${(share * 100).toFixed(1)} %`).toBeLessThanOrEqual(0.05);
          });

          it(`[KP-16, NF-3] ${s.name}: ${d.name} spread within ±5 % of thirds in Proxyscope (trace --count --json)`, () => {
            expect(r.spread!.connections).toBe(d.count);
            expect(Object.keys(r.spread!.shares)).toEqual([...d.expect.pods!].sort());
            for (const [pod, share] of Object.entries(r.spread!.shares)) expect(Math.abs(share - third), `${pod}: ${(share * 100).toFixed(1)} %`).toBeLessThanOrEqual(0.05);
          });
        }

        s.probes.forEach((p, i) => {
          it(`[${s.rules.join(', ')}] ${s.name}: ${p.name} — the real kernel does what the facts say`, () => {
            const { expected, actual } = againstExpectation(p.expect, r.kernel.probes[i]!);
            expect(actual).toEqual(expected);
          });

          it(`[${[...new Set(['NF-3', ...s.rules])].join(', ')}] ${s.name}: ${p.name} — Proxyscope's network.connect() agrees with the real kernel`, () => {
            // Same outcomes, same endpoint set, same source address seen by each pod, same
            // masquerade decision (affinity: the same number of endpoints).
            expect(comparable(p.expect, r.connections[i]!)).toEqual(comparable(p.expect, r.kernel.probes[i]!));
          });

          if (p.expect.outcome === 'connected') {
            it(`[NF-3] ${s.name}: ${p.name} — conntrack -L on the first node holds Proxyscope's NAT tuples`, () => {
              const node = r.cluster.firstNode(p);
              const { host: target, proto } = r.cluster.resolve(p.to);
              // Affinity: which endpoint is a random draw on each side, so mask the reply source.
              const view = (e: CtEntry | undefined): string => {
                if (!e) return '<no entry>';
                return p.expect.distinctPods === undefined ? normalizeEntry(e) : normalizeEntry({ ...e, reply: { ...e.reply, src: '*' } });
              };
              const listing = r.kernel.nodes.get(node)!.conntrack ?? '';
              const real = r.kernel.probes[i]!.filter((x) => x.outcome === 'connected').map((x) => view(findEntry(listing, proto, x.local!, target)));
              const ours = r.connections[i]!.filter((x) => x.outcome === 'connected').map((x) => view(parseConntrack(x.conntrack ?? '')));
              expect([...new Set(ours)].sort()).toEqual([...new Set(real)].sort());
            });
          }
        });
      });
    }
  });
}
