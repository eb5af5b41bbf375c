// Issue 5 acceptance: a deleted pod leaves a UDP conntrack entry that keeps the old flow
// pointed at it until kube-proxy's sync clears stale UDP entries (conntrack.CleanStaleEntries,
// pkg/proxy/conntrack/cleanup.go) — long before the entry's own 30 s timeout would.
import { describe, expect, it } from 'vitest';
import { TestSim } from '../support/sim.ts';

const run = (t: TestSim, line: string): string =>
  t.shell
    .execute(line)
    .chunks.map((c) => c.text)
    .join('');

const FLOW = (timeout: number, sport: number, pod: string) =>
  `udp      17 ${timeout} src=10.244.2.2 dst=10.96.0.10 sport=${sport} dport=53 src=${pod} dst=10.244.2.2 sport=53 dport=${sport} mark=0 use=1\n`;

describe('stale UDP conntrack entries after a pod is deleted', () => {
  it('[NF-3] the DNS flows to a deleted coredns pod stay until the endpoint goes, then kube-proxy deletes them (not the timeout)', () => {
    const t = new TestSim();
    // The client (kind-worker2) asks kube-dns: one UDP flow per query, each DNATed to a coredns pod.
    expect(run(t, 'kubectl exec client -- nslookup kubernetes')).toContain('Address: 10.96.0.1\n');
    const ct = () => run(t, 'docker exec kind-worker2 conntrack -L -p udp');
    const flows = ct();
    expect(flows).toBe(
      FLOW(30, 53511, '10.244.0.2') + FLOW(30, 60090, '10.244.0.2') + 'conntrack v1.4.7 (conntrack-tools): 2 flow entries have been shown.\n',
    );

    // Delete the pod that answered; kubectl returns at once, the clock is ours to move.
    expect(run(t, 'kubectl -n kube-system delete pod coredns-b79b8c99f-kd7n5 --wait=false')).toBe('pod "coredns-b79b8c99f-kd7n5" deleted\n');
    const slice = () =>
      run(t, "kubectl -n kube-system get endpointslice -l kubernetes.io/service-name=kube-dns -o jsonpath='{range .items[*].endpoints[*]}{.addresses[0]}={.conditions.serving} {end}'");

    // While coredns drains (lameduck 5 s) its endpoint is terminating but still serving (EP-4):
    // the flows keep pointing at it, as they would on a real node.
    t.sim.advance(5_000);
    expect(slice()).toContain('10.244.0.2=true');
    expect(ct()).toBe(FLOW(25, 53511, '10.244.0.2') + FLOW(25, 60090, '10.244.0.2') + 'conntrack v1.4.7 (conntrack-tools): 2 flow entries have been shown.\n');

    // The pod is gone, its endpoint leaves the slice, kube-proxy's next sync clears the flows
    // whose reply source is no serving endpoint — with 24 s of their timeout left.
    t.sim.advance(1_000);
    expect(slice()).not.toContain('10.244.0.2');
    expect(ct()).toBe('conntrack v1.4.7 (conntrack-tools): 0 flow entries have been shown.\n');

    // A new lookup now lands on the surviving pod.
    run(t, 'kubectl exec client -- nslookup kubernetes');
    expect(ct()).toMatch(/^udp +17 30 src=10\.244\.2\.2 dst=10\.96\.0\.10 sport=\d+ dport=53 src=10\.244\.0\.3 /);
  });

  it('[NF-3] TCP flows are left alone: kube-proxy only clears UDP (a TCP connection ends by itself)', () => {
    const t = new TestSim();
    const ip = run(t, "kubectl get svc auth-service -o jsonpath='{.spec.clusterIP}'");
    expect(run(t, `kubectl exec client -- curl -s -o /dev/null -w '%{http_code}' http://${ip}:8080/`)).toBe('200');
    // --src: the curl's entry, not the kubelet's probes of the node's pods.
    const before = run(t, 'docker exec kind-worker2 conntrack -L -p tcp --src 10.244.2.2');
    expect(before).toMatch(/^tcp +6 120 TIME_WAIT src=10\.244\.2\.2 dst=10\.96\.\d+\.\d+ /);
    const target = /src=(10\.244\.\d+\.\d+) dst=10\.244\.2\.2 sport=8080/.exec(before)![1]!;
    const name = run(t, `kubectl get pods -o jsonpath='{range .items[?(@.status.podIP=="${target}")]}{.metadata.name}{end}'`);
    run(t, `kubectl delete pod ${name} --wait=false`);
    t.sim.advance(40_000);
    expect(run(t, 'docker exec kind-worker2 conntrack -L -p tcp')).toContain(`src=${target} dst=10.244.2.2 sport=8080`);
  });
});
