// Same scenario + seed + commands ⇒ the same transcript, byte for byte.
import { describe, expect, it } from 'vitest';
import { TestSim } from '../support/sim.ts';

const SCRIPT = [
  'kubectl get nodes -o wide',
  'kubectl get pods -A -o wide',
  'kubectl scale deploy auth-service --replicas=7',
  'kubectl get endpointslices -o yaml',
  'kubectl delete pod -l app=auth-service --wait=false | head -2',
  'kubectl get pods -o wide --show-labels',
  'kubectl get svc auth-service -o json',
  'kubectl create deployment web --image=nginx:1.27 --replicas=2 && kubectl expose deployment web --port 80',
  'kubectl get all',
  'journal --tail 30',
];

describe('determinism', () => {
  it('replays byte-identically for the same seed', () => {
    const a = new TestSim(11).transcript(SCRIPT);
    const b = new TestSim(11).transcript(SCRIPT);
    expect(a).toBe(b);
    expect(a).toContain('deployment.apps/web created');
    expect(a).toContain('service/web exposed');
  });

  it('a different seed gives a different cluster (names, IPs)', () => {
    const a = new TestSim(11).transcript(SCRIPT.slice(0, 2));
    const c = new TestSim(12).transcript(SCRIPT.slice(0, 2));
    expect(a).not.toBe(c);
  });
});
