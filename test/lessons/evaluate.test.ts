// evaluateCheck: every check kind passing and failing (with the learner's sentence), and the
// promise that evaluating never changes what the learner's cluster does next.

import { describe, expect, it } from 'vitest';
import { evaluateCheck, type CheckSpec } from '../../src/engine/lessons/index.ts';
import { TestSim } from '../support/sim.ts';

const PASS = { ok: true };
const fail = (detail: string) => ({ ok: false, detail });

describe('evaluateCheck', () => {
  const t = new TestSim();
  const sim = t.sim;
  const ev = (c: CheckSpec, typed: string[] = []) => evaluateCheck(sim, c, typed);

  it('ran: a typed line (trimmed) matches', () => {
    const c: CheckSpec = { kind: 'ran', pattern: '^kubectl get endpointslices?\\b' };
    expect(ev(c, ['  kubectl get endpointslice -o wide '])).toEqual(PASS);
    expect(ev(c, ['kubectl get endpoints', 'echo kubectl get endpointslices'])).toEqual(fail('no command matching /^kubectl get endpointslices?\\b/ was run yet'));
  });

  it('output: lines, matches, equals, exitCode', () => {
    const cmd = 'kubectl get pods -l app=auth-service -o name';
    expect(ev({ kind: 'output', command: cmd, exitCode: 0, lines: 3, matches: '^pod/auth-service-\\w+-\\w+$' })).toEqual(PASS);
    expect(ev({ kind: 'output', command: cmd, exitCode: 0, lines: 2 })).toEqual(fail(`\`${cmd}\` printed 3 lines, want 2`));
    expect(ev({ kind: 'output', command: cmd, exitCode: 0, matches: '^pod/client$' })).toEqual(fail(`\`${cmd}\` printed nothing matching /^pod/client$/`));
    expect(ev({ kind: 'output', command: 'kubectl get pods -o name | wc -l', exitCode: 0, equals: '4' })).toEqual(PASS);
    expect(ev({ kind: 'output', command: 'kubectl get pods -o name | wc -l', exitCode: 0, equals: '5' })).toEqual(fail('`kubectl get pods -o name | wc -l` did not print the expected text'));
    expect(ev({ kind: 'output', command: 'kubectl get svc nope', exitCode: 1 })).toEqual(PASS);
    expect(ev({ kind: 'output', command: 'kubectl get svc nope', exitCode: 0 })).toEqual(fail('`kubectl get svc nope` exited with status 1, want 0'));
  });

  it('output: node commands through ssh and docker exec', () => {
    expect(ev({ kind: 'output', command: 'ssh kind-worker iptables-save -t nat | grep -c "^-A KUBE-SEP-.*DNAT"', exitCode: 0, equals: '10' })).toEqual(PASS);
    expect(ev({ kind: 'output', command: 'docker exec kind-worker iptables -t nat -S KUBE-SERVICES', exitCode: 0, matches: 'auth-service' })).toEqual(PASS);
  });

  it('output: refuses anything that is not read-only', () => {
    const r = ev({ kind: 'output', command: 'kubectl delete pod client', exitCode: 0 });
    expect(r.ok).toBe(false);
    expect(r.detail).toMatch(/^output check: 'kubectl delete pod client' is not allowed: an output check runs read-only commands only/);
    expect(sim.api.get('pods', 'default', 'client')).toBeDefined();
  });

  it('object: exists, equals, matches, absent (object or path), cluster-scoped', () => {
    expect(ev({ kind: 'object', object: 'deployment/auth-service', namespace: 'default' })).toEqual(PASS);
    expect(ev({ kind: 'object', object: 'deployment/nope', namespace: 'default' })).toEqual(fail('deployment/nope not found in namespace default'));
    expect(ev({ kind: 'object', object: 'deploy/auth-service', namespace: 'default', path: '.spec.replicas', equals: '3' })).toEqual(PASS);
    expect(ev({ kind: 'object', object: 'deploy/auth-service', namespace: 'default', path: '.spec.replicas', equals: '250' })).toEqual(fail('deploy/auth-service .spec.replicas is 3, want 250'));
    expect(ev({ kind: 'object', object: 'svc/auth-service', namespace: 'default', path: '.spec.clusterIP', matches: '^10\\.96\\.' })).toEqual(PASS);
    expect(ev({ kind: 'object', object: 'svc/auth-service', namespace: 'default', path: '.spec.type', matches: '^NodePort$' })).toEqual(fail('svc/auth-service .spec.type is ClusterIP, which does not match /^NodePort$/'));
    expect(ev({ kind: 'object', object: 'pod/gone', namespace: 'default', absent: true })).toEqual(PASS);
    expect(ev({ kind: 'object', object: 'pod/client', namespace: 'default', absent: true })).toEqual(fail('pod/client still exists in namespace default'));
    expect(ev({ kind: 'object', object: 'svc/auth-service', namespace: 'default', path: '.spec.externalIPs', absent: true })).toEqual(PASS);
    expect(ev({ kind: 'object', object: 'svc/auth-service', namespace: 'default', path: '.spec.ports[0].port', absent: true })).toEqual(fail('svc/auth-service has .spec.ports[0].port'));
    expect(ev({ kind: 'object', object: 'svc/auth-service', namespace: 'default', path: '.spec.externalIPs', equals: '' })).toEqual(fail('svc/auth-service has no .spec.externalIPs'));
    expect(ev({ kind: 'object', object: 'node/kind-worker', namespace: 'default', path: '.spec.podCIDR', equals: '10.244.1.0/24' })).toEqual(PASS);
  });

  it('count: equals, atLeast, atMost, with a selector and namespace', () => {
    expect(ev({ kind: 'count', resource: 'pods', namespace: 'default', selector: 'app=auth-service', equals: 3 })).toEqual(PASS);
    expect(ev({ kind: 'count', resource: 'endpointslices', namespace: 'default', selector: 'kubernetes.io/service-name=auth-service', equals: 3 })).toEqual(fail('found 1 EndpointSlice with kubernetes.io/service-name=auth-service, want 3'));
    expect(ev({ kind: 'count', resource: 'pods', namespace: 'kube-system', atLeast: 10 })).toEqual(fail('found 8 pods, want at least 10'));
    expect(ev({ kind: 'count', resource: 'pods', namespace: 'default', atMost: 3 })).toEqual(fail('found 4 pods, want at most 3'));
    expect(ev({ kind: 'count', resource: 'nodes', namespace: 'default', equals: 3 })).toEqual(PASS);
  });

  it('trace: ready-pod (with podLabel), refused, and an unknown service', () => {
    const base = { kind: 'trace', from: 'pod/client', to: 'auth-service:8080', protocol: 'tcp' } as const;
    expect(ev({ ...base, reaches: 'ready-pod', podLabel: 'app=auth-service' })).toEqual(PASS);
    expect(ev({ ...base, reaches: 'ready-pod', podLabel: 'app=other' }).detail).toMatch(/^a tcp connection from pod\/client to auth-service:8080 reached pod auth-service-\w+-\w+, want a ready pod with app=other$/);
    expect(ev({ ...base, reaches: 'refused' }).detail).toMatch(/^a tcp connection from pod\/client to auth-service:8080 reached pod auth-service-\w+-\w+, want refused$/);
    expect(ev({ ...base, to: 'nope:80', reaches: 'ready-pod' })).toEqual(fail('service "nope" not found in namespace "default"'));
    expect(ev({ ...base, to: '10.96.241.179:9999', reaches: 'ready-pod' })).toEqual(fail('a tcp connection from pod/client to 10.96.241.179:9999 timed out, want a ready pod'));
    expect(ev({ ...base, to: '10.96.241.179:9999', reaches: 'timeout' })).toEqual(PASS);
    expect(ev({ ...base, reaches: 'timeout' }).detail).toMatch(/^a tcp connection from pod\/client to auth-service:8080 reached pod auth-service-\w+-\w+, want a timeout$/);
    expect(ev({ ...base, from: 'pod/nope', reaches: 'unreachable' })).toEqual(PASS);
    expect(ev({ ...base, from: 'pod/nope', reaches: 'ready-pod' })).toEqual(fail('a tcp connection from pod/nope to auth-service:8080 was unreachable (pod default/nope not found), want a ready pod'));
  });

  it('requests: N of M reach a ready pod', () => {
    expect(ev({ kind: 'requests', from: 'pod/client', to: 'auth-service:8080', total: 30, reached: 30 })).toEqual(PASS);
    expect(ev({ kind: 'requests', from: 'node/kind-worker', to: '10.96.241.179:8080', total: 10, reached: 10 })).toEqual(PASS);
    expect(ev({ kind: 'requests', from: 'pod/client', to: '10.96.241.179:80', total: 5, reached: 1 })).toEqual(fail('0 of 5 requests from pod/client to 10.96.241.179:80 reached a ready pod, want 1'));
  });

  it('after scaling to 0: refused, and ready-pod fails', () => {
    const s = new TestSim().exec('kubectl scale deployment auth-service --replicas=0');
    const base = { kind: 'trace', from: 'pod/client', to: 'auth-service:8080', protocol: 'tcp' } as const;
    expect(evaluateCheck(s.sim, { ...base, reaches: 'refused' }, [])).toEqual(PASS);
    expect(evaluateCheck(s.sim, { ...base, reaches: 'ready-pod' }, [])).toEqual(fail('a tcp connection from pod/client to auth-service:8080 was refused, want a ready pod'));
  });
});

describe('evaluateCheck changes nothing the learner can see', () => {
  // Twin clusters: one has every kind of check evaluated (many times), the other not; then
  // both run the same commands, whose output (counters, conntrack, load balancing) must match.
  const checks: CheckSpec[] = [
    { kind: 'trace', from: 'pod/client', to: 'auth-service:8080', protocol: 'tcp', reaches: 'ready-pod' },
    { kind: 'trace', from: 'pod/client', to: '10.96.0.10:53', protocol: 'udp', reaches: 'ready-pod' },
    { kind: 'requests', from: 'pod/client', to: 'auth-service:8080', total: 50, reached: 50 },
    { kind: 'requests', from: 'external', to: '10.96.241.179:8080', total: 5, reached: 0 },
    { kind: 'output', command: 'ssh kind-worker2 iptables-save -c | grep -c KUBE', exitCode: 0 },
    { kind: 'output', command: 'kubectl get pods -o wide', exitCode: 0 },
    { kind: 'object', object: 'svc/auth-service', namespace: 'default', path: '.spec.clusterIP' },
    { kind: 'count', resource: 'pods', namespace: 'default', equals: 4 },
  ];
  const commands = [
    'trace pod/client 10.96.241.179:8080 --count 40',
    'ssh kind-worker2 iptables-save -c -t nat',
    'ssh kind-worker2 conntrack -L',
    'kubectl scale deployment auth-service --replicas=5',
    'trace pod/client 10.96.241.179:8080',
    'kubectl get pods -o wide',
  ];

  it('twin clusters print the same after one of them evaluated checks', () => {
    const a = new TestSim();
    const b = new TestSim();
    a.exec('trace pod/client 10.96.241.179:8080 --count 3');
    b.exec('trace pod/client 10.96.241.179:8080 --count 3');
    for (let i = 0; i < 3; i++) for (const c of checks) evaluateCheck(a.sim, c, []);
    expect(a.transcript(commands)).toBe(b.transcript(commands));
  });
});
