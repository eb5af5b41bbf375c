// The lesson slice's actions (types.ts LessonState): open/close the column, load the index,
// start a lesson or the sandbox (through the bridge: the simulation restarts), Back/Next,
// hints, and chips (typed into the terminal as if the learner typed them). Progress is saved
// to localStorage whenever it changes.
import { restart } from './bridge.ts';
import { useStore } from './store.ts';
import { typeInTerminal } from './terminalBus.ts';
import { awaitsReading, canGoNext, revealHint as reveal, view } from '../lesson/state.ts';
import { saveProgress } from '../lesson/progress.ts';
import type { LessonState } from './types.ts';

function setLesson(patch: Partial<LessonState> | ((l: LessonState) => LessonState)): void {
  useStore.setState((s) => ({ lesson: typeof patch === 'function' ? patch(s.lesson) : { ...s.lesson, ...patch } }));
}

useStore.subscribe((s, prev) => {
  if (s.lesson.progress === prev.lesson.progress) return;
  try {
    saveProgress(globalThis.localStorage, s.lesson.progress);
  } catch {
    // localStorage itself blocked: progress lasts for this page only
  }
});

export function setLessonsOpen(open: boolean): void {
  setLesson({ open });
}

export function toggleLessons(): void {
  setLessonsOpen(!useStore.getState().lesson.open);
}

/** Fetches the lesson index from the worker (once). */
export async function loadLessonIndex(): Promise<void> {
  const { api, lesson } = useStore.getState();
  if (!api || lesson.index.length) return;
  const index = await api.lessons();
  setLesson({ index });
}

/** Starts lesson `id` (its scenario, setup and command gate); undefined: the sandbox. */
export function openLesson(id: string | undefined): Promise<void> {
  return restart({ lesson: id ?? null });
}

/** Shows the lesson index (true; the lesson keeps running until another is picked) or the lesson. */
export function browseLessons(browsing: boolean): void {
  setLesson({ browsing });
}

export function dismissLessonNotice(): void {
  setLesson((l) => {
    const { notice: _n, ...rest } = l;
    return rest;
  });
}

export function viewStep(step: number): void {
  setLesson((l) => view(l, step));
}

/** Next: a step without a check is acknowledged (it counts as read) before moving on. */
export async function nextStep(): Promise<void> {
  const { lesson, api } = useStore.getState();
  if (!canGoNext(lesson)) return;
  if (awaitsReading(lesson)) await api?.acknowledgeStep(lesson.viewing);
  viewStep(lesson.viewing + 1);
}

export function backStep(): void {
  viewStep(useStore.getState().lesson.viewing - 1);
}

export function revealHint(): void {
  setLesson(reveal);
}

/** A chip: the command is typed at the prompt and run, as if typed (the terminal echoes it);
 *  without a terminal on the page, it runs directly. */
export async function runChip(command: string): Promise<void> {
  if (typeInTerminal(command, useStore.getState().terminal.running)) return;
  await useStore.getState().api?.execute(command);
}
