import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createSimulation, type Simulation } from '../../index.ts';
import { runKubectl } from '../testing.ts';
import { readCommands } from './readCommands.ts';

function newSim(settle = true): Simulation {
  const r = createSimulation({ scenario: readFileSync('content/scenarios/default.yaml', 'utf8'), seed: 1, settle });
  if (!r.ok) throw new Error(r.error);
  return r.sim;
}

/** The result without `chunks` (the order of stdout and stderr is checked where it matters). */
function k(sim: Simulation, line: string, files?: Record<string, string>) {
  const { stdout, stderr, exitCode } = runKubectl(sim, line.split(' '), { files });
  return { stdout, stderr, exitCode };
}
const out = (stdout: string, stderr = '', exitCode = 0) => ({ stdout, stderr, exitCode });
const fail = (stderr: string) => out('', stderr, 1);

const TWO_CONTAINERS = `apiVersion: v1
kind: Pod
metadata:
  name: web
  labels: {app: web}
spec:
  containers:
  - {name: nginx, image: nginx:1.27}
  - {name: sidecar, image: busybox, command: [sh, -c, "sleep 3600"]}
`;

/** `client` gets three lines, 1 s apart, starting at the virtual time the test begins at. */
function clientLines(sim: Simulation): void {
  sim.logs.append('default', 'client', 'client', 'first', 'stdout');
  sim.advance(1000);
  sim.logs.append('default', 'client', 'client', 'second', 'stdout');
  sim.advance(1000);
  sim.logs.append('default', 'client', 'client', 'third ünïcode', 'stderr');
}

describe('kubectl logs POD', () => {
  it('prints the container log; --tail, --limit-bytes, --prefix', () => {
    const sim = newSim();
    clientLines(sim);
    expect(k(sim, 'logs client')).toEqual(out('first\nsecond\nthird ünïcode\n'));
    expect(k(sim, 'logs client --tail=2')).toEqual(out('second\nthird ünïcode\n'));
    expect(k(sim, 'logs client --tail 0')).toEqual(out(''));
    expect(k(sim, 'logs client --tail=-1')).toEqual(out('first\nsecond\nthird ünïcode\n'));
    // Bytes, not characters: "ü" is two; the cut line keeps no newline.
    expect(k(sim, 'logs client --limit-bytes=17')).toEqual(out('first\nsecond\nthir'));
    expect(k(sim, 'logs client --limit-bytes=21')).toEqual(out('first\nsecond\nthird ü'));
    expect(k(sim, 'logs client --limit-bytes=15 --prefix')).toEqual(out('[pod/client/client] first\n[pod/client/client] second\n[pod/client/client] th'));
    expect(k(sim, 'logs pod/client -c client --tail=1')).toEqual(out('third ünïcode\n'));
    expect(k(sim, 'logs po/client client --tail=1')).toEqual(out('third ünïcode\n'));
  });

  it('--timestamps: RFC3339Nano from the virtual clock; --since and --since-time filter on them', () => {
    const sim = newSim();
    const start = sim.clock.timestamp();
    expect(start).toBe('2026-11-21T09:00:25Z');
    clientLines(sim);
    const r = k(sim, 'logs client --timestamps');
    expect(r.stdout).toBe(
      // Go's RFC3339Nano drops the fraction's trailing zeros (.00012193, not .000121930).
      '2026-11-21T09:00:25.000166767Z first\n' + '2026-11-21T09:00:26.00012193Z second\n' + '2026-11-21T09:00:27.000122764Z third ünïcode\n',
    );
    sim.advance(500); // now 09:00:27.5
    expect(k(sim, 'logs client --since=1s')).toEqual(out('third ünïcode\n'));
    expect(k(sim, 'logs client --since=2s')).toEqual(out('second\nthird ünïcode\n'));
    expect(k(sim, 'logs client --since=1h')).toEqual(out('first\nsecond\nthird ünïcode\n'));
    expect(k(sim, 'logs client --since-time=2026-11-21T09:00:26Z')).toEqual(out('second\nthird ünïcode\n'));
    // The time travels as whole seconds; offsets are honoured.
    expect(k(sim, 'logs client --since-time=2026-11-21T10:00:26.9+01:00')).toEqual(out('second\nthird ünïcode\n'));
    expect(k(sim, 'logs client --tail=2 --since-time=2026-11-21T09:00:27Z')).toEqual(out('third ünïcode\n'));
  });

  it('errors of the arguments and options, as kubectl words them', () => {
    const sim = newSim();
    const usage = "See 'kubectl logs -h' for help and examples\n";
    expect(k(sim, 'logs')).toEqual(fail(`error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\n${usage}`));
    expect(k(sim, 'logs a b c')).toEqual(fail(`error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\n${usage}`));
    expect(k(sim, 'logs client -l app=x')).toEqual(fail(`error: only a selector (-l) or a POD name is allowed\n${usage}`));
    expect(k(sim, 'logs client x -l app=x')).toEqual(fail('error: selectors and the all flag cannot be used when passing resource/name arguments\n'));
    expect(k(sim, 'logs nope')).toEqual(fail('error: error from server (NotFound): pods "nope" not found in namespace "default"\n'));
    expect(k(sim, 'logs -n kube-system deploy/nope')).toEqual(fail('error: error from server (NotFound): deployments.apps "nope" not found in namespace "kube-system"\n'));
    expect(k(sim, 'logs foo/bar')).toEqual(fail('error: the server doesn\'t have a resource type "foo"\n'));
    expect(k(sim, 'logs a/b/c')).toEqual(fail('error: arguments in resource/name form may not have more than one slash\n'));
    expect(k(sim, 'logs client -c client x')).toEqual(fail('error: only one of -c or an inline [CONTAINER] arg is allowed\n'));
    expect(k(sim, 'logs client --all-containers -c client')).toEqual(fail('error: --all-containers=true should not be specified with container name client\n'));
    expect(k(sim, 'logs client -c nope')).toEqual(fail('error: container nope is not valid for pod client\n'));
    expect(k(sim, 'logs client --since=1m --since-time=2026-11-21T09:00:00Z')).toEqual(fail('error: at most one of `sinceTime` or `sinceSeconds` may be specified\n'));
    expect(k(sim, 'logs client --tail=-2')).toEqual(fail('error: --tail must be greater than or equal to -1\n'));
    expect(k(sim, 'logs client --limit-bytes=-1')).toEqual(fail('error: --limit-bytes must be greater than 0\n'));
    expect(k(sim, 'logs client --since=-5s')).toEqual(fail('error: --since must be greater than 0\n'));
    expect(k(sim, 'logs client --pod-running-timeout=0s')).toEqual(fail('error: --pod-running-timeout must be higher than zero\n'));
    expect(k(sim, 'logs client --since=400ms')).toEqual(fail('The PodLogOptions "client" is invalid: sinceSeconds: Invalid value: 0: must be greater than 0\n'));
    expect(k(sim, 'logs client --since-time=yesterday')).toEqual(
      fail('error: parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"\n'),
    );
    expect(k(sim, 'logs client --since-time=2026-11-21')).toEqual(fail('error: parsing time "2026-11-21" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "T"\n'));
    expect(k(sim, 'logs client --since-time=2026-13-21T00:00:00Z')).toEqual(fail('error: parsing time "2026-13-21T00:00:00Z": month out of range\n'));
    expect(k(sim, 'logs client --tail=x')).toEqual(
      fail('error: invalid argument "x" for "--tail" flag: strconv.ParseInt: parsing "x": invalid syntax\nSee \'kubectl logs --help\' for usage.\n'),
    );
    expect(k(sim, 'logs svc/kubernetes')).toEqual(fail("error: cannot get the logs from *v1.Service: invalid service 'kubernetes': Service is defined without a selector\n"));
    expect(k(sim, 'logs node/kind-worker')).toEqual(fail('error: cannot get the logs from *v1.Node: selector for *v1.Node not implemented\n'));
  });

  it('the kubelet: no previous instance, containers not started yet', () => {
    const sim = newSim();
    expect(k(sim, 'logs client -p')).toEqual(fail('Error from server (BadRequest): previous terminated container "client" in pod "client" not found\n'));
    expect(k(sim, 'apply -f web.yaml', { 'web.yaml': TWO_CONTAINERS }).exitCode).toBe(0);
    // Not bound to a node yet: the API server answers with an empty log.
    expect(k(sim, 'logs web -c nginx')).toEqual(out(''));
    sim.advance(200);
    expect(k(sim, 'logs web -c nginx')).toEqual(fail('Error from server (BadRequest): container "nginx" in pod "web" is waiting to start: ContainerCreating\n'));
    expect(k(sim, 'logs web -c nginx --ignore-errors')).toEqual(out('error: container "nginx" in pod "web" is waiting to start: ContainerCreating\n'));
    expect(k(sim, 'run bad --image=proxyscope/doesnotexist').exitCode).toBe(0);
    sim.settle();
    expect(k(sim, 'logs bad')).toEqual(fail('Error from server (BadRequest): container "bad" in pod "bad" is waiting to start: trying and failing to pull image\n'));
  });
});

describe('containers of a pod', () => {
  it('defaults to the first container, or the annotated one; --all-containers', () => {
    const sim = newSim();
    k(sim, 'apply -f web.yaml', { 'web.yaml': TWO_CONTAINERS });
    sim.settle();
    sim.logs.append('default', 'web', 'nginx', 'nginx line', 'stdout');
    sim.logs.append('default', 'web', 'sidecar', 'sidecar line', 'stdout');
    expect(k(sim, 'logs web')).toEqual(out('nginx line\n', 'Defaulted container "nginx" out of: nginx, sidecar\n'));
    // kubectl writes the note before the log.
    expect(runKubectl(sim, ['logs', 'web']).chunks).toEqual([
      { fd: 2, text: 'Defaulted container "nginx" out of: nginx, sidecar\n' },
      { fd: 1, text: 'nginx line\n' },
    ]);
    expect(k(sim, 'logs web sidecar')).toEqual(out('sidecar line\n'));
    expect(k(sim, 'logs web --all-containers --prefix')).toEqual(out('[pod/web/nginx] nginx line\n[pod/web/sidecar] sidecar line\n'));
    expect(k(sim, 'logs web -c nope')).toEqual(fail('error: container nope is not valid for pod web\n'));
    k(sim, 'annotate pod web kubectl.kubernetes.io/default-container=sidecar');
    expect(k(sim, 'logs web')).toEqual(out('sidecar line\n'));
    k(sim, 'annotate pod web kubectl.kubernetes.io/default-container=gone --overwrite');
    expect(k(sim, 'logs web')).toEqual(out('nginx line\n', 'Default container name "gone" not found in pod web\nDefaulted container "nginx" out of: nginx, sidecar\n'));
  });
});

describe('TYPE/NAME and -l', () => {
  it('a workload logs one of its pods (podutils.ByLogging), or all of them with --all-pods', () => {
    const sim = newSim();
    const pods = sim.api.list('pods', 'default', (p) => p.metadata.labels?.['app'] === 'auth-service').map((p) => p.metadata.name!);
    for (const p of pods) sim.logs.append('default', p, 'auth-service', `hello from ${p}`, 'stdout');
    const r = k(sim, 'logs deployment/auth-service --tail=1');
    // Same age; the two on kind-worker have been ready since 09:00:20, the other since 09:00:25.
    expect(r).toEqual(out(`hello from ${pods[1]}\n`, `Found 3 pods, using pod/${pods[1]}\n`));
    expect(k(sim, 'logs rs/auth-service-7b86fcccfd --tail=1')).toEqual(r);
    const byLogging = [pods[1], pods[2], pods[0]];
    expect(k(sim, 'logs deploy/auth-service --all-pods --tail=1')).toEqual(out(byLogging.map((p) => `[pod/${p}/auth-service] hello from ${p}\n`).join('')));
    expect(k(sim, 'logs svc/auth-service --tail=1').stderr).toBe(`Found 3 pods, using pod/${pods[1]}\n`);
  });

  it('waits up to --pod-running-timeout (virtual time) for a pod of the workload to appear', () => {
    const sim = newSim();
    k(sim, 'create deployment web --image=nginx');
    const t0 = sim.clock.now();
    const r = k(sim, 'logs deploy/web');
    expect(r.stderr).toMatch(/^Error from server \(BadRequest\): container "nginx" in pod "web-[a-z0-9]+-[a-z0-9]{5}" is waiting to start: ContainerCreating\n$/);
    expect(sim.clock.now() - t0).toBeLessThan(1000);
    sim.settle();
    k(sim, 'scale deploy/web --replicas=0');
    sim.settle();
    const t1 = sim.clock.now();
    expect(k(sim, 'logs deploy/web --pod-running-timeout=2s')).toEqual(fail('error: timed out waiting for the condition\n'));
    expect(sim.clock.now() - t1).toBe(2000);
    expect(k(sim, 'logs endpoints/kubernetes')).toEqual(
      fail('Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\nerror: cannot get the logs from *v1.Endpoints: selector for *v1.Endpoints not implemented\n'),
    );
  });

  it('-l: every matching pod, 10 lines each unless --tail says otherwise', () => {
    const sim = newSim();
    const pods = sim.api.list('pods', 'default', (p) => p.metadata.labels?.['app'] === 'auth-service').map((p) => p.metadata.name!);
    for (const p of pods) for (let i = 1; i <= 12; i++) sim.logs.append('default', p, 'auth-service', `${p} ${i}`, 'stdout');
    const r = k(sim, 'logs -l app=auth-service');
    expect(r.stdout.split('\n').length - 1).toBe(30);
    expect(r.stdout.startsWith(`${pods[0]} 3\n`)).toBe(true);
    expect(k(sim, 'logs -l app=auth-service --tail=1 --prefix')).toEqual(out(pods.map((p) => `[pod/${p}/auth-service] ${p} 12\n`).join('')));
    // 12 lines each after the echo server's start-up line.
    expect(k(sim, 'logs -l app=auth-service --tail=-1').stdout.split('\n').length - 1).toBe(39);
    expect(k(sim, 'logs -l app=nothing')).toEqual(out('', 'No resources found in default namespace.\n'));
    expect(k(sim, 'logs -l app=auth-service -f --max-log-requests=2')).toEqual(
      fail('error: you are attempting to follow 3 log streams, but maximum allowed concurrency is 2, use --max-log-requests to increase the limit\n'),
    );
    expect(k(sim, 'logs -l a=(b')).toEqual(
      fail('Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "a=(b", field selector "": unable to parse requirement: found \'(\', expected: identifier\n'),
    );
  });

  it('kube-proxy writes klog lines: kubectl -n kube-system logs -l k8s-app=kube-proxy --tail=200', () => {
    const sim = newSim();
    const r = k(sim, 'logs -n kube-system -l k8s-app=kube-proxy --tail=200');
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const l of lines) expect(l).toMatch(/^[IWE]\d{4} \d\d:\d\d:\d\d\.\d{6} /);
    // With --timestamps the runtime's stamp never precedes the time klog wrote in the line.
    for (const l of k(sim, 'logs -n kube-system -l k8s-app=kube-proxy --tail=200 --timestamps').stdout.trimEnd().split('\n')) {
      const m = /^2026-11-21T(\d\d:\d\d:\d\d)\.(\d+)Z [IWE]\d{4} (\d\d:\d\d:\d\d)\.(\d{6}) /.exec(l)!;
      expect(`${m[1]}.${m[2]!.padEnd(9, '0')}` > `${m[3]}.${m[4]}000`).toBe(true);
    }
  });
});

describe('-f', () => {
  it('prints the log, then what the container writes while the cluster settles', () => {
    const sim = newSim();
    clientLines(sim);
    sim.scheduler.after(3000, () => sim.logs.append('default', 'client', 'client', 'later', 'stdout'));
    sim.scheduler.after(4000, () => sim.logs.append('default', 'coredns-b79b8c99f-kd7n5', 'coredns', 'other pod', 'stdout'));
    expect(k(sim, 'logs client -f --tail=1 --prefix')).toEqual(out('[pod/client/client] third ünïcode\n[pod/client/client] later\n'));
    // The listener is gone afterwards.
    sim.logs.append('default', 'client', 'client', 'after', 'stdout');
    expect(k(sim, 'logs client --tail=1')).toEqual(out('after\n'));
  });

  it('-f with -l follows every pod; --limit-bytes ends a stream', () => {
    const sim = newSim();
    const pods = sim.api.list('pods', 'default', (p) => p.metadata.labels?.['app'] === 'auth-service').map((p) => p.metadata.name!);
    pods.forEach((p, i) => sim.scheduler.after(1000 * (i + 1), () => sim.logs.append('default', p, 'auth-service', `req ${i}`, 'stdout')));
    expect(k(sim, 'logs -l app=auth-service -f --tail=0')).toEqual(out('req 0\nreq 1\nreq 2\n'));
    sim.scheduler.after(1000, () => sim.logs.append('default', 'client', 'client', '0123456789', 'stdout'));
    sim.scheduler.after(2000, () => sim.logs.append('default', 'client', 'client', 'never shown', 'stdout'));
    expect(k(sim, 'logs client -f --limit-bytes=5')).toEqual(out('01234'));
  });
});

describe('completion', () => {
  const sim = newSim();
  const complete = (words: string[]) => readCommands.find((c) => c.name === 'logs')!.complete!(words, sim);
  it('pods and TYPE/ first, then the containers of that pod', () => {
    expect(complete(['c'])).toEqual(['client']);
    expect(complete(['d'])).toEqual(['daemonsets/', 'deployments/']);
    expect(complete(['-n', 'kube-system', 'kube-proxy-5'])).toEqual(['kube-proxy-522j2', 'kube-proxy-5j9bv']);
    expect(complete(['deployments/'])).toEqual(['deployments/auth-service']);
    expect(complete(['client', ''])).toEqual(['client']);
    expect(complete(['-n', 'kube-system', 'deploy/coredns', ''])).toEqual(['coredns']);
    expect(complete(['--since-t'])).toEqual(['--since-time']);
    expect(complete(['-n', 'kube-'])).toEqual(['kube-node-lease', 'kube-public', 'kube-system']);
  });
});
