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

  it('inside a node shell a line runs as headless', () => {
    const session = createSession(defaultSim());
    session.begin('docker exec -it kind-worker bash');
    expect(session.prompt()).toBe('root@kind-worker:/# ');
    expect(session.begin('echo $HOSTNAME').running).toBeUndefined();
  });
});
