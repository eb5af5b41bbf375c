// What the presenter's keys and buttons do: presenter mode on/off, demos (open, next step,
// step back by replaying, auto-advance while the clock plays), speed, slow motion.
import { writeFlag } from '../app/flags.ts';
import { pause, play, setSpeed, SPEEDS, step, useStore } from '../store/index.ts';
import { nextStep as nextLessonStep } from '../store/lesson.ts';
import { typeInTerminal } from '../store/terminalBus.ts';
import { replayInPage } from '../share/replay.ts';
import { findDemo } from './demos.ts';
import { setSlowMotion } from './motion.ts';
import { setPresenter, usePresenter, type DemoRun } from './state.ts';

export function setPresent(present: boolean): void {
  setPresenter({ present, hint: undefined });
  document.documentElement.classList.toggle('ps-present', present);
  writeFlag('mode', present ? 'present' : undefined);
}

export function togglePresent(): void {
  setPresent(!usePresenter.getState().present);
}

export function toggleSlowMotion(): void {
  const slow = !usePresenter.getState().slowMotion;
  setSlowMotion(slow);
  setPresenter({ slowMotion: slow, hint: slow ? 'Slow motion: packets fly 4× slower' : 'Packets at normal speed' });
}

export async function togglePlay(): Promise<void> {
  if (useStore.getState().ui.playing) await pause();
  else await play();
}

/** One notch faster (+1) or slower (−1) on the speed menu. */
export async function nudgeSpeed(dir: 1 | -1): Promise<void> {
  const cur = useStore.getState().ui.speed;
  const i = SPEEDS.findIndex((s) => s >= cur);
  const next = SPEEDS[Math.min(SPEEDS.length - 1, Math.max(0, (i < 0 ? SPEEDS.length - 1 : i) + dir))]!;
  await setSpeed(next);
  setPresenter({ hint: `Speed ${next}×` });
}

function patchDemo(patch: Partial<DemoRun>): void {
  const d = usePresenter.getState().demo;
  if (d) setPresenter({ demo: { ...d, ...patch } });
}

/** Opens a demo: its scenario and seed afresh, paused before the first step, presenter mode on. */
export async function openDemo(id: string): Promise<void> {
  const demo = findDemo(id);
  if (!demo) {
    setPresenter({ banner: { kind: 'error', text: `There is no demo "${id}".` } });
    return;
  }
  setPresent(true);
  setPresenter({ demo: { demo, next: 0, marks: [], lastAt: 0, busy: true }, lastCommand: undefined });
  writeFlag('demo', id);
  try {
    await replayInPage({ scenario: demo.scenario, seed: demo.seed, commands: [], playing: false, trafficRate: useStore.getState().ui.trafficRate });
  } finally {
    patchDemo({ busy: false, lastAt: useStore.getState().sim.now });
  }
}

export function closeDemo(): void {
  setPresenter({ demo: undefined });
  writeFlag('demo', undefined);
}

/** Runs the demo's next step: its command typed in the terminal (or run directly without one). */
export async function demoNext(): Promise<void> {
  const run = usePresenter.getState().demo;
  const api = useStore.getState().api;
  if (!run || run.busy || !api || run.next >= run.demo.steps.length) return;
  const s = run.demo.steps[run.next]!;
  patchDemo({ busy: true });
  try {
    const rec = await api.recording();
    const atMs = useStore.getState().sim.now;
    patchDemo({ next: run.next + 1, marks: [...run.marks, { entries: rec.commands.length, atMs }], lastAt: atMs });
    if (s.run) {
      setPresenter({ lastCommand: s.run });
      if (!typeInTerminal(s.run, useStore.getState().terminal.running)) await api.execute(s.run);
    }
  } finally {
    patchDemo({ busy: false });
  }
}

/** Steps the demo back: replays what ran before the last step, up to the time it ran. */
export async function demoBack(): Promise<void> {
  const run = usePresenter.getState().demo;
  const api = useStore.getState().api;
  if (!run || run.busy || !api) return;
  if (run.next === 0) return setPresenter({ hint: 'Already at the start of the demo' });
  const mark = run.marks[run.next - 1]!;
  patchDemo({ busy: true });
  try {
    const rec = await api.recording();
    await replayInPage({ scenario: rec.scenario, seed: rec.seed, trafficRate: rec.trafficRate, commands: rec.commands.slice(0, mark.entries), playing: false });
    // The clock goes on to where the step ran (replays end at the last command's time).
    const gap = mark.atMs - useStore.getState().sim.now;
    if (gap > 0) await api.step(gap);
    const prev = run.demo.steps[run.next - 2]?.run;
    setPresenter({ lastCommand: prev });
    patchDemo({ next: run.next - 1, marks: run.marks.slice(0, run.next - 1), lastAt: mark.atMs });
  } finally {
    patchDemo({ busy: false });
  }
}

/** While the clock plays in a demo, the next step runs once the last one's waitMs has passed. */
export function startDemoAutoAdvance(): () => void {
  return useStore.subscribe((s, prev) => {
    if (s.sim.now === prev.sim.now || !s.ui.playing) return;
    const run = usePresenter.getState().demo;
    if (!run || run.busy || run.next >= run.demo.steps.length) return;
    const wait = run.next === 0 ? 0 : run.demo.steps[run.next - 1]!.waitMs;
    if (s.sim.now >= run.lastAt + wait) void demoNext();
  });
}

/** N: the next demo step, or the lesson's Next when a lesson is open. */
export async function nextAnything(): Promise<void> {
  if (usePresenter.getState().demo) return demoNext();
  if (useStore.getState().lesson?.lesson) return nextLessonStep();
  setPresenter({ hint: 'N: next step — open a demo or a lesson first' });
}

/** →: a demo's next step; elsewhere one virtual second (paused). */
export async function forward(): Promise<void> {
  if (usePresenter.getState().demo) return demoNext();
  await step();
  setPresenter({ hint: 'Stepped 1 s' });
}

/** ←: a demo's step back; the sandbox has no steps to go back to. */
export async function backward(): Promise<void> {
  if (usePresenter.getState().demo) return demoBack();
  setPresenter({ hint: '← steps back in demos only (pick a demo); the sandbox cannot go back in time' });
}
