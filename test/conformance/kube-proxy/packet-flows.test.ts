// Conformance with the packet-flow cases of kube-proxy's own unit tests
// (kubernetes/kubernetes pkg/proxy/iptables/proxier_test.go: runPacketFlowTests / tracePacket).
// Each fixture in test/fixtures/kube-proxy-flows rebuilds one upstream test's topology — node
// test-node 192.168.0.2 (plus 192.168.1.2 and 192.168.99.11, upstream's testNodeIPs), pods
// 10.0.0.0/8, masquerade mark 0x4000 — feeds it to Proxyscope's kube-proxy, which restores its
// payload into a NetfilterKernel, and sends every upstream case's packet through the kernel:
// the endpoints reached, REJECT/DROP/ACCEPT and the masquerade mark must be upstream's.

import { describe, expect, it } from 'vitest';
import { loadFixtures, scenarioSteps, startNode, type FlowCase, type NodeUnderTest } from './fixtures.ts';
import { traceFlow, type FlowOutcome } from './tracer.ts';

/** Upstream's output string as the set of outcomes the kernel must reach. */
const expectedOutputs = (output: string): string[] => (output === '' ? [''] : output.split(', '));

function explain(flow: FlowCase, res: FlowOutcome): string {
  const lines = [`${flow.protocol ?? 'TCP'} ${flow.sourceIP} -> ${flow.destIP}:${flow.destPort}, ${res.traces} connections traced`];
  for (const [out, t] of res.samples) lines.push(`reached "${out}" (masq ${t.masq}) by:`, ...t.path.map((p) => `  ${p}`));
  for (const t of res.inconsistent.slice(0, 1)) lines.push(`mark ${t.masq} but MASQUERADE ${t.masqueraded}:`, ...t.path.map((p) => `  ${p}`));
  return lines.join('\n');
}

for (const fx of loadFixtures()) {
  describe(`${fx.upstream.test} (${fx.upstream.repo} ${fx.upstream.path})`, () => {
    const tags = fx.rules.map((r) => `[${r}]`).join(' ');
    for (const sc of fx.scenarios) {
      const steps = scenarioSteps(fx, sc);
      const prefix = `${tags} ${fx.upstream.test}: ${sc.name ? `${sc.name} / ` : ''}`;
      if (sc.unsupported) {
        for (const step of steps) for (const flow of step.flows ?? []) it.todo(`${prefix}${flow.name} (not reproducible: ${sc.unsupported})`);
        continue;
      }
      // The steps run in order, each once, as the upstream test runs them: a flow's test brings
      // the node up to its own step (tests of one file run sequentially in declaration order).
      let node: NodeUnderTest | undefined;
      let applied = -1;
      const upTo = (i: number): NodeUnderTest => {
        node ??= startNode(fx, sc);
        while (applied < i) node.apply(steps[++applied]!);
        return node;
      };
      steps.forEach((step, i) => {
        for (const flow of step.flows ?? []) {
          it(`${prefix}${flow.name}`, () => {
            const { ns } = upTo(i);
            const expected = expectedOutputs(flow.output);
            const res = traceFlow(ns, flow, expected);
            const why = explain(flow, res);
            expect([...res.outputs].sort(), why).toEqual([...expected].sort());
            expect([...new Set(res.masq)], why).toEqual([flow.masq ?? false]);
            expect(res.inconsistent.length, why).toBe(0);
          });
        }
      });
    }
  });
}
