// The worker's API (contract.ts): one simulation at a time, its clock driven by real time, and
// at most one SimBatch per frame to the subscriber — the events since the last batch, the
// snapshot when something in it changed, the terminal's running output. Backpressure: when the
// subscriber returns a promise (the page does: it resolves once the batch is applied and
// painted), the next batch waits for it; meanwhile events gather here (nothing but the oldest
// packets of a long wait is dropped) and the snapshot is taken once, when the batch goes.
// sim.worker.ts exposes it; client.ts runs it in the page's thread when no Worker can start.

import { startTraffic, type Traffic } from '../engine/apps/traffic.ts';
import { createSimulation } from '../engine/index.ts';
import { createSession, type Session } from '../engine/session.ts';
import type { Simulation } from '../engine/simulation.ts';
import { EventCollector, chainText, chainsOf, snapshotOf } from '../engine/view/index.ts';
import type { HopView, SimEvent, WorldSnapshot } from '../engine/view/types.ts';
import { MAX_FRAME_MS, advanceWithin, clampSpeed } from './clock.ts';
import type { PageBatch, ScenarioInfo, SimApi, StartOptions } from './contract.ts';
import { browserHost, type SimHost } from './host.ts';
import { scenarioIds, scenarioInfos } from './scenarios.ts';
import { beginLesson, findLesson, lessonSummaries, type LessonRun } from './lessonRun.ts';
import { SessionLog, checkEntries, finishInstant, replayEntries } from './replay.ts';
import { createTerminalBridge, type TerminalBridge } from './terminal.ts';

/** One frame: ~60 per second. */
export const FRAME_MS = 16;
/** Engine work per frame at most (real ms), so batches keep flowing while a big change settles. */
export const FRAME_BUDGET_MS = 10;
/** A step() runs this long at once; what is left of it continues frame by frame. */
export const STEP_BUDGET_MS = 50;
/** Above this many pods, snapshots go out at most every SNAPSHOT_INTERVAL_LARGE_MS. */
export const LARGE_CLUSTER_PODS = 300;
export const SNAPSHOT_INTERVAL_LARGE_MS = 100;
export const DEFAULT_TRAFFIC_RATE = 2;
/** A batch carries the hops of its newest this-many packets; older ones in the same batch go without (`packet(id)` has them). */
export const PACKETS_WITH_HOPS_PER_BATCH = 50;
/** Packet events kept while the page has not taken the previous batch: the newest this many
 *  (the page keeps no more: MAX_PACKETS in src/ui/store/apply.ts); older ones are counted in
 *  `PageBatch.thinned`. Every other event is kept. */
export const MAX_PACKETS_PER_BATCH = 200;
/** A page that has not answered a batch for this long gets the next one anyway (a lost answer must not stall the loop). */
export const ACK_TIMEOUT_MS = 5_000;

interface Running {
  id: string;
  sim: Simulation;
  events: EventCollector;
  traffic: Traffic;
  terminal: TerminalBridge;
  /** A shell of our own for `kubectl get -o yaml` (the user's session keeps its own state). */
  reader: Session;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;

export type LocalSimApi = SimApi & {
  /** Stops the frame loop (the worker or page is going away). */
  close(): void;
};

export function createSimApi(hostOverrides: Partial<SimHost> = {}): LocalSimApi {
  const host: SimHost = { ...browserHost(), ...hostOverrides };
  const infos: ScenarioInfo[] = scenarioInfos(host.scenarios);
  let cur: Running | undefined;
  let onBatch: ((b: PageBatch) => unknown) | undefined;
  let playing = false;
  let speed = 1;
  /** The world snapshot's version: moves when an event other than a packet arrived (packets
   *  change no API object, only counters: those are in chains(), versioned by `changeVersion`). */
  let version = 0;
  let changeVersion = 0;
  let seenChanges = 0;
  let snapshotDirty = false;
  /** Events drained from the collector and not yet sent (the page is still on the last batch). */
  let buffered: SimEvent[] = [];
  let bufferedPackets = 0;
  let thinned = 0;
  /** The batch the page has not answered yet (0: none), and when it went. */
  let awaiting = 0;
  let awaitingSince = 0;
  let sent = 0;
  let lastSnapshotAt = -Infinity;
  let lastSnapshotCost = 0;
  /** playing/speed changed since the last batch. */
  let stateChanged = false;
  let lastFrame = host.now();
  let timer: unknown;
  let closed = false;
  /** Virtual time owed to the clock below a millisecond. */
  let carry = 0;
  /** Paused: the virtual time a step() is still heading for. */
  let stepTarget: number | undefined;
  /** What the user did since start(), for share links (replay.ts). */
  let log: SessionLog | undefined;
  /** The lesson running (startLesson), if any: its gate, tracker and status. */
  let lessonRun: LessonRun | undefined;
  let lessonSent = '';

  const running = (): Running => {
    if (!cur) throw new Error('no simulation: call start() first');
    return cur;
  };

  /** Takes the collector's new events into the buffer; the versions move once per call that found changes. */
  const syncVersion = (): void => {
    if (!cur || cur.events.changes === seenChanges) return;
    seenChanges = cur.events.changes;
    changeVersion++;
    const fresh = cur.events.drain();
    let world = false;
    for (const e of fresh) {
      if (e.kind === 'packet') bufferedPackets++;
      else world = true;
      buffered.push(e);
    }
    if (world) {
      version++;
      snapshotDirty = true;
    }
    if (bufferedPackets > MAX_PACKETS_PER_BATCH) thinPackets();
  };

  /** Keeps the newest MAX_PACKETS_PER_BATCH packet events of the buffer, and every other event. */
  const thinPackets = (): void => {
    let drop = bufferedPackets - MAX_PACKETS_PER_BATCH;
    thinned += drop;
    bufferedPackets = MAX_PACKETS_PER_BATCH;
    buffered = buffered.filter((e) => e.kind !== 'packet' || drop-- <= 0);
  };

  const snapshotNow = (): WorldSnapshot => {
    const r = running();
    syncVersion();
    return snapshotOf(r.sim, version, { scenarioId: r.id });
  };

  /** Sends what changed since the last batch (nothing when paused and nothing changed, unless
   *  forced; nothing while the page is still on the previous batch, unless forced). */
  const flush = (force: boolean): void => {
    if (!cur) return;
    syncVersion();
    if (awaiting && !force && host.now() - awaitingSince < ACK_TIMEOUT_MS) return;
    const terminal = cur.terminal.drain();
    const realNow = host.now();
    let snapshot: WorldSnapshot | undefined;
    const large = cur.sim.api.count('pods') > LARGE_CLUSTER_PODS;
    if (snapshotDirty && (force || !large || realNow - lastSnapshotAt >= Math.max(SNAPSHOT_INTERVAL_LARGE_MS, 4 * lastSnapshotCost))) {
      snapshot = snapshotOf(cur.sim, version, { scenarioId: cur.id });
      snapshotDirty = false;
      lastSnapshotAt = realNow;
      // A snapshot that takes long is taken less often: at most a fifth of the time goes to them.
      lastSnapshotCost = host.now() - realNow;
    }
    // The lesson's status goes in every batch; a change of it is a reason to send one.
    const lesson = lessonRun?.poll(realNow);
    const lessonKey = lesson ? JSON.stringify(lesson) : '';
    const lessonChanged = lessonKey !== lessonSent;
    if (!force && !playing && !stateChanged && !lessonChanged && buffered.length === 0 && !snapshot && !terminal) return;
    lessonSent = lessonKey;
    stateChanged = false;
    const events = lighten(buffered);
    buffered = [];
    bufferedPackets = 0;
    const batch: PageBatch = { now: cur.sim.clock.now(), playing, speed, events };
    if (snapshot) batch.snapshot = snapshot;
    if (terminal) batch.terminal = terminal;
    if (lesson) batch.lesson = lesson;
    if (thinned) batch.thinned = thinned;
    thinned = 0;
    send(batch);
  };

  const send = (batch: PageBatch): void => {
    const id = ++sent;
    awaiting = 0;
    const answer = onBatch?.(batch);
    if (answer && typeof (answer as Promise<unknown>).then === 'function') {
      awaiting = id;
      awaitingSince = host.now();
      const done = () => {
        if (awaiting === id) awaiting = 0;
      };
      (answer as Promise<unknown>).then(done, done);
    }
  };

  const runStep = (deadline: number): void => {
    if (!cur || stepTarget === undefined) return;
    advanceWithin(cur.sim, stepTarget - cur.sim.clock.now(), () => host.now(), deadline);
    if (cur.sim.clock.now() >= stepTarget) stepTarget = undefined;
  };

  const frame = (): void => {
    timer = undefined;
    if (closed) return;
    const t = host.now();
    const dt = Math.min(Math.max(t - lastFrame, 0), MAX_FRAME_MS);
    lastFrame = t;
    try {
      if (cur && playing) {
        // Whole virtual milliseconds; the fraction carries over to the next frame.
        const want = dt * speed + carry;
        const ms = Math.floor(want);
        carry = want - ms;
        advanceWithin(cur.sim, ms, () => host.now(), t + FRAME_BUDGET_MS);
      } else {
        runStep(t + FRAME_BUDGET_MS);
      }
      flush(false);
    } finally {
      schedule();
    }
  };

  const schedule = (): void => {
    if (closed || timer !== undefined) return;
    timer = host.setTimer(frame, FRAME_MS);
  };

  const stopCurrent = (): void => {
    if (!cur) return;
    cur.traffic.stop();
    cur.events.stop();
    cur.sim.network.stop();
    cur = undefined;
  };

  const api: LocalSimApi = {
    scenarios: () => infos.map((s) => ({ ...s })),

    start(opts: StartOptions = {}) {
      const id = opts.scenario ?? scenarioIds(host.scenarios)[0] ?? 'default';
      const text = host.scenarios[id];
      if (text === undefined) throw new Error(`unknown scenario "${id}"`);
      const seed = opts.seed ?? 1;
      const created = createSimulation({ scenario: text, seed });
      if (!created.ok) throw new Error(`scenario "${id}": ${created.error}`);
      stopCurrent();
      lessonRun = undefined;
      lessonSent = '';
      const sim = created.sim;
      const events = new EventCollector(sim);
      cur = {
        id,
        sim,
        events,
        traffic: startTraffic(sim, { rate: opts.trafficRate ?? DEFAULT_TRAFFIC_RATE }),
        terminal: createTerminalBridge(sim),
        reader: createSession(sim),
      };
      log = new SessionLog(id, seed, cur.traffic.rate);
      for (const p of created.problems) events.note('scenario', p);
      version = 1;
      changeVersion = 1;
      seenChanges = events.changes;
      snapshotDirty = false;
      buffered = [];
      bufferedPackets = 0;
      thinned = 0;
      awaiting = 0;
      lastSnapshotAt = host.now();
      playing = opts.playing ?? true;
      stepTarget = undefined;
      stateChanged = true;
      lastFrame = host.now();
      schedule();
      return snapshotOf(sim, version, { scenarioId: id });
    },

    subscribe(cb) {
      onBatch = cb;
    },

    play() {
      running();
      if (!playing) stateChanged = true;
      playing = true;
      stepTarget = undefined;
      lastFrame = host.now();
    },
    pause() {
      if (playing) stateChanged = true;
      playing = false;
    },
    step(ms = 1000) {
      const r = running();
      if (playing) {
        playing = false;
        stateChanged = true;
      }
      stepTarget = Math.max(stepTarget ?? 0, r.sim.clock.now()) + Math.max(0, ms);
      runStep(host.now() + STEP_BUDGET_MS);
      flush(true);
    },
    setSpeed(s) {
      const next = clampSpeed(s);
      if (next !== speed) stateChanged = true;
      speed = next;
    },
    setTraffic(rate) {
      const r = running();
      finishInstant(r.sim);
      const before = r.traffic.rate;
      r.traffic.setRate(rate);
      if (r.traffic.rate !== before) log?.traffic(r.sim.clock.now(), r.traffic.rate);
    },

    snapshot: () => snapshotNow(),
    chains(node) {
      const r = running();
      syncVersion();
      return chainsOf(r.sim, node, changeVersion);
    },
    packet: (id) => running().events.packet(id),
    objectYaml(resource, namespace, name) {
      const r = running();
      if (!NAME.test(resource) || !NAME.test(name) || (namespace !== '' && !NAME.test(namespace))) return '';
      const out = r.reader.execute(`kubectl get ${resource} ${name}${namespace ? ` -n ${namespace}` : ''} -o yaml`);
      return out.exitCode === 0 ? out.chunks.filter((c) => c.fd === 1).map((c) => c.text).join('') : '';
    },
    chainText: (node, table, chain) => chainText(running().sim, node, table, chain),

    execute(line) {
      const r = running();
      finishInstant(r.sim);
      log?.command(r.sim.clock.now(), line);
      const refusal = lessonRun?.refuse(line);
      if (refusal !== undefined) return { text: refusal, exitCode: 127, prompt: r.terminal.prompt() };
      const out = r.terminal.execute(line);
      lessonRun?.ran(line);
      return out;
    },
    interrupt: () => running().terminal.interrupt(),
    isComplete: (line) => running().terminal.isComplete(line),
    complete: (line, cursor) => running().terminal.complete(line, cursor),
    prompt: () => running().terminal.prompt(),

    lessons: () => lessonSummaries(),
    lesson: (id) => findLesson(id),
    startLesson(id, opts = {}) {
      const lesson = id === undefined ? undefined : findLesson(id);
      if (id !== undefined && !lesson) throw new Error(`unknown lesson "${id}"`);
      // Paused while the setup runs; the learner gets the prompt on the settled cluster.
      api.start({ ...opts, ...(lesson ? { scenario: lesson.scenario, seed: lesson.seed } : {}), playing: false });
      if (lesson) lessonRun = beginLesson(lesson, running().sim);
      playing = opts.playing ?? true;
      lastFrame = host.now();
      stateChanged = true;
      return snapshotNow();
    },
    acknowledgeStep(index) {
      lessonRun?.acknowledge(index);
    },

    history: () => log?.history() ?? [],
    recording() {
      const r = running();
      const rec = log?.recording() ?? { scenario: r.id, seed: 1, trafficRate: r.traffic.rate, commands: [] };
      if (lessonRun) rec.lesson = lessonRun.lesson.id;
      return rec;
    },
    replay(opts) {
      checkEntries(opts.commands);
      const start = { playing: false, trafficRate: opts.trafficRate ?? DEFAULT_TRAFFIC_RATE };
      // A lesson restarts through startLesson (its setup and gate); a link's scenario/seed then
      // are the lesson's own.
      if (opts.lesson !== undefined && typeof api.startLesson === 'function') api.startLesson(opts.lesson, start);
      else api.start({ ...start, scenario: opts.scenario, seed: opts.seed });
      const r = running();
      replayEntries(
        {
          sim: r.sim,
          execute: (line) => api.execute(line),
          interrupt: () => r.terminal.interrupt(),
          setTraffic: (rate) => api.setTraffic(rate),
        },
        opts.commands,
      );
      // What the replayed watches printed is not for the page's terminal (it starts afresh).
      r.terminal.drain();
      playing = opts.playing ?? true;
      lastFrame = host.now();
      stateChanged = true;
      return snapshotNow();
    },

    close() {
      closed = true;
      if (timer !== undefined) host.clearTimer(timer);
      timer = undefined;
      stopCurrent();
    },
  };
  return api;
}

/**
 * `trace --count 1000` makes a thousand traced connections at once: only the newest keep their
 * hops in the batch. Background traffic (a hundred connections a second, each ~180 hops for its
 * whole TCP exchange) keeps the hops of its first packet and the answer to it (SYN, SYN-ACK):
 * all the views draw; the indices stay those of the full list, which `packet(id)` returns.
 */
function lighten(events: SimEvent[]): SimEvent[] {
  let keep = PACKETS_WITH_HOPS_PER_BATCH;
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]!;
    if (e.kind !== 'packet') continue;
    if (keep > 0) {
      keep--;
      if (e.packet.source === 'traffic') {
        const n = firstExchangeLength(e.packet.hops);
        if (n < e.packet.hops.length) events[i] = { ...e, packet: { ...e.packet, hops: e.packet.hops.slice(0, n) } };
      }
    } else events[i] = { ...e, packet: { ...e.packet, hops: [] } };
  }
  return events;
}

/** How many hops the first original packet and the first reply to it take, from the start. */
function firstExchangeLength(hops: HopView[]): number {
  const first = hops[0];
  if (!first) return 0;
  let i = 0;
  while (i < hops.length && hops[i]!.packet === first.packet && hops[i]!.direction === first.direction) i++;
  const reply = hops[i];
  if (!reply || reply.direction === first.direction) return i;
  while (i < hops.length && hops[i]!.packet === reply.packet && hops[i]!.direction === reply.direction) i++;
  return i;
}
