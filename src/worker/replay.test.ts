// Share links: a session played live (frames of real time, commands typed between them) and
// replayed on a fresh API from its recording must end in the same cluster, printed the same.
import { describe, expect, it } from 'vitest';
import { createSimApi } from './api.ts';
import { checkEntries } from './replay.ts';
import { manualHost } from './manualHost.ts';


/** Pod lines without the AGE column (it is the one column that moves with the clock). */
const pods = (text: string) => text.split('\n').map((l) => l.replace(/\s+\d+[smhd]\d*[smh]?\s+/, ' ')).join('\n');

describe('history / recording / replay', () => {
  it('records each non-blank line with the virtual time it ran at; traffic changes in order', () => {
    const m = manualHost();
    const api = createSimApi(m.host);
    api.start({ playing: true, trafficRate: 2 });
    m.frames(30, 50);
    api.execute('kubectl scale deployment auth-service --replicas=5');
    const at = api.snapshot().now;
    api.execute('   ');
    api.setTraffic(0);
    expect(api.history()).toEqual([{ atMs: at, line: 'kubectl scale deployment auth-service --replicas=5' }]);
    expect(api.recording()).toEqual({
      scenario: 'default',
      seed: 1,
      trafficRate: 2,
      commands: [
        { atMs: at, line: 'kubectl scale deployment auth-service --replicas=5' },
        { atMs: at, traffic: 0 },
      ],
    });
  });

  it('a replay gives the same pods, IPs and curl answers as the live run (traffic on, seed 7)', () => {
    const m = manualHost();
    const live = createSimApi(m.host);
    live.start({ seed: 7, playing: true, trafficRate: 5 });
    m.frames(40, 60);
    live.execute('kubectl scale deployment auth-service --replicas=5');
    m.frames(80, 70);
    live.setTraffic(0);
    m.frames(10, 40);
    live.execute('kubectl exec client -- curl -s http://auth-service:8080/');
    m.frames(5, 40);
    const wantPods = live.execute('kubectl get pods -o wide').text;
    const wantConntrack = live.execute('kubectl get endpointslices').text;
    const rec = live.recording();
    // The next connection picks its endpoint and source port from RNG state the traffic moved.
    const wantCurl = live.execute('kubectl exec client -- curl -s http://auth-service:8080/').text;
    live.close();

    const m2 = manualHost();
    const again = createSimApi(m2.host);
    again.replay({ ...rec, playing: false });
    const gotPods = again.execute('kubectl get pods -o wide').text;
    again.execute('kubectl get endpointslices');
    expect(again.execute('kubectl exec client -- curl -s http://auth-service:8080/').text).toBe(wantCurl);
    expect(wantCurl).toMatch(/^hostname: auth-service-/);
    expect(pods(gotPods)).toBe(pods(wantPods));
    expect(gotPods).toContain('auth-service-');
    expect(again.execute('kubectl get endpointslices').text.replace(/\s+\S+\s*$/gm, '')).toBe(wantConntrack.replace(/\s+\S+\s*$/gm, ''));
    // The replayed session is the new session's history (so sharing it again gives the same link).
    expect(again.recording().commands.slice(0, rec.commands.length)).toEqual(rec.commands);
    again.close();
  });

  it('refuses entries a replay must not run', () => {
    expect(() => checkEntries([{ atMs: 5, line: 'a' }, { atMs: 4, line: 'b' }])).toThrow('not in time order');
    expect(() => checkEntries([{ atMs: Number.NaN, line: 'a' }])).toThrow('no valid time');
    expect(() => checkEntries([{ atMs: 1e12, line: 'a' }])).toThrow('no valid time');
    expect(() => checkEntries([{ atMs: 1, traffic: -1 }])).toThrow('traffic rate');
  });
});
