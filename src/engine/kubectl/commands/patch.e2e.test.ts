// Acceptance: fixing challenge 15 (a Service whose selector matches no pod) with `kubectl patch`.
// The patched selector goes through the existing controllers (EndpointSlice controller, then
// kube-proxy's rules), so a curl to the ClusterIP that failed before answers afterwards (ES-, KP-).

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../index.ts';
import { createSession } from '../../session.ts';

function brokenSelector() {
  const r = createSimulation({ scenario: readFileSync('content/scenarios/15-broken-selector.yaml', 'utf8'), seed: 1 });
  if (!r.ok) throw new Error(r.error);
  const shell = createSession(r.sim);
  const run = (line: string) => {
    const out = shell.execute(line);
    r.sim.settle();
    return out.chunks.map((c) => c.text).join('') + `[exit ${out.exitCode}]\n`;
  };
  return { sim: r.sim, run };
}

describe('kubectl patch of a Service selector (acceptance)', () => {
  it('a selector that selects nothing, patched: the EndpointSlice fills and curl to the ClusterIP answers', () => {
    const { sim, run } = brokenSelector();
    const ip = (sim.api.get('services', 'default', 'auth-service')!.spec as { clusterIP: string }).clusterIP;
    const slices = 'kubectl get endpointslices -l kubernetes.io/service-name=auth-service';
    const before = [run(slices), run(`kubectl exec client -- curl -s -m 2 http://${ip}:8080/`)].join('');
    const fix = run(`kubectl patch svc auth-service -p '{"spec":{"selector":{"app":"auth-service"}}}'`);
    const after = [run(slices), run(`kubectl exec client -- curl -s http://${ip}:8080/`)].join('');
    expect({ before, fix, after }).toEqual({
      // No endpoints: kube-proxy rejects the connection (curl exit 7).
      before: [
        'NAME                 ADDRESSTYPE   PORTS     ENDPOINTS   AGE',
        'auth-service-z62c4   IPv4          <unset>   <unset>     25s',
        '[exit 0]',
        'command terminated with exit code 7',
        '[exit 7]',
        '',
      ].join('\n'),
      fix: 'service/auth-service patched\n[exit 0]\n',
      after: [
        'NAME                 ADDRESSTYPE   PORTS   ENDPOINTS                          AGE',
        'auth-service-z62c4   IPv4          8080    10.244.2.3,10.244.1.2,10.244.1.3   25s',
        '[exit 0]',
        'hostname: auth-service-7b86fcccfd-7fz7f',
        'pod ip: 10.244.1.2',
        'client: 10.244.2.2:60090',
        '[exit 0]',
        '',
      ].join('\n'),
    });
  });
});
