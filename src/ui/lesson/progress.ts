// The learner's progress through the lessons, kept in localStorage under a versioned key
// (`proxyscope.progress.v1`): per lesson, whether it was completed and the furthest step reached.
// Pure: reading gives either the saved progress or an empty one plus a notice saying why the
// saved value was dropped (unreadable JSON, wrong shape) — the page shows the notice, never
// fails on it.

export const PROGRESS_KEY = 'proxyscope.progress.v1';

export interface LessonProgress {
  /** Every step of the lesson passed at least once. */
  completed: boolean;
  /** The furthest step reached (0-based; = number of steps once completed). */
  step: number;
}

export interface Progress {
  version: 1;
  lessons: Record<string, LessonProgress>;
}

export type Loaded = { progress: Progress; notice?: string };

/** What `getItem`/`setItem` need (localStorage, or a Map-backed fake in tests). */
export interface KeyValue {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export const emptyProgress = (): Progress => ({ version: 1, lessons: {} });

export const RESET_NOTICE = 'Your saved lesson progress could not be read and was reset.';

const ID = /^[0-9]{2}-[a-z0-9-]+$/;

function validEntry(v: unknown): v is LessonProgress {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const e = v as Record<string, unknown>;
  return typeof e['completed'] === 'boolean' && typeof e['step'] === 'number' && Number.isInteger(e['step']) && e['step'] >= 0;
}

/** Parses a saved value; undefined (nothing saved) gives empty progress without a notice. */
export function parseProgress(text: string | null | undefined): Loaded {
  if (text === null || text === undefined) return { progress: emptyProgress() };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { progress: emptyProgress(), notice: RESET_NOTICE };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { progress: emptyProgress(), notice: RESET_NOTICE };
  const d = data as Record<string, unknown>;
  const lessons = d['lessons'];
  if (d['version'] !== 1 || typeof lessons !== 'object' || lessons === null || Array.isArray(lessons)) {
    return { progress: emptyProgress(), notice: RESET_NOTICE };
  }
  const out: Record<string, LessonProgress> = {};
  for (const [id, entry] of Object.entries(lessons)) {
    // One bad entry makes the whole value suspect: start over rather than guess.
    if (!ID.test(id) || !validEntry(entry)) return { progress: emptyProgress(), notice: RESET_NOTICE };
    out[id] = { completed: entry.completed, step: entry.step };
  }
  return { progress: { version: 1, lessons: out } };
}

export function serializeProgress(p: Progress): string {
  return JSON.stringify(p);
}

/** Reads the saved progress; storage that throws (blocked) counts as nothing saved. A reset
 *  value is written back at once so the notice shows only once. */
export function loadProgress(store: KeyValue | undefined): Loaded {
  let text: string | null = null;
  try {
    text = store?.getItem(PROGRESS_KEY) ?? null;
  } catch {
    return { progress: emptyProgress() };
  }
  const loaded = parseProgress(text);
  if (loaded.notice) saveProgress(store, loaded.progress);
  return loaded;
}

export function saveProgress(store: KeyValue | undefined, p: Progress): void {
  try {
    store?.setItem(PROGRESS_KEY, serializeProgress(p));
  } catch {
    // storage blocked or full: progress lasts for this page only
  }
}

/** Records that `step` of lesson `id` was reached (never goes back) and whether it is complete. */
export function recordProgress(p: Progress, id: string, step: number, completed: boolean): Progress {
  const was = p.lessons[id];
  const next: LessonProgress = { completed: (was?.completed ?? false) || completed, step: Math.max(was?.step ?? 0, step) };
  if (was && was.completed === next.completed && was.step === next.step) return p;
  return { version: 1, lessons: { ...p.lessons, [id]: next } };
}
