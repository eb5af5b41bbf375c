import { describe, expect, it } from 'vitest';
import { defaultSim } from '../../test/support/sim.ts';
import { runKubectl } from '../engine/kubectl/testing.ts';
import { createTerminalBridge } from './terminal.ts';

describe('terminal bridge', () => {
  it('runs lines, streams a watch frame by frame, and Ctrl-C ends it', () => {
    const sim = defaultSim();
    const t = createTerminalBridge(sim);
    expect(t.prompt()).toBe('$ ');
    expect(t.execute('kubectl get svc kubernetes -o name')).toEqual({ text: 'service/kubernetes\n', exitCode: 0, prompt: '$ ' });
    expect(t.drain()).toBeUndefined();

    const w = t.execute('kubectl get deploy -w');
    expect(w).toEqual({ text: 'NAME           READY   UP-TO-DATE   AVAILABLE   AGE\nauth-service   3/3     3            3           25s\n', exitCode: 0, prompt: '$ ', running: true });
    expect(t.drain()).toBeUndefined();
    // A line sent meanwhile (a lesson's check, a test) runs beside the watch.
    expect(t.execute('kubectl scale deploy auth-service --replicas=4')).toEqual({ text: 'deployment.apps/auth-service scaled\n', exitCode: 0, prompt: '$ ' });
    expect(t.drain()).toEqual({ text: 'auth-service   3/4     3            3           25s\n', running: true, prompt: '$ ' });
    sim.advance(1000);
    expect(t.drain()).toEqual({ text: 'auth-service   3/4     3            3           25s\nauth-service   3/4     4            3           25s\n', running: true, prompt: '$ ' });
    expect(t.drain()).toBeUndefined();

    expect(t.interrupt()).toEqual({ text: '^C', exitCode: 1, prompt: '$ ' });
    sim.advance(10_000);
    expect(t.drain()).toBeUndefined();
    expect(t.execute('echo $?').text).toBe('1\n');
  });

  it('Ctrl-C at the prompt sets $? to 130; completion and isComplete come from the shell', () => {
    const t = createTerminalBridge(defaultSim());
    expect(t.interrupt()).toEqual({ text: '', exitCode: 130, prompt: '$ ' });
    expect(t.execute('echo $?').text).toBe('130\n');
    expect(t.complete('kubectl sc', 10)).toEqual({ from: 8, candidates: ['scale'] });
    expect(t.complete('kubectl get deploy auth', 23)).toEqual({ from: 19, candidates: ['auth-service'] });
    expect(t.isComplete("echo 'a")).toBe(false);
    expect(t.isComplete("echo 'a\nb'")).toBe(true);
  });

  it('node shells change the prompt', () => {
    const t = createTerminalBridge(defaultSim());
    expect(t.execute('docker exec -it kind-worker bash')).toEqual({ text: '', exitCode: 0, prompt: 'root@kind-worker:/# ' });
    expect(t.execute('exit')).toEqual({ text: 'exit\n', exitCode: 0, prompt: '$ ' });
  });

  it('a command that ends by itself (tcpdump -c N) hands back the prompt with its last output', () => {
    const sim = defaultSim();
    const t = createTerminalBridge(sim);
    t.execute('docker exec -it kind-worker2 bash');
    expect(t.execute('tcpdump -n -c 1 udp port 53')).toMatchObject({ exitCode: 0, prompt: 'root@kind-worker2:/# ', running: true });
    runKubectl(sim, ['exec', 'client', '--', 'nslookup', 'auth-service']);
    expect(t.drain()).toEqual({
      text: '09:00:25.000000 veth0fb86042 In  IP 10.244.2.2.53511 > 10.96.0.10.53: 64081+ A? auth-service.default.svc.cluster.local. (56)\n1 packet captured\n1 packet received by filter\n0 packets dropped by kernel\n',
      running: false,
      prompt: 'root@kind-worker2:/# ',
    });
    expect(t.drain()).toBeUndefined();
    // Nothing runs any more: Ctrl-C is at the prompt.
    expect(t.interrupt()).toEqual({ text: '', exitCode: 130, prompt: 'root@kind-worker2:/# ' });
  });

  it('Ctrl-C reaches ping in a pod shell: its summary follows the ^C', () => {
    const sim = defaultSim();
    const t = createTerminalBridge(sim);
    t.execute('kubectl exec -it client -- sh');
    expect(t.execute('ping 10.244.1.2')).toEqual({ text: 'PING 10.244.1.2 (10.244.1.2) 56(84) bytes of data.\n64 bytes from 10.244.1.2: icmp_seq=1 ttl=62 time=0.172 ms\n', exitCode: 0, prompt: '~ # ', running: true });
    sim.advance(1000);
    expect(t.drain()).toEqual({ text: '64 bytes from 10.244.1.2: icmp_seq=2 ttl=62 time=0.139 ms\n', running: true, prompt: '~ # ' });
    expect(t.interrupt()).toEqual({
      text: '^C\n--- 10.244.1.2 ping statistics ---\n2 packets transmitted, 2 received, 0% packet loss, time 1001ms\nrtt min/avg/max/mdev = 0.139/0.155/0.172/0.017 ms\n',
      exitCode: 0,
      prompt: '~ # ',
    });
  });
});
