// Issue 5 acceptance: curl from outside the cluster (the machine running kind, i.e. the docker
// bridge gateway 172.18.0.1) through a NodePort. externalTrafficPolicy Cluster masquerades, so
// the echo server sees a node-side address; Local keeps the client's address and only nodes
// with a local endpoint answer (KP-15D, KP-15G, KP-18).
import { describe, expect, it } from 'vitest';
import type { Service } from '../../src/engine/api/types.ts';
import { TestSim } from '../support/sim.ts';

const NODEPORT_SVC = (policy: 'Cluster' | 'Local') => `cat <<'EOF' | kubectl apply -f -
apiVersion: v1
kind: Service
metadata:
  name: np
spec:
  type: NodePort
  externalTrafficPolicy: ${policy}
  selector:
    app: auth-service
  ports:
  - port: 8080
    targetPort: 8080
    nodePort: 30080
EOF`;

/** The client address the echo server reports ("client: ip:port" → ip). */
const clientSeen = (body: string): string => /^client: (\S+):\d+$/m.exec(body)?.[1] ?? `<no client line in ${JSON.stringify(body)}>`;

describe('curl from outside through a NodePort', () => {
  it('[KP-15D][KP-18] externalTrafficPolicy Cluster: every node answers; the server sees a node-side address, never the client', () => {
    const t = new TestSim().exec(NODEPORT_SVC('Cluster'));
    expect(t.sim.api.get<Service>('services', 'default', 'np')!.spec.externalTrafficPolicy).toBe('Cluster');
    for (const node of ['172.18.0.2', '172.18.0.3', '172.18.0.4']) {
      t.exec(`curl -s http://${node}:30080/`);
      expect(t.last.exitCode).toBe(0);
      const seen = clientSeen(t.last.stdout);
      expect(seen).not.toBe('172.18.0.1');
      // Masqueraded to the address of the interface the packet leaves by: the receiving node's
      // own IP towards another node, the host side of the pod's veth (x.x.x.1) for a local pod.
      expect([node, ...['10.244.1.1', '10.244.2.1']]).toContain(seen);
    }
  });

  it('[KP-15G] externalTrafficPolicy Local: a node with a local endpoint shows the real client address; one without drops (curl times out)', () => {
    const t = new TestSim().exec(NODEPORT_SVC('Local'));
    t.exec('curl -s http://172.18.0.3:30080/');
    expect(t.last.exitCode).toBe(0);
    expect(clientSeen(t.last.stdout)).toBe('172.18.0.1');
    t.exec('curl -s -m 2 http://172.18.0.2:30080/');
    expect(t.last).toEqual({ stdout: '', stderr: '', exitCode: 28 });
    // curl measures its own timer: the real one prints 2001 or 2002 ms here too.
    t.exec('curl -m 2 http://172.18.0.2:30080/');
    expect(t.last.stderr).toBe('curl: (28) Connection timed out after 2001 milliseconds\n');
  });

  it('the host resolves no cluster names', () => {
    const t = new TestSim().exec('curl http://auth-service:8080/');
    expect(t.last).toEqual({ stdout: '', stderr: 'curl: (6) Could not resolve host: auth-service\n', exitCode: 6 });
  });
});
