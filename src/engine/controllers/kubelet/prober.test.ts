import { describe, expect, it } from 'vitest';
import { TestSim } from '../../../../test/support/sim.ts';
import type { EndpointSlice, Pod, Probe } from '../../api/types.ts';
import type { ConnectionTrace, ConnectOptions } from '../../network/types.ts';
import { Capture } from '../../nodeshell/tcpdump/command.ts';
import { compileFilter } from '../../nodeshell/tcpdump/filter.ts';
import { createNodeWorld } from '../../nodeshell/shell.ts';
import { startProbeWorkers, type ProberDeps } from './prober.ts';
import type { ContainerRuntime, PodRuntime } from './runtime.ts';

/** A pod running the echo server with the given probes (YAML lines under the container). */
const podYaml = (name: string, probes: string, extra = '') => `cat <<'EOF' | kubectl apply -f -
apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  labels:
    app: auth-service
spec:
  nodeName: kind-worker2${extra}
  containers:
  - name: app
    image: proxyscope/echo-server:1.0
    ports:
    - containerPort: 8080
${probes}
EOF`;

const wrongPathReadiness = `    readinessProbe:
      httpGet:
        path: /healthz
        port: 8080
      periodSeconds: 5`;

const wrongPathLiveness = `    livenessProbe:
      httpGet:
        path: /nope
        port: 8080
      periodSeconds: 5
      failureThreshold: 2`;

const pod = (t: TestSim, name: string) => t.sim.api.get<Pod>('pods', 'default', name)!;
const events = (t: TestSim, name: string) => {
  t.exec(`kubectl get events --field-selector involvedObject.name=${name} -o custom-columns=REASON:.reason,COUNT:.count,MESSAGE:.message --no-headers`);
  return t.last.stdout;
};

describe('kubelet probes over the network', () => {
  it('a readiness probe on a path that 404s keeps the pod unready, its slice endpoint ready=false, one Unhealthy event per failure', () => {
    const t = new TestSim().exec(podYaml('probed', wrongPathReadiness));
    t.sim.advance(30_000);
    const p = pod(t, 'probed');
    expect(p.status?.phase).toBe('Running');
    expect(p.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('False');
    const ip = p.status!.podIP!;
    const ep = t.sim.api.list<EndpointSlice>('endpointslices', 'default').flatMap((s) => s.endpoints ?? []).find((e) => e.addresses.includes(ip));
    expect(ep?.conditions).toEqual({ ready: false, serving: false, terminating: false });
    expect(events(t, 'probed').split('\n').filter((l) => l.startsWith('Unhealthy'))).toEqual([
      expect.stringMatching(/^Unhealthy\s+\d+\s+Readiness probe failed: HTTP probe failed with statuscode: 404$/),
    ]);
    t.exec('kubectl get pod probed');
    expect(t.last.stdout).toMatch(/^probed\s+0\/1\s+Running\s+0\s+/m);
  });

  it('a readiness probe on a port nothing listens on: the kubelet\'s dial error', () => {
    const t = new TestSim().exec(podYaml('refused', wrongPathReadiness.replace('/healthz', '/health').replace('8080', '8081')));
    t.sim.advance(20_000);
    const ip = pod(t, 'refused').status!.podIP!;
    expect(events(t, 'refused')).toContain(`Readiness probe failed: Get "http://${ip}:8081/health": dial tcp ${ip}:8081: connect: connection refused`);
  });

  it('a readiness probe that succeeds makes the pod Ready during settle; describe shows the probe line unchanged', () => {
    const t = new TestSim().exec(podYaml('fine', wrongPathReadiness.replace('/healthz', '/health')));
    expect(pod(t, 'fine').status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
    t.exec('kubectl describe pod fine');
    expect(t.last.stdout).toContain('    Readiness:      http-get http://:8080/health delay=0s timeout=1s period=5s #success=1 #failure=3\n');
    expect(events(t, 'fine')).not.toContain('Unhealthy');
  });

  it('a failing liveness probe: Unhealthy, Killing, restart (RESTARTS 1), the container log rotates', () => {
    const t = new TestSim().exec(podYaml('live', wrongPathLiveness));
    const started = t.sim.clock.now();
    // Failures at two ticks (5 s apart), Killing at the second, the stop (1 s), an immediate restart.
    t.sim.advance(13_000);
    expect(pod(t, 'live').status?.containerStatuses?.[0]?.restartCount).toBe(1);
    const ev = events(t, 'live');
    expect(ev).toMatch(/^Unhealthy\s+2\s+Liveness probe failed: HTTP probe failed with statuscode: 404$/m);
    expect(ev).toMatch(/^Killing\s+1\s+Container app failed liveness probe, will be restarted$/m);
    t.exec('kubectl get pod live');
    expect(t.last.stdout).toMatch(/^live\s+1\/1\s+Running\s+1 \(\d+s ago\)\s+/m);
    t.exec('kubectl describe pod live');
    expect(t.last.stdout).toContain('    Liveness:       http-get http://:8080/nope delay=0s timeout=1s period=5s #success=1 #failure=2\n');
    expect(t.last.stdout).toContain('    Last State:     Terminated\n');
    expect(t.last.stdout).toContain('      Reason:       Completed\n');
    // The restart rotated the container's log: the first run's lines are the previous log.
    t.exec('kubectl logs live --previous');
    expect(t.last.exitCode).toBe(0);
    expect(t.sim.clock.now() - started).toBe(13_000);
    // The next two failures kill it again: the second restart waits out the crash back-off.
    t.sim.advance(10_000);
    expect(pod(t, 'live').status?.containerStatuses?.[0]?.state.waiting?.reason).toBe('CrashLoopBackOff');
    expect(events(t, 'live')).toMatch(/^Killing\s+2\s+Container app failed liveness probe, will be restarted$/m);
  });

  it('probe connections come from the node (the host side of the pod veth), marked source "probe", seen by tcpdump', () => {
    const t = new TestSim().exec(podYaml('seen', wrongPathReadiness.replace('/healthz', '/health')));
    const ip = pod(t, 'seen').status!.podIP!;
    const probes: [ConnectionTrace, ConnectOptions][] = [];
    t.sim.network.onConnect((tr, o) => {
      if (o.source === 'probe' && tr.destination?.ip === ip) probes.push([tr, o]);
    });
    const f = compileFilter(`host ${ip}`);
    if (!f.ok) throw new Error(f.error);
    const cap = new Capture(createNodeWorld(t.sim, 'kind-worker2'), { iface: 'any', count: 3, expression: '' }, f.match);
    t.sim.advance(5_000);
    expect(probes).toHaveLength(1);
    expect(probes[0]![1].from).toEqual({ node: 'kind-worker2' });
    const out = cap.takeSplit().stdout.split('\n').filter(Boolean);
    // The kubelet dials from the node's root namespace: the source is the host side of the pod's veth.
    expect(out).toEqual([
      '09:00:35.000000 veth52256116 Out IP 10.244.2.1.48430 > 10.244.2.4.8080: Flags [S], seq 525338263, win 64240, options [mss 1460,sackOK,TS val 2772926065 ecr 0,nop,wscale 7], length 0',
      '09:00:35.000000 veth52256116 In  IP 10.244.2.4.8080 > 10.244.2.1.48430: Flags [S.], seq 758809033, ack 525338264, win 65160, options [mss 1460,sackOK,TS val 464498406 ecr 2772926065,nop,wscale 7], length 0',
      '09:00:35.000000 veth52256116 Out IP 10.244.2.1.48430 > 10.244.2.4.8080: Flags [.], ack 1, win 502, options [nop,nop,TS val 2772926065 ecr 464498406], length 0',
    ]);
    // Like any connection of the node's, it leaves a conntrack entry there.
    t.exec('docker exec kind-worker2 conntrack -L -p tcp --dport 8080 -d ' + ip);
    expect(t.last.stdout).toMatch(new RegExp(`TIME_WAIT src=10\\.244\\.2\\.1 dst=${ip.replace(/\./g, '\\.')} sport=\\d+ dport=8080`));
  });

  it('is deterministic for a seed and leaves the cluster settling', () => {
    const run = () => {
      const t = new TestSim().exec(podYaml('det', wrongPathLiveness));
      t.sim.advance(40_000);
      expect(t.sim.settle().quiet).toBe(true);
      return events(t, 'det') + JSON.stringify(pod(t, 'det').status?.containerStatuses);
    };
    expect(run()).toBe(run());
  });
});

describe('probe worker thresholds (worker.go)', () => {
  /** A worker over scripted outcomes; returns what it did, with the virtual time of each. */
  function drive(kind: 'readinessProbe' | 'livenessProbe', probe: Probe, outcomes: boolean[]): string[] {
    const log: string[] = [];
    const tasks: { t: number; fn: () => void }[] = [];
    let now = 1_000;
    const c = { spec: { name: 'app', image: 'x', [kind]: probe }, state: 'running', containerID: 'c1', startedAt: 1_000, ready: false, program: { readyAfterMs: 0 } } as unknown as ContainerRuntime;
    const pr = { admittedAt: 0 } as PodRuntime;
    const deps: ProberDeps = {
      now: () => now,
      at: (_pr, t, fn) => void tasks.push({ t, fn }),
      reported: () => true,
      probe: () => (outcomes.shift() ?? true ? { ok: true } : { ok: false, output: 'HTTP probe failed with statuscode: 500' }),
      unhealthy: (_pr, _c, m) => void log.push(`${now} ${m}`),
      setReady: (_pr, _c, r) => void log.push(`${now} ready=${r}`),
      livenessFailed: () => void log.push(`${now} kill`),
    };
    startProbeWorkers(deps, pr, c);
    while (tasks.length && outcomes.length) {
      tasks.sort((a, b) => a.t - b.t);
      const next = tasks.shift()!;
      now = next.t;
      next.fn();
    }
    return log;
  }

  it('readiness: Ready after successThreshold successes, unready after failureThreshold failures, back again', () => {
    const probe: Probe = { httpGet: { path: '/', port: 80 }, periodSeconds: 10, successThreshold: 2, failureThreshold: 2 };
    expect(drive('readinessProbe', probe, [true, true, false, true, false, false, true, true])).toEqual([
      '20000 ready=true',
      '30000 Readiness probe failed: HTTP probe failed with statuscode: 500',
      '50000 Readiness probe failed: HTTP probe failed with statuscode: 500',
      '60000 Readiness probe failed: HTTP probe failed with statuscode: 500',
      '60000 ready=false',
      '80000 ready=true',
    ]);
  });

  it('liveness: success threshold is 1; failureThreshold failures in a row kill, then the worker holds', () => {
    const probe: Probe = { httpGet: { path: '/', port: 80 }, periodSeconds: 5, initialDelaySeconds: 3, failureThreshold: 3 };
    expect(drive('livenessProbe', probe, [false, false, true, false, false, false, false, false])).toEqual([
      '5000 Liveness probe failed: HTTP probe failed with statuscode: 500',
      '10000 Liveness probe failed: HTTP probe failed with statuscode: 500',
      '20000 Liveness probe failed: HTTP probe failed with statuscode: 500',
      '25000 Liveness probe failed: HTTP probe failed with statuscode: 500',
      '30000 Liveness probe failed: HTTP probe failed with statuscode: 500',
      '30000 kill',
    ]);
  });
});
