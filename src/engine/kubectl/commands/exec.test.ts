// `kubectl exec` on the default scenario (seed 1): the pod's namespace, the real kubectl errors.

import { describe, expect, it } from 'vitest';
import { TestSim } from '../../../../test/support/sim.ts';
import type { Pod } from '../../api/types.ts';
import { resolvConfOf } from '../../dns/index.ts';

const TWO_CONTAINERS = `apiVersion: v1
kind: Pod
metadata:
  name: two
spec:
  containers:
  - name: a
    image: busybox
    command: ["sleep", "infinity"]
  - name: b
    image: nginx
`;

describe('kubectl exec', () => {
  it('cat /etc/resolv.conf prints the file the kubelet wrote (DNS-2)', () => {
    const t = new TestSim(1).exec('kubectl exec client -- cat /etc/resolv.conf');
    const pod = t.sim.api.get<Pod>('pods', 'default', 'client')!;
    expect(t.last).toEqual({ stdout: resolvConfOf(t.sim, pod), stderr: '', exitCode: 0 });
  });

  it('curl to the ClusterIP from the client pod: the echo server names the pod IP it saw', () => {
    const t = new TestSim(1).exec('kubectl exec client -- curl -s http://10.96.241.179:8080/');
    expect(t.last).toEqual({ stdout: 'hostname: auth-service-7b86fcccfd-7fz7f\npod ip: 10.244.1.2\nclient: 10.244.2.2:53511\n', stderr: '', exitCode: 0 });
  });

  it('hostname is the pod name; env has the Service variables the kubelet injected', () => {
    const t = new TestSim(1);
    expect(t.exec('kubectl exec client -- hostname').last).toEqual({ stdout: 'client\n', stderr: '', exitCode: 0 });
    expect(t.exec('kubectl exec client -- env | grep AUTH_SERVICE').last.stdout).toBe(
      [
        'AUTH_SERVICE_PORT_8080_TCP_PROTO=tcp',
        'AUTH_SERVICE_PORT_8080_TCP=tcp://10.96.241.179:8080',
        'AUTH_SERVICE_SERVICE_PORT_HTTP=8080',
        'AUTH_SERVICE_PORT_8080_TCP_ADDR=10.96.241.179',
        'AUTH_SERVICE_SERVICE_HOST=10.96.241.179',
        'AUTH_SERVICE_PORT=tcp://10.96.241.179:8080',
        'AUTH_SERVICE_PORT_8080_TCP_PORT=8080',
        'AUTH_SERVICE_SERVICE_PORT=8080',
        '',
      ].join('\n'),
    );
    const env = t.exec('kubectl exec client -- env').last.stdout.split('\n');
    expect(env.slice(0, 2)).toEqual(['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'HOSTNAME=client']);
    expect(env.at(-2)).toBe('HOME=/root');
    expect(env).toContain('KUBERNETES_SERVICE_HOST=10.96.0.1');
    expect(env).toContain('KUBERNETES_PORT_443_TCP=tcp://10.96.0.1:443');
  });

  it('-it bash opens a shell in the pod with netshoot\'s prompt; exit returns to the host', () => {
    const t = new TestSim(1);
    expect(t.transcript(['kubectl exec -it client -- bash'])).toBe('$ kubectl exec -it client -- bash\n[exit 0]\n');
    expect(t.shell.prompt()).toBe('client:~# ');
    expect(t.shell.currentPod()).toBe('default/client');
    expect(t.transcript(['hostname', 'nosuch', 'exit'])).toBe('$ hostname\nclient\n[exit 0]\n$ nosuch\nbash: nosuch: command not found\n[exit 127]\n$ exit\nexit\ncommand terminated with exit code 127\n[exit 127]\n');
    expect(t.shell.prompt()).toBe('$ ');
    t.exec('kubectl exec -it client -- sh');
    expect(t.shell.prompt()).toBe('~ # ');
    expect(t.transcript(['exit'])).toBe('$ exit\n[exit 0]\n');
  });

  it('the echo server image is busybox: `/ # `, `sh: bash: not found`, no bash to exec', () => {
    const t = new TestSim(1);
    t.exec('kubectl exec -it auth-service-7b86fcccfd-7fz7f -- sh');
    expect(t.shell.prompt()).toBe('/ # ');
    expect(t.exec('bash').last).toEqual({ stdout: '', stderr: 'sh: bash: not found\n', exitCode: 127 });
    expect(t.exec('wget -qO- http://localhost:8080/health').last).toEqual({ stdout: 'ok\n', stderr: '', exitCode: 0 });
    t.exec('exit');
    const r = t.exec('kubectl exec auth-service-7b86fcccfd-7fz7f -- bash').last;
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: exec failed: unable to start container process: exec: "bash": executable file not found in \$PATH: unknown\n$/);
  });

  it('errors: unknown pod, container not in the spec, no command, no pod, the deprecated form', () => {
    const t = new TestSim(1);
    expect(t.exec('kubectl exec nope -- ls').last).toEqual({ stdout: '', stderr: 'Error from server (NotFound): pods "nope" not found\n', exitCode: 1 });
    expect(t.exec('kubectl exec client -c x -- ls').last).toEqual({ stdout: '', stderr: 'Error from server (BadRequest): container x is not valid for pod client\n', exitCode: 1 });
    expect(t.exec('kubectl exec client').last).toEqual({ stdout: '', stderr: 'error: you must specify at least one command for the container\n', exitCode: 1 });
    expect(t.exec('kubectl exec -- ls').last).toEqual({ stdout: '', stderr: 'error: pod, type/name or --filename must be specified\n', exitCode: 1 });
    expect(t.exec('kubectl exec client hostname').last).toEqual({
      stdout: 'client\n',
      stderr: 'kubectl exec [POD] [COMMAND] is DEPRECATED and will be removed in a future version. Use kubectl exec [POD] -- [COMMAND] instead.\n',
      exitCode: 0,
    });
  });

  it('a failing command: "command terminated with exit code N" and status N', () => {
    const t = new TestSim(1);
    expect(t.exec('kubectl exec client -- sh -c "exit 3"').last).toEqual({ stdout: '', stderr: 'command terminated with exit code 3\n', exitCode: 3 });
    expect(t.exec('kubectl exec client -- nc -zv 10.244.1.2 9999').last).toEqual({
      stdout: '',
      stderr: 'nc: connect to 10.244.1.2 port 9999 (tcp) failed: Connection refused\ncommand terminated with exit code 1\n',
      exitCode: 1,
    });
  });

  it('several containers: the first is defaulted (stderr); a completed pod; a pod not yet running', () => {
    const t = new TestSim(1);
    t.shell.host.fs.writeFile('/tmp/two.yaml', TWO_CONTAINERS);
    t.shell.execute('kubectl apply -f /tmp/two.yaml');
    // Not scheduled yet: the API server has no node to send the exec to.
    expect(t.exec('kubectl exec two -- hostname').last).toEqual({
      stdout: '',
      stderr: 'Defaulted container "a" out of: a, b\nError from server (BadRequest): pod two does not have a host assigned\n',
      exitCode: 1,
    });
    expect(t.exec('kubectl exec two -- hostname').last).toEqual({ stdout: 'two\n', stderr: 'Defaulted container "a" out of: a, b\n', exitCode: 0 });
    t.exec('kubectl run once --image=busybox --restart=Never -- echo hi');
    expect(t.exec('kubectl exec once -- hostname').last).toEqual({ stdout: '', stderr: 'error: cannot exec into a container in a completed pod; current phase is Succeeded\n', exitCode: 1 });
  });

  it('a container that is not running yet: the kubelet finds no container', () => {
    const t = new TestSim(1);
    t.shell.execute('kubectl run late --image=nginx');
    t.sim.advance(1500);
    const pod = t.sim.api.get<Pod>('pods', 'default', 'late')!;
    expect(pod.spec.nodeName).toBeDefined();
    expect(pod.status.containerStatuses?.[0]?.state.running).toBeUndefined();
    expect(t.shell.execute('kubectl exec late -- ls')).toEqual({ chunks: [{ fd: 2, text: 'error: unable to upgrade connection: container not found ("late")\n' }], exitCode: 1 });
  });

  it('TYPE/NAME: the first pod of a Deployment', () => {
    expect(new TestSim(1).exec('kubectl exec deploy/auth-service -- hostname').last).toEqual({ stdout: 'auth-service-7b86fcccfd-7fz7f\n', stderr: '', exitCode: 0 });
  });

  it('--help is kubectl v1.33\'s', () => {
    const help = new TestSim(1).exec('kubectl exec --help').last.stdout;
    expect(help.startsWith('Execute a command in a container.\n\nExamples:\n  # Get output from running the \'date\' command from pod mypod, using the first container by default\n  kubectl exec mypod -- date\n')).toBe(true);
    expect(help).toContain('    -i, --stdin=false:\n\tPass stdin to the container\n\n    -t, --tty=false:\n\tStdin is a TTY\n\n');
    expect(help.endsWith('Usage:\n  kubectl exec (POD | TYPE/NAME) [-c CONTAINER] [flags] -- COMMAND [args...] [options]\n\nUse "kubectl options" for a list of global command-line options (applies to all commands).\n')).toBe(true);
  });
});
