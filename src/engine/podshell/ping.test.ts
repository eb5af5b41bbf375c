// ping from pods: iputils' words (netshoot) and busybox's (busybox, echo-server images), the
// summary it prints when it ends or on Ctrl-C, and no answer from a ClusterIP.

import { describe, expect, it } from 'vitest';
import { TestSim, defaultSim } from '../../../test/support/sim.ts';
import { createSession } from '../session.ts';
import type { ShellOutput } from '../shell/index.ts';
import { PingRun } from './ping.ts';

const text = (out: ShellOutput): string => out.chunks.map((c) => c.text).join('');
const times = [0.172, 0.139, 0.14];

describe('PingRun: the words of each ping', () => {
  it('iputils: header, icmp_seq from 1, summary with time and mdev; no reply: loss and a blank line, status 1', () => {
    const run = new PingRun({ dest: 'auth', ip: '10.244.1.2', ttl: 62, rtt: (s) => times[s - 1] ?? 0, busybox: false });
    for (let i = 0; i < 3; i++) run.send();
    expect(run.take()).toBe(
      'PING auth (10.244.1.2) 56(84) bytes of data.\n' +
        '64 bytes from 10.244.1.2: icmp_seq=1 ttl=62 time=0.172 ms\n64 bytes from 10.244.1.2: icmp_seq=2 ttl=62 time=0.139 ms\n64 bytes from 10.244.1.2: icmp_seq=3 ttl=62 time=0.140 ms\n',
    );
    expect(run.summary()).toEqual({ text: '\n--- auth ping statistics ---\n3 packets transmitted, 3 received, 0% packet loss, time 2002ms\nrtt min/avg/max/mdev = 0.139/0.150/0.172/0.015 ms\n', exitCode: 0 });
    const lost = new PingRun({ dest: '10.96.0.10', ip: '10.96.0.10', rtt: () => 0, busybox: false });
    lost.send();
    lost.send();
    expect(lost.take()).toBe('PING 10.96.0.10 (10.96.0.10) 56(84) bytes of data.\n');
    expect(lost.summary()).toEqual({ text: '\n--- 10.96.0.10 ping statistics ---\n2 packets transmitted, 0 received, 100% packet loss, time 1022ms\n\n', exitCode: 1 });
  });

  it('busybox: "N data bytes", seq from 0, "packets received", round-trip min/avg/max', () => {
    const run = new PingRun({ dest: '10.244.2.2', ip: '10.244.2.2', ttl: 63, rtt: (s) => times[s - 1] ?? 0, busybox: true });
    for (let i = 0; i < 3; i++) run.send();
    expect(run.take()).toBe(
      'PING 10.244.2.2 (10.244.2.2): 56 data bytes\n' +
        '64 bytes from 10.244.2.2: seq=0 ttl=63 time=0.172 ms\n64 bytes from 10.244.2.2: seq=1 ttl=63 time=0.139 ms\n64 bytes from 10.244.2.2: seq=2 ttl=63 time=0.140 ms\n',
    );
    expect(run.summary()).toEqual({ text: '\n--- 10.244.2.2 ping statistics ---\n3 packets transmitted, 3 packets received, 0% packet loss\nround-trip min/avg/max = 0.139/0.150/0.172 ms\n', exitCode: 0 });
    const lost = new PingRun({ dest: '10.96.0.1', ip: '10.96.0.1', rtt: () => 0, busybox: true });
    lost.send();
    expect(lost.summary()).toEqual({ text: '\n--- 10.96.0.1 ping statistics ---\n1 packets transmitted, 0 packets received, 100% packet loss\n', exitCode: 1 });
  });
});

describe('ping headless (kubectl exec, the CLI)', () => {
  it('busybox ping in the echo-server pods; a ClusterIP never answers; bad address', () => {
    const t = new TestSim();
    t.exec('kubectl exec auth-service-7b86fcccfd-4z4pm -- ping -c 2 10.244.2.2');
    expect(t.last).toEqual({
      stdout: 'PING 10.244.2.2 (10.244.2.2): 56 data bytes\n64 bytes from 10.244.2.2: seq=0 ttl=63 time=0.125 ms\n64 bytes from 10.244.2.2: seq=1 ttl=63 time=0.094 ms\n\n--- 10.244.2.2 ping statistics ---\n2 packets transmitted, 2 packets received, 0% packet loss\nround-trip min/avg/max = 0.094/0.109/0.125 ms\n',
      stderr: '',
      exitCode: 0,
    });
    t.exec('kubectl exec auth-service-7b86fcccfd-4z4pm -- ping -c 2 10.96.0.1');
    expect(t.last).toEqual({
      stdout: 'PING 10.96.0.1 (10.96.0.1): 56 data bytes\n\n--- 10.96.0.1 ping statistics ---\n2 packets transmitted, 0 packets received, 100% packet loss\n',
      stderr: 'command terminated with exit code 1\n',
      exitCode: 1,
    });
    t.exec('kubectl exec auth-service-7b86fcccfd-4z4pm -- ping nosuch');
    expect(t.last).toEqual({ stdout: '', stderr: "ping: bad address 'nosuch'\ncommand terminated with exit code 1\n", exitCode: 1 });
  });
});

describe('ping in the terminal: one echo per virtual second until Ctrl-C, -c N or -w S', () => {
  it('in a pod shell (iputils): Ctrl-C prints the summary, $? 0; a ClusterIP: no reply, $? 1', () => {
    const sim = defaultSim();
    const s = createSession(sim);
    s.begin('kubectl exec -it client -- bash');
    const b = s.begin('ping 10.244.1.2');
    expect(text(b.output)).toBe('PING 10.244.1.2 (10.244.1.2) 56(84) bytes of data.\n64 bytes from 10.244.1.2: icmp_seq=1 ttl=62 time=0.172 ms\n');
    const run = b.running!;
    sim.advance(999);
    expect(run.drain()).toBe('');
    sim.advance(1);
    expect(run.drain()).toBe('64 bytes from 10.244.1.2: icmp_seq=2 ttl=62 time=0.139 ms\n');
    sim.advance(1500);
    expect(run.drain()).toBe('64 bytes from 10.244.1.2: icmp_seq=3 ttl=62 time=0.140 ms\n');
    expect(run.stop()).toEqual({
      text: '^C\n--- 10.244.1.2 ping statistics ---\n3 packets transmitted, 3 received, 0% packet loss, time 2002ms\nrtt min/avg/max/mdev = 0.139/0.150/0.172/0.015 ms\n',
      exitCode: 0,
    });
    sim.advance(5000);
    expect(run.drain()).toBe('');
    expect(text(s.execute('echo $?'))).toBe('0\n');

    const c = s.begin('ping 10.96.241.179').running!;
    sim.advance(2500);
    expect(c.drain()).toBe('');
    expect(c.stop()).toEqual({ text: '^C\n--- 10.96.241.179 ping statistics ---\n3 packets transmitted, 0 received, 100% packet loss, time 2044ms\n\n', exitCode: 1 });
    expect(text(s.execute('echo $?'))).toBe('1\n');
  });

  it('-c N ends by itself after the Nth reply; the prompt is free again', () => {
    const sim = defaultSim();
    const s = createSession(sim);
    s.begin('kubectl exec -it client -- sh');
    const run = s.begin('ping -c 2 10.244.1.2').running!;
    sim.advance(1000);
    expect(run.drain()).toBe(
      '64 bytes from 10.244.1.2: icmp_seq=2 ttl=62 time=0.139 ms\n\n--- 10.244.1.2 ping statistics ---\n2 packets transmitted, 2 received, 0% packet loss, time 1001ms\nrtt min/avg/max/mdev = 0.139/0.155/0.172/0.017 ms\n',
    );
    expect(run.exited()).toBe(0);
    expect(s.begin('ping 10.244.1.2').running).toBeDefined();
  });

  it('kubectl exec without -t: Ctrl-C kills kubectl (130, no summary); with -t it reaches ping, and kubectl reports its status', () => {
    const sim = defaultSim();
    const s = createSession(sim);
    const k = s.begin('kubectl exec client -- ping 10.244.1.2');
    expect(text(k.output)).toBe('PING 10.244.1.2 (10.244.1.2) 56(84) bytes of data.\n64 bytes from 10.244.1.2: icmp_seq=1 ttl=62 time=0.172 ms\n');
    sim.advance(1000);
    expect(k.running!.stop()).toEqual({ text: '64 bytes from 10.244.1.2: icmp_seq=2 ttl=62 time=0.139 ms\n^C', exitCode: 130 });
    expect(text(s.execute('echo $?'))).toBe('130\n');

    const t = s.begin('kubectl exec -t client -- ping 10.96.241.179').running!;
    sim.advance(1000);
    expect(t.stop()).toEqual({
      text: '^C\n--- 10.96.241.179 ping statistics ---\n2 packets transmitted, 0 received, 100% packet loss, time 1022ms\n\ncommand terminated with exit code 1\n',
      exitCode: 1,
    });
    // In a shell script it runs as headless (the echo must not run before ping ends).
    const script = s.begin("kubectl exec client -- sh -c 'ping -c 1 10.244.1.2; echo done'");
    expect(script.running).toBeUndefined();
    expect(text(script.output)).toMatch(/1 received, 0% packet loss, time 0ms\nrtt .*\ndone\n$/);
  });
});
