// Lessons as data (content/lessons/FORMAT.md): what the parser produces and what the tracker
// reports. Plain data only — it crosses the worker boundary as it is.

export type CheckSpec =
  | { kind: 'ran'; pattern: string; description?: string }
  | { kind: 'output'; command: string; lines?: number; matches?: string; equals?: string; exitCode: number; description?: string }
  | { kind: 'object'; object: string; namespace: string; path?: string; equals?: string; matches?: string; absent?: boolean; description?: string }
  | { kind: 'count'; resource: string; namespace: string; selector?: string; equals?: number; atLeast?: number; atMost?: number; description?: string }
  | { kind: 'trace'; from: string; to: string; protocol: 'tcp' | 'udp'; reaches: 'ready-pod' | 'refused' | 'timeout' | 'unreachable'; podLabel?: string; description?: string }
  | { kind: 'requests'; from: string; to: string; total: number; reached: number; description?: string };

export interface LessonStep {
  title: string;
  /** Markdown (no raw HTML is ever rendered from it). */
  prose: string;
  chips: string[];
  hints: string[];
  /** All must pass; empty: the step passes when the learner moves on (`acknowledge`). */
  checks: CheckSpec[];
  /** One line per check, for the learner (the check's description or a made-up one). */
  goals: string[];
}

export interface CommandGate {
  allow?: string[];
  disable?: string[];
}

export interface Lesson {
  id: string;
  /** The NN of the file name. */
  number: number;
  title: string;
  summary: string;
  scenario: string;
  seed: number;
  commands?: CommandGate;
  setup: string[];
  solution: string[];
  /** Markdown before the first step. */
  intro: string;
  steps: LessonStep[];
}

export interface LessonSummary {
  id: string;
  number: number;
  title: string;
  summary: string;
  steps: number;
}

export type ParseResult = { ok: true; lesson: Lesson } | { ok: false; errors: string[] };

export interface CheckResult {
  ok: boolean;
  /** Why not, in a sentence for the learner ("found 1 EndpointSlice, want 3"). */
  detail?: string;
}

export interface LessonStatus {
  id: string;
  /** The first step not yet passed (= steps.length when the lesson is complete). */
  current: number;
  passed: boolean[];
  /** The current step's checks, evaluated now (empty when the step has no check). */
  checks: CheckResult[];
  complete: boolean;
}
