// Issue 5 acceptance: the seed material's own checklist ("Commands to trace the flow" and
// "Quick checklist"), run in the default scenario, against a golden transcript. Terminal L is the
// laptop (kubectl), terminal N a shell on kind-worker2, the node running the client pod. kind
// nodes are containers where you are root and there is no sudo: the seed's `sudo` is dropped.
// Regenerate after a deliberate change with UPDATE_GOLDEN=1 and read the diff line by line.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createSimulation } from '../../src/engine/index.ts';
import { defaultSim } from '../support/sim.ts';
import { golden, runTranscript, type Step } from './transcript.ts';

const CLUSTER_IP = '10.96.241.179';

function scenarioSim(id: string) {
  const created = createSimulation({ scenario: readFileSync(new URL(`../../content/scenarios/${id}.yaml`, import.meta.url), 'utf8'), seed: 1 });
  if (!created.ok) throw new Error(created.error);
  return created.sim;
}

const L = (line: string): Step => ({ term: 'L', line });
const N = (line: string): Step => ({ term: 'N', line });

const CHECKLIST: Step[] = [
  L("kubectl -n default get svc auth-service -o jsonpath='{.spec.clusterIP}'"),
  L('kubectl -n default get endpointslice -l kubernetes.io/service-name=auth-service'),
  L('kubectl get endpointslice -l kubernetes.io/service-name=auth-service -o yaml'),
  L('kubectl -n default get endpoints auth-service -o yaml'),
  L('kubectl -n kube-system get pods -l k8s-app=kube-proxy -o wide'),
  L('kubectl -n kube-system logs -l k8s-app=kube-proxy --tail=200'),
  L('kubectl exec -it client -- nslookup auth-service.default.svc.cluster.local'),
  L(`kubectl exec -it client -- curl -svI http://${CLUSTER_IP}:8080/health`),
  N('docker exec -it kind-worker2 bash'),
  N('iptables-save | grep KUBE-'),
  N('iptables -t nat -L KUBE-SERVICES -n -v'),
  N(`iptables -t nat -L KUBE-SERVICES -n -v | grep ${CLUSTER_IP}`),
  N(`conntrack -L | grep ${CLUSTER_IP}`),
  N('iptables -t nat -L KUBE-SVC-FCQA5OQTFYIPVXUO -n -v'),
  // Capture on the node while the laptop curls again: the conntrack line above showed the pod
  // this flow was DNATed to; the next connection draws again (it may go elsewhere: -c 4 waits).
  { term: 'N', background: 'tcpdump -n -i any host 10.244.1.2 and port 8080 -c 4' },
  L(`kubectl exec -it client -- curl -v http://${CLUSTER_IP}:8080/`),
  L(`kubectl exec -it client -- curl -s http://${CLUSTER_IP}:8080/`),
  L(`kubectl exec -it client -- curl -s http://${CLUSTER_IP}:8080/`),
  { term: 'N', collect: true },
  N('iptables -t nat -L KUBE-SVC-FCQA5OQTFYIPVXUO -n -v'),
  N('exit'),
];

describe('the seed material checklist, end to end', () => {
  it('[KC-1][KP-15][NF-1][NF-3][DNS-1][DNS-2] matches the golden transcript', () => {
    const text = runTranscript(defaultSim(), CHECKLIST);
    expect(text).toBe(golden('seed-checklist.txt', text));
  });
});

// The seed's "How to view logs of pods", in the logs scenario: `web` runs an echo server (app)
// with a log-shipper sidecar, `billing` a program that crashes on start (CrashLoopBackOff).
const LOGS: Step[] = [
  L('kubectl get pods -o wide'),
  L('kubectl logs web'),
  L('kubectl logs web -c log-shipper'),
  { term: 'F', background: 'kubectl logs -f web -c app' },
  L("kubectl exec client -- curl -s http://$(kubectl get pod web -o jsonpath='{.status.podIP}'):8080/"),
  { advanceMs: 2_000 },
  { term: 'F', collect: true },
  L('kubectl logs billing-645cb96695-sxqcn'),
  L('kubectl logs --previous billing-645cb96695-sxqcn'),
  L('kubectl logs -l app=web --all-containers=true'),
  L('kubectl logs -l app=web --all-containers=true --prefix'),
];

describe("the seed material's kubectl logs variants", () => {
  it('[KC-1] -c, -f, --previous, -l … --all-containers=true match the golden transcript', () => {
    const text = runTranscript(scenarioSim('logs'), LOGS);
    expect(text).toBe(golden('seed-logs.txt', text));
  });
});
