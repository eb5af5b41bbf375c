// The surface the page talks to. `api.ts` builds it from a simulation (`createSimApi`) and must
// satisfy this interface; `sim.worker.ts` exposes it with comlink; `client.ts` wraps it and falls
// back to running it in the page's own thread where no module Worker can start. Only plain data
// crosses (structured clone); the one callback (`subscribe`) is a comlink proxy.

import type { ChainsSnapshot, PacketView, SimBatch, WorldSnapshot } from '../engine/view/types.ts';

/** A SimBatch as the worker posts it (with the lesson's status while a lesson runs). */
export interface PageBatch extends SimBatch, LessonBatch {
  /** Packet events left out of this batch because the page was behind (the oldest of the wait;
   *  their connections happened, `packet(id)` still has the newest 500). */
  thinned?: number;
}

export interface ScenarioInfo {
  id: string;
  name: string;
  description: string;
}

export interface StartOptions {
  /** A scenario id from `scenarios()`; the default scenario when omitted. */
  scenario?: string;
  seed?: number;
  /** Start with the clock running (default true). */
  playing?: boolean;
  /** Traffic from the `client` pod to `auth-service`, connections per virtual second (0: off). */
  trafficRate?: number;
}

export interface TerminalOutput {
  /** What the terminal prints, stdout and stderr in the order written ("\n" line ends). */
  text: string;
  exitCode: number;
  /** The prompt for the next line (changes inside `ssh`/`docker exec -it`). */
  prompt: string;
  /** Set while a command keeps running (`kubectl get -w`): its further output arrives in
   *  batches (`SimBatch.terminal`) until `interrupt()` (Ctrl-C) ends it. */
  running?: boolean;
}

export interface CompletionView {
  /** Where the replaced word starts in the line. */
  from: number;
  /** Candidates for the word (one: complete it; several: list them / extend to their common prefix). */
  candidates: string[];
}

/** The lesson methods the lessons work implements in api.ts (history/replay: the share work). */
export type LessonRunApi = Pick<LessonApi, 'lessons' | 'lesson' | 'startLesson' | 'acknowledgeStep'>;

export interface SimApi extends LessonRunApi, ShareApi {
  scenarios(): ScenarioInfo[];
  /** (Re)starts the simulation; the previous one is discarded. Resolves to the first snapshot. */
  start(opts: StartOptions): WorldSnapshot;
  /** Called at most once per animation frame with what changed (the worker batches). When
   *  `onBatch` returns a promise, the next batch waits until it settles (backpressure: events
   *  gather meanwhile, the snapshot is taken when the batch goes); `step()` sends regardless. */
  subscribe(onBatch: (batch: PageBatch) => void | Promise<unknown>): void;

  // Clock
  play(): void;
  pause(): void;
  /** Paused: let `ms` of virtual time pass (default 1000), then post a batch. */
  step(ms?: number): void;
  /** 0.25 … 4 (virtual seconds per real second). */
  setSpeed(speed: number): void;
  setTraffic(ratePerSecond: number): void;

  // Views
  snapshot(): WorldSnapshot;
  chains(node: string): ChainsSnapshot;
  packet(id: number): PacketView | undefined;
  /** An API object as `kubectl get -o yaml` prints it ('' when it does not exist). */
  objectYaml(resource: string, namespace: string, name: string): string;
  /** One chain as `iptables-save -t TABLE` would print its lines (declaration and rules, with counters). */
  chainText(node: string, table: string, chain: string): string;

  // Terminal: the engine's own shell (src/engine/session.ts)
  execute(line: string): TerminalOutput;
  /** Ctrl-C: stops a running command (a watch); returns what it printed last. */
  interrupt(): TerminalOutput;
  isComplete(line: string): boolean;
  complete(line: string, cursor: number): CompletionView;
  prompt(): string;
}

/** `SimApi` as the page holds it: every method answers asynchronously (worker or not). */
export type AsyncSimApi = {
  [K in keyof SimApi]: SimApi[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never;
};

/** What `connectSim()` in `client.ts` resolves to. */
export interface SimClient {
  api: AsyncSimApi;
  /** Where the engine runs: a module Worker, or this thread when no Worker could start. */
  mode: 'worker' | 'in-thread';
  /** Ends the worker (or the in-thread loop). */
  close(): void;
}

// ---- Lessons, share links (issue 6). Implemented in api.ts by the lessons work. ----

/** A command typed in the session, with the virtual time it ran at (ms since the simulation started). */
export interface RecordedCommand {
  atMs: number;
  line: string;
}

export interface LessonApi {
  lessons(): import('../engine/lessons/types.ts').LessonSummary[];
  lesson(id: string): import('../engine/lessons/types.ts').Lesson | undefined;
  /** Restarts the simulation as the lesson says (scenario, seed, setup, command gating) and
   *  reports its status in every later batch (`LessonBatch.lesson`). Undefined id: leave the lesson (sandbox). */
  startLesson(id: string | undefined, opts?: { playing?: boolean; trafficRate?: number }): import('../engine/view/types.ts').WorldSnapshot;
  /** The learner read a step without a check and moved on. */
  acknowledgeStep(index: number): void;
  /** What the learner typed since start (for share links). */
  history(): RecordedCommand[];
  /** Restarts (scenario, seed) and replays the commands at their recorded virtual times. */
  replay(opts: ReplayOptions): import('../engine/view/types.ts').WorldSnapshot;
}

// ---- Share links (src/worker/replay.ts, src/ui/share) ----

/** The traffic rate set at a virtual time (the toggle; the first entry is the start's rate). */
export interface RecordedTraffic {
  atMs: number;
  traffic: number;
}

export interface ReplayOptions {
  scenario?: string;
  seed?: number;
  lesson?: string;
  /** Commands and traffic changes in the order they happened (atMs never decreasing). */
  commands: (RecordedCommand | RecordedTraffic)[];
  /** The traffic rate at the start (default: the default rate). */
  trafficRate?: number;
  /** Start the clock after the replay (default true). */
  playing?: boolean;
}

export interface ShareApi {
  history(): RecordedCommand[];
  replay(opts: ReplayOptions): import('../engine/view/types.ts').WorldSnapshot;
  /** Everything a replay needs: the scenario, seed and lesson run now, the start's traffic rate,
   *  and commands and traffic changes in order. */
  recording(): Recording;
}

export interface Recording {
  scenario: string;
  seed: number;
  lesson?: string;
  trafficRate: number;
  commands: (RecordedCommand | RecordedTraffic)[];
}

export interface LessonBatch {
  lesson?: import('../engine/lessons/types.ts').LessonStatus;
}
