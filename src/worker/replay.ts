// Share links and step-back in demos: what the user did, recorded on the virtual clock, and
// played again on a fresh simulation of the same scenario and seed. The engine is
// deterministic, so the same commands at the same virtual times give the same cluster.
//
// One subtlety makes "the same virtual time" exact: the live run loop may stop in the middle
// of a busy instant (tasks due at the same millisecond spread over several frames). So before a
// recorded action runs live, the rest of the current instant runs first (`finishInstant`), and
// a replay runs every task due up to the action's time before it: both see the same state.

import type { Simulation } from '../engine/simulation.ts';
import type { RecordedCommand, RecordedTraffic, Recording } from './contract.ts';

/** Replays stop here: nothing recorded live reaches it in a session a person sits through, and a
 *  hostile link cannot make the worker simulate for hours (traffic makes every second cost). */
export const MAX_REPLAY_MS = 4 * 3600_000;
export const MAX_REPLAY_ENTRIES = 1000;

export type RecordedEntry = RecordedCommand | RecordedTraffic;

export const isTraffic = (e: RecordedEntry): e is RecordedTraffic => typeof (e as RecordedTraffic).traffic === 'number';

/** Runs what is left of the current instant, so an action sees it whole (live and in replays). */
export function finishInstant(sim: Simulation): void {
  sim.scheduler.runUntil(sim.clock.now());
}

/** The session's log: commands and traffic changes in the order they happened. */
export class SessionLog {
  readonly entries: RecordedEntry[] = [];

  constructor(
    readonly scenario: string,
    readonly seed: number,
    readonly trafficRate: number,
    readonly lesson?: string,
  ) {}

  command(atMs: number, line: string): void {
    // A blank line changes nothing; a share link need not carry it.
    if (line.trim() !== '') this.entries.push({ atMs, line });
  }

  traffic(atMs: number, rate: number): void {
    this.entries.push({ atMs, traffic: rate });
  }

  history(): RecordedCommand[] {
    return this.entries.filter((e): e is RecordedCommand => !isTraffic(e)).map((e) => ({ ...e }));
  }

  recording(): Recording {
    const r: Recording = { scenario: this.scenario, seed: this.seed, trafficRate: this.trafficRate, commands: this.entries.map((e) => ({ ...e })) };
    if (this.lesson !== undefined) r.lesson = this.lesson;
    return r;
  }
}

/** Throws on entries a replay must not run (the page validates links before; this guards the API). */
export function checkEntries(entries: readonly RecordedEntry[]): void {
  if (!Array.isArray(entries)) throw new Error('replay: commands must be a list');
  if (entries.length > MAX_REPLAY_ENTRIES) throw new Error(`replay: more than ${MAX_REPLAY_ENTRIES} commands`);
  let last = 0;
  for (const e of entries) {
    if (!e || typeof e !== 'object' || !Number.isFinite(e.atMs) || e.atMs < 0 || e.atMs > MAX_REPLAY_MS) throw new Error('replay: a command has no valid time');
    if (e.atMs < last) throw new Error('replay: commands are not in time order');
    last = e.atMs;
    if (isTraffic(e)) {
      if (!Number.isFinite(e.traffic) || e.traffic < 0) throw new Error('replay: a traffic rate is not valid');
    } else if (typeof e.line !== 'string') throw new Error('replay: a command is not text');
  }
}

export interface ReplayTarget {
  sim: Simulation;
  execute(line: string): { running?: boolean };
  interrupt(): void;
  setTraffic(rate: number): void;
}

/** Plays `entries` on a fresh simulation: each when the clock reaches its time, nothing settled
 *  in between (as live). A watch (`kubectl get -w`) still running when the next line comes is
 *  interrupted first, as the user did with Ctrl-C; the last one too (the page shows a prompt). */
export function replayEntries(t: ReplayTarget, entries: readonly RecordedEntry[]): void {
  let running = false;
  for (const e of entries) {
    t.sim.scheduler.runUntil(Math.max(e.atMs, t.sim.clock.now()));
    if (isTraffic(e)) {
      t.setTraffic(e.traffic);
      continue;
    }
    if (running) t.interrupt();
    running = t.execute(e.line).running === true;
  }
  if (running) t.interrupt();
}
