import { describe, expect, it } from 'vitest';
import { defaultSim } from '../../test/support/sim.ts';
import { runKubectl } from './kubectl/testing.ts';
import { createSession } from './session.ts';
import type { ShellOutput } from './shell/index.ts';

const text = (out: ShellOutput): string => out.chunks.map((c) => c.text).join('');

const PODS =
  'NAME                            READY   STATUS    RESTARTS   AGE\n' +
  'auth-service-7b86fcccfd-4z4pm   1/1     Running   0          25s\n' +
  'auth-service-7b86fcccfd-7fz7f   1/1     Running   0          25s\n' +
  'auth-service-7b86fcccfd-fnkgq   1/1     Running   0          25s\n' +
  'client                          1/1     Running   0          25s\n';

describe('Session.begin: a watch keeps running in the terminal', () => {
  it('prints the table, then the rows of a scale as the clock passes; stop() ends it', () => {
    const sim = defaultSim();
    const session = createSession(sim);
    const begun = session.begin('kubectl get pods -w');
    expect(text(begun.output)).toBe(PODS);
    expect(begun.output.exitCode).toBe(0);
    const running = begun.running!;
    expect(running.drain()).toBe('');

    expect(runKubectl(sim, ['scale', 'deploy', 'auth-service', '--replicas=4']).stdout).toBe('deployment.apps/auth-service scaled\n');
    expect(running.drain()).toBe('');
    sim.advance(1000);
    expect(running.drain()).toBe(
      'auth-service-7b86fcccfd-zjmdq   0/1     Pending   0          0s\n' +
        'auth-service-7b86fcccfd-zjmdq   0/1     Pending   0          0s\n' +
        'auth-service-7b86fcccfd-zjmdq   0/1     ContainerCreating   0          0s\n',
    );
    sim.advance(10_000);
    expect(running.drain()).toBe(
      'auth-service-7b86fcccfd-zjmdq   0/1     Running             0          1s\n' + 'auth-service-7b86fcccfd-zjmdq   1/1     Running             0          5s\n',
    );

    // Ctrl-C: the terminal's echo, kubectl's interrupt exit status; nothing more afterwards.
    expect(running.stop()).toEqual({ text: '^C', exitCode: 1 });
    runKubectl(sim, ['scale', 'deploy', 'auth-service', '--replicas=3']);
    sim.advance(60_000);
    expect(running.drain()).toBe('');
    expect(running.stop()).toEqual({ text: '', exitCode: 1 });
    expect(text(session.execute('echo $?'))).toBe('1\n');
  });

  it('stop() hands over what was printed but not drained yet', () => {
    const sim = defaultSim();
    const session = createSession(sim);
    const running = session.begin('kubectl get deploy auth-service --watch-only').running!;
    // The spec changes at once: READY shows 3/2 before any pod terminates.
    runKubectl(sim, ['scale', 'deploy', 'auth-service', '--replicas=2']);
    expect(running.stop()).toEqual({ text: 'NAME           READY   UP-TO-DATE   AVAILABLE   AGE\nauth-service   3/2     3            3           25s\n^C', exitCode: 1 });
  });

  it('an alias of a watch keeps running too; a line sent meanwhile runs beside it', () => {
    const sim = defaultSim();
    const session = createSession(sim);
    session.execute("alias kw='kubectl get svc -w'");
    const first = session.begin('kw');
    expect(text(first.output)).toBe(
      'NAME           TYPE        CLUSTER-IP      EXTERNAL-IP   PORT(S)    AGE\nauth-service   ClusterIP   10.96.241.179   <none>        8080/TCP   25s\nkubernetes     ClusterIP   10.96.0.1       <none>        443/TCP    25s\n',
    );
    expect(first.running).toBeDefined();
    const second = session.begin('kubectl label svc kubernetes x=y');
    expect(second).toEqual({ output: { chunks: [{ fd: 1, text: 'service/kubernetes labeled\n' }], exitCode: 0 } });
    expect(session.begin('kubectl get svc -w').running).toBeUndefined();
    expect(first.running!.stop()).toEqual({ text: 'kubernetes     ClusterIP   10.96.0.1       <none>        443/TCP    25s\n^C', exitCode: 1 });
    expect(session.begin('kubectl get svc -w').running).toBeDefined();
  });

  it('a watch in a pipe, a list, a redirection or a substitution runs as headless (until the cluster settles)', () => {
    const sim = defaultSim();
    const session = createSession(sim);
    for (const line of ['kubectl get svc -w | grep kube', 'kubectl get svc -w; true', 'kubectl get svc -w > /tmp/w', 'echo $(kubectl get svc -w -o name)', 'kubectl get svc -w &']) {
      sim.scheduler.after(1000, () => runKubectl(sim, ['label', 'svc', 'kubernetes', `t=${sim.clock.now()}`, '--overwrite']));
      const begun = session.begin(line);
      expect(begun.running, line).toBeUndefined();
    }
    expect(text(session.begin('cat /tmp/w').output)).toMatch(/^NAME +TYPE .*\nauth-service .*\nkubernetes .*\nkubernetes .* 2\dm?\d*s\n$/);
    expect(text(session.begin('echo $(kubectl get svc -w -o name)').output)).toBe('service/auth-service service/kubernetes\n');
  });

  it('commands that finish print everything at once, as execute does', () => {
    const session = createSession(defaultSim());
    const begun = session.begin('kubectl get svc kubernetes -o name');
    expect(begun).toEqual({ output: { chunks: [{ fd: 1, text: 'service/kubernetes\n' }], exitCode: 0 } });
    expect(session.begin('kubectl get pods -w -l app=x').running).toBeDefined();
    expect(text(session.begin('kubectl get nope -w').output)).toBe('error: the server doesn\'t have a resource type "nope"\n');
  });

  it('inside a node shell a line that ends runs as headless', () => {
    const session = createSession(defaultSim());
    session.begin('docker exec -it kind-worker bash');
    expect(session.prompt()).toBe('root@kind-worker:/# ');
    expect(session.begin('echo $HOSTNAME').running).toBeUndefined();
  });
});

const TCPDUMP_ANY =
  'tcpdump: data link type LINUX_SLL2\ntcpdump: verbose output suppressed, use -v[v]... for full protocol decode\nlistening on any, link-type LINUX_SLL2 (Linux cooked v2), snapshot length 262144 bytes\n';
const QUERY_IN = '09:00:25.000000 veth0fb86042 In  IP 10.244.2.2.53511 > 10.96.0.10.53: 64081+ A? auth-service.default.svc.cluster.local. (56)\n';
const lookup = (sim: ReturnType<typeof defaultSim>) => runKubectl(sim, ['exec', 'client', '--', 'nslookup', 'auth-service']);

describe('Session.begin: tcpdump in a node shell keeps printing until Ctrl-C or -c N', () => {
  it('prints packets as they pass; Ctrl-C: the newline and the statistics, status 0', () => {
    const sim = defaultSim();
    const session = createSession(sim);
    session.begin('docker exec -it kind-worker2 bash');
    const begun = session.begin('tcpdump -n -i any port 53');
    expect(text(begun.output)).toBe(TCPDUMP_ANY);
    const running = begun.running!;
    sim.advance(1000);
    expect(running.drain()).toBe('');
    lookup(sim);
    const lines = running.drain().split('\n');
    expect(lines.length).toBe(9);
    expect(lines[0]).toBe(QUERY_IN.trimEnd().replace('09:00:25', '09:00:26'));
    expect(lines[3]).toBe('09:00:26.000000 veth0fb86042 Out IP 10.96.0.10.53 > 10.244.2.2.53511: 64081*- 1/0/0 A 10.96.241.179 (110)');
    expect(running.exited()).toBeUndefined();
    expect(running.stop()).toEqual({ text: '^C\n8 packets captured\n8 packets received by filter\n0 packets dropped by kernel\n', exitCode: 0 });
    lookup(sim);
    expect(running.drain()).toBe('');
    expect(text(session.execute('echo $?'))).toBe('0\n');
    expect(session.prompt()).toBe('root@kind-worker2:/# ');
  });

  it('-c N ends by itself: the Nth packet, then the statistics without a newline first', () => {
    const sim = defaultSim();
    const session = createSession(sim);
    session.begin('docker exec -it kind-worker2 bash');
    const running = session.begin('tcpdump -n -c 1 -i any udp').running!;
    lookup(sim);
    expect(running.drain()).toBe(QUERY_IN + '1 packet captured\n1 packet received by filter\n0 packets dropped by kernel\n');
    expect(running.exited()).toBe(0);
    // The terminal is free: the next long-running command gets it.
    expect(session.begin('tcpdump -n').running).toBeDefined();
  });

  it('one-shot through docker exec / ssh: without -t Ctrl-C kills the client (130, 255); with -t it reaches tcpdump', () => {
    const sim = defaultSim();
    const session = createSession(sim);
    const docker = session.begin('docker exec kind-worker2 tcpdump -n -i any port 53');
    expect(text(docker.output)).toBe(TCPDUMP_ANY);
    expect(docker.running!.stop()).toEqual({ text: '^C', exitCode: 130 });
    expect(session.begin('ssh kind-worker2 tcpdump -n').running!.stop()).toEqual({ text: '^C', exitCode: 255 });
    const tty = session.begin('docker exec -t kind-worker2 tcpdump -n -i eth0').running!;
    expect(tty.stop()).toEqual({ text: '^C\n0 packets captured\n0 packets received by filter\n0 packets dropped by kernel\n', exitCode: 0 });
    expect(session.begin('ssh -t kind-worker2 tcpdump -n -i eth0').running!.stop().exitCode).toBe(0);
  });

  it('in a list, a pipe or a script it runs as headless (until the cluster settles)', () => {
    const sim = defaultSim();
    const session = createSession(sim);
    expect(session.begin("docker exec kind-worker2 bash -c 'tcpdump -n -i eth0; echo done'").running).toBeUndefined();
    expect(session.begin("ssh kind-worker2 'tcpdump -n -i eth0 | head -1'").running).toBeUndefined();
    session.begin('ssh kind-worker2');
    const out = session.begin('tcpdump -n -i eth0 -c 3 && echo done');
    expect(out.running).toBeUndefined();
    expect(text(out.output)).toBe(
      'tcpdump: verbose output suppressed, use -v[v]... for full protocol decode\nlistening on eth0, link-type EN10MB (Ethernet), snapshot length 262144 bytes\n\n0 packets captured\n0 packets received by filter\n0 packets dropped by kernel\ndone\n',
    );
  });
});
