// The page's store shape (CONTRACTS.md "Store"): the sim mirror (written only by the bridge),
// the UI state, and the terminal's state. Plain data only; actions live in actions.ts.
import type { PacketView, SimEvent, WorldSnapshot } from '../../engine/view/types.ts';
import type { AsyncSimApi, ScenarioInfo } from '../../worker/contract.ts';
import type { Lesson, LessonStatus, LessonSummary } from '../../engine/lessons/types.ts';
import type { Progress } from '../lesson/progress.ts';

/** What the Inspector shows; selecting an event highlights the objects it names. */
export type Selection =
  | { kind: 'object'; resource: string; namespace: string; name: string }
  | { kind: 'chain'; node: string; table: string; chain: string }
  | { kind: 'packet'; id: number }
  | { kind: 'event'; seq: number };

export interface Pulse {
  /** performance.now() when the slice last changed (real time: pulses fade in real time). */
  at: number;
  added: string[];
  removed: string[];
}

export interface SimState {
  snapshot?: WorldSnapshot;
  /** Newest last, capped at MAX_EVENTS. */
  events: SimEvent[];
  /** In flight / recent, newest last, capped at MAX_PACKETS. */
  packets: PacketView[];
  /** Keyed by slice "ns/name". */
  pulses: Record<string, Pulse>;
  /** Packet events the worker left out because the page was behind (since the start). */
  thinned?: number;
  /** Virtual time of the last batch. */
  now: number;
  /** The scenarios the worker offers (for the picker). */
  scenarios: ScenarioInfo[];
  /** Where the engine runs, once connected. */
  mode?: 'worker' | 'in-thread';
  /** A start failure the page shows instead of the views. */
  error?: string;
}

export type ViewName = 'services' | 'chains';
export type Theme = 'light' | 'dark';

export interface UiState {
  view: ViewName;
  /** The node the Chains view shows. */
  node: string;
  selection?: Selection;
  theme: Theme;
  /** false with ?animate=0: dots jump to their last hop, pulses do not fade. */
  animate: boolean;
  playing: boolean;
  speed: number;
  /** Connections per virtual second from the client pod to auth-service (0: off). */
  trafficRate: number;
  /** The scenario and seed running now (the reset button restarts these). */
  scenario?: string;
  seed: number;
  /** Services view: slices ("ns/name") the user expanded past the collapse threshold. */
  expanded: string[];
  /** Services view: also show kube-system Services and pods. */
  showSystem: boolean;
}

export interface TerminalState {
  /** The prompt for the next line. */
  prompt: string;
  /** A command (kubectl get -w) is still printing. */
  running: boolean;
}

/** The lesson slice (src/ui/store/lesson.ts): the index, the lesson running, progress. */
export interface LessonState {
  /** The lessons the worker has (api.lessons()), once loaded. */
  index: LessonSummary[];
  /** The lesson column is shown. */
  open: boolean;
  /** The column shows the index (always so in the sandbox) rather than the lesson. */
  browsing: boolean;
  /** The lesson running in the simulation (with its status from the batches); none: the sandbox. */
  lesson?: Lesson;
  status?: LessonStatus;
  /** The step the panel shows (Back / Next). */
  viewing: number;
  /** Hints revealed on the step shown. */
  hints: number;
  /** Saved in localStorage (proxyscope.progress.v1). */
  progress: Progress;
  /** Said once to the learner (saved progress was unreadable and reset; a lesson failed to start). */
  notice?: string;
}

export interface StoreState {
  sim: SimState;
  ui: UiState;
  terminal: TerminalState;
  lesson: LessonState;
  /** The worker (or in-thread) API; undefined until connected. */
  api?: AsyncSimApi;
}
