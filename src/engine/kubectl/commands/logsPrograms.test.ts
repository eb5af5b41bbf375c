// `kubectl logs` against programs that write real logs (content/scenarios/logs.yaml): the
// crash-looping `billing` Deployment (proxyscope/crashloop), the `web` Pod with its
// log-shipper sidecar, the echo server's access log, CoreDNS's banner, and -f in the page.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../api/types.ts';
import { createSimulation, type Simulation } from '../../index.ts';
import { createSession } from '../../session.ts';
import { runInForeground } from '../../shell/foreground.ts';
import { runKubectl } from '../testing.ts';

function logsSim(): Simulation {
  const r = createSimulation({ scenario: readFileSync('content/scenarios/logs.yaml', 'utf8'), seed: 1 });
  if (!r.ok) throw new Error(r.error);
  return r.sim;
}

function k(sim: Simulation, line: string) {
  const { stdout, stderr, exitCode } = runKubectl(sim, line.split(' '));
  return { stdout, stderr, exitCode };
}
const out = (stdout: string, stderr = '', exitCode = 0) => ({ stdout, stderr, exitCode });

/** The lines one run of proxyscope/crashloop writes, started at `start` (hh:mm:ss) and dying at `end`. */
const crashRun = (start: string, end?: string): string =>
  `2026/11/21 ${start} crashloop 1.0 starting\n2026/11/21 ${start} listening on :8080\n2026/11/21 ${start} loading configuration from /etc/crashloop/config.yaml\n` +
  (end ? `2026/11/21 ${end} fatal: open /etc/crashloop/config.yaml: no such file or directory\n` : '');

const billing = (sim: Simulation): Pod => sim.api.list<Pod>('pods', 'default', (p) => p.metadata.labels?.['app'] === 'billing')[0]!;

describe('a crash-looping container (kubelet validateContainerLogStatus, crash back-off)', () => {
  it('in CrashLoopBackOff, logs and logs -p both read the run that crashed (lastState.terminated)', () => {
    const sim = logsSim();
    expect(sim.clock.timestamp()).toBe('2026-11-21T09:00:26Z');
    expect(k(sim, 'get pods -l app=billing')).toEqual(
      out('NAME                       READY   STATUS             RESTARTS     AGE\nbilling-645cb96695-sxqcn   0/1     CrashLoopBackOff   1 (2s ago)   26s\n'),
    );
    expect(k(sim, 'logs deploy/billing')).toEqual(out(crashRun('09:00:22', '09:00:24')));
    expect(k(sim, 'logs deploy/billing -p')).toEqual(out(crashRun('09:00:22', '09:00:24')));
    // Not running: -f has nothing to follow and returns at once.
    expect(k(sim, 'logs deploy/billing -f')).toEqual(out(crashRun('09:00:22', '09:00:24')));
  });

  it('once restarted, --previous shows the previous run and logs the running one', () => {
    const sim = logsSim();
    sim.advance(10_000); // 09:00:36: the second restart (back-off 10s) is running
    expect(k(sim, 'get pods -l app=billing')).toEqual(
      out('NAME                       READY   STATUS    RESTARTS      AGE\nbilling-645cb96695-sxqcn   1/1     Running   2 (12s ago)   36s\n'),
    );
    expect(k(sim, 'logs billing-645cb96695-sxqcn')).toEqual(out(crashRun('09:00:35')));
    expect(k(sim, 'logs billing-645cb96695-sxqcn --previous')).toEqual(out(crashRun('09:00:22', '09:00:24')));
    expect(k(sim, 'logs billing-645cb96695-sxqcn -p --tail=1 --prefix')).toEqual(
      out('[pod/billing-645cb96695-sxqcn/billing] 2026/11/21 09:00:24 fatal: open /etc/crashloop/config.yaml: no such file or directory\n'),
    );
  });

  it('-f follows one container instance: its last line, then it ends (exit 0), nothing from the next run', () => {
    const sim = logsSim();
    sim.advance(10_000);
    const { result, live } = runInForeground(sim, () => runKubectl(sim, ['logs', 'deploy/billing', '-f']));
    expect(result.stdout).toBe(crashRun('09:00:35'));
    sim.advance(2000);
    expect(live!.take()).toBe('2026/11/21 09:00:37 fatal: open /etc/crashloop/config.yaml: no such file or directory\n');
    sim.advance(1000); // the kubelet has seen the exit: the stream is closed
    expect(live!.exited!()).toBe(0);
    sim.advance(30_000); // restarted at 09:00:58 (back-off 20s), crashed again at 09:01:00
    expect(k(sim, 'logs deploy/billing --tail=1')).toEqual(out('2026/11/21 09:01:00 fatal: open /etc/crashloop/config.yaml: no such file or directory\n'));
    expect(live!.take()).toBe('');
  });

  it('restarts wait 10s, 20s, 40s … capped at 5m after each crash (plus the PLEG relist)', () => {
    const sim = logsSim();
    const gaps: number[] = [];
    let seen = billing(sim).status.containerStatuses![0]!.restartCount;
    for (let i = 0; i < 17 * 60 && gaps.length < 7; i++) {
      sim.advance(1000);
      const cs = billing(sim).status.containerStatuses![0]!;
      if (cs.restartCount === seen || !cs.state.running) continue;
      seen = cs.restartCount;
      gaps.push((sim.clock.parse(cs.state.running.startedAt!) - sim.clock.parse(cs.lastState!.terminated!.finishedAt!)) / 1000);
    }
    expect(gaps).toEqual([11, 21, 41, 81, 161, 301, 301]);
    // RESTARTS is "N (age of lastState.terminated.finishedAt)" (kubectl's printPod).
    expect(k(sim, 'get pods -l app=billing')).toEqual(
      out('NAME                       READY   STATUS    RESTARTS       AGE\nbilling-645cb96695-sxqcn   1/1     Running   8 (5m2s ago)   15m\n'),
    );
  });
});

describe('a pod with a sidecar (logsforobject.go: default container, --all-containers, --prefix)', () => {
  const APP = '2026/11/21 09:00:17 echo-server 1.0 listening on :8080\n';
  const SHIPPER =
    '2026/11/21 09:00:18 log-shipper 1.0 starting\n2026/11/21 09:00:18 tailing /var/log/containers/web_default_app-*.log\n' +
    '2026/11/21 09:00:18 shipping to collector.logging.svc.cluster.local:24224 every 10s\n';
  const prefixed = (c: string, text: string) => text.replace(/^(?=.)/gm, `[pod/web/${c}] `);

  it('v1.33 defaults to the first container (no "a container name must be specified" error), -c picks one', () => {
    const sim = logsSim();
    expect(k(sim, 'logs web')).toEqual(out(APP, 'Defaulted container "app" out of: app, log-shipper\n'));
    expect(k(sim, 'logs web -c log-shipper')).toEqual(out(SHIPPER));
    expect(k(sim, 'logs web log-shipper')).toEqual(out(SHIPPER));
    expect(k(sim, 'logs web --all-containers --prefix')).toEqual(out(prefixed('app', APP) + prefixed('log-shipper', SHIPPER)));
    expect(k(sim, 'logs -l app=web --all-containers=true')).toEqual(out(APP + SHIPPER));
    expect(k(sim, 'logs web -c nope')).toEqual(out('', 'error: container nope is not valid for pod web\n', 1));
    expect(k(sim, 'logs web -p')).toEqual(
      out('', 'Defaulted container "app" out of: app, log-shipper\nError from server (BadRequest): previous terminated container "app" in pod "web" not found\n', 1),
    );
    expect(k(sim, 'logs -l app=web --all-containers -f --max-log-requests=1')).toEqual(
      out('', 'error: you are attempting to follow 2 log streams, but maximum allowed concurrency is 1, use --max-log-requests to increase the limit\n', 1),
    );
  });

  it('the echo server logs each request; the sidecar reports what it shipped at its next flush', () => {
    const sim = logsSim();
    expect(k(sim, 'exec client -- curl -s -A probe 10.244.1.2:8080/?x=1').exitCode).toBe(0);
    expect(k(sim, 'exec client -- curl -s 10.244.1.2:8080/health').exitCode).toBe(0);
    const access = '2026/11/21 09:00:26 10.244.2.2:53511 "GET /?x=1 HTTP/1.1" 200 58 "probe"\n';
    expect(k(sim, 'logs web -c app')).toEqual(out(APP + access));
    sim.advance(10_000);
    expect(k(sim, 'logs web -c log-shipper --tail=1')).toEqual(out('2026/11/21 09:00:28 flushed 1 record to collector.logging.svc.cluster.local:24224\n'));
  });
});

describe('-f in the page (shell/foreground.ts keepRunning)', () => {
  it('returns what is logged now and hands later lines over until stopped', () => {
    const sim = logsSim();
    const { result, live } = runInForeground(sim, () => runKubectl(sim, ['logs', 'web', '-c', 'app', '-f']));
    expect({ stdout: result.stdout, stderr: result.stderr, exitCode: result.exitCode }).toEqual(out('2026/11/21 09:00:17 echo-server 1.0 listening on :8080\n'));
    expect(live).toBeDefined();
    expect(live!.take()).toBe('');
    sim.advance(3000);
    runKubectl(sim, ['exec', 'client', '--', 'curl', '-s', '10.244.1.2:8080/']);
    expect(live!.take()).toBe('2026/11/21 09:00:29 10.244.2.2:53511 "GET / HTTP/1.1" 200 58 "curl/8.7.1"\n');
    expect(live!.take()).toBe('');
    expect(live!.exited!()).toBeUndefined(); // a server runs on: only Ctrl-C ends it
    live!.stop();
    runKubectl(sim, ['exec', 'client', '--', 'curl', '-s', '10.244.1.2:8080/']);
    expect(live!.take()).toBe('');
  });
});

describe('-f typed in the terminal (Session.begin)', () => {
  it('keeps running as the clock runs; ends with status 0 when the followed container exits', () => {
    const sim = logsSim();
    sim.advance(10_000);
    const begun = createSession(sim).begin('kubectl logs deploy/billing -f');
    expect(begun.output.chunks.map((c) => c.text).join('')).toBe(crashRun('09:00:35'));
    const running = begun.running!;
    sim.advance(3000);
    expect(running.drain()).toBe('2026/11/21 09:00:37 fatal: open /etc/crashloop/config.yaml: no such file or directory\n');
    expect(running.exited()).toBe(0);
  });

  it('Ctrl-C stops following a server: `^C`, status 1 (kubectl dies on SIGINT)', () => {
    const sim = logsSim();
    const running = createSession(sim).begin('kubectl logs web -c app -f').running!;
    sim.advance(1000);
    expect(running.drain()).toBe('');
    expect(running.exited()).toBeUndefined();
    expect(running.stop()).toEqual({ text: '^C', exitCode: 1 });
  });
});

describe('system pods', () => {
  it('coredns prints its start-up banner: kubectl -n kube-system logs -l k8s-app=kube-dns', () => {
    const sim = logsSim();
    const banner =
      'maxprocs: Leaving GOMAXPROCS=8: CPU quota undefined\n.:53\n' +
      '[INFO] plugin/reload: Running configuration SHA512 = c35a0471224db80ad6f2c01a8ee2158e00ac67f9894da0707fe9267278a918901a5b98890c7cc765725ab46a5bf009ee04f98f78e33459712318fd74e132404d\n' +
      'CoreDNS-1.12.0\nlinux/amd64, go1.23.3, 51e11f1\n';
    expect(k(sim, '-n kube-system logs -l k8s-app=kube-dns')).toEqual(out(banner + banner));
    expect(k(sim, '-n kube-system logs deploy/coredns --tail=1')).toEqual(out('linux/amd64, go1.23.3, 51e11f1\n', 'Found 2 pods, using pod/coredns-b79b8c99f-nvb7h\n'));
  });

  it('a deleted pod takes its logs with it', () => {
    const sim = logsSim();
    expect(k(sim, 'delete pod web').exitCode).toBe(0);
    expect(k(sim, 'logs web')).toEqual(out('', 'error: error from server (NotFound): pods "web" not found in namespace "default"\n', 1));
    expect(sim.logs.read('default', 'web', 'app')).toBeUndefined();
  });
});
