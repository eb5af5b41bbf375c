// Opening the page from a share link (`?share=…`): validate strictly (link.ts), then replay in
// the worker. A damaged or hostile link never reaches the worker: a banner says why and the
// default scenario runs. Also `?mode=present` and `?demo=ID`.
import { started } from '../lesson/state.ts';
import { setPresenter } from '../presenter/state.ts';
import { openDemo, setPresent } from '../presenter/actions.ts';
import { DEMOS } from '../presenter/demos.ts';
import { restart } from '../store/bridge.ts';
import { useStore } from '../store/index.ts';
import { decodeSession, PARAM, type SharedSession } from './link.ts';
import { replayInPage } from './replay.ts';

async function lessonIds(): Promise<string[] | undefined> {
  const api = useStore.getState().api as { lessons?: () => Promise<{ id: string }[]> } | undefined;
  if (typeof api?.lessons !== 'function') return undefined;
  try {
    return (await api.lessons()).map((l) => l.id);
  } catch {
    return undefined;
  }
}

async function replayShared(s: SharedSession): Promise<void> {
  const lesson = s.mode.kind === 'lesson' ? s.mode.id : undefined;
  await replayInPage({ scenario: s.scenario, seed: s.seed, lesson, trafficRate: s.traffic, commands: s.commands, playing: true });
  if (lesson) {
    // The lesson column follows the lesson the worker runs now (when the lessons work is there).
    const api = useStore.getState().api!;
    const found = await api.lesson(lesson);
    useStore.setState((st) => ({ lesson: started(st.lesson, found) }));
  }
  if (s.mode.kind !== 'sandbox') setPresent(s.mode.kind === 'present' || s.mode.kind === 'demo');
  const n = s.commands.filter((c) => 'line' in c).length;
  setPresenter({ banner: { kind: 'info', text: `Replayed a shared session: ${s.scenario}, seed ${s.seed}, ${n} command${n === 1 ? '' : 's'}.` } });
}

/** Runs once the first simulation is up: the URL's share link, demo or presenter mode. */
export async function openFromUrl(search: string): Promise<void> {
  const q = new URLSearchParams(search);
  if (q.get('mode') === 'present') setPresent(true);
  const param = q.get(PARAM);
  if (param !== null) {
    const out = decodeSession(param, { scenarios: useStore.getState().sim.scenarios.map((s) => s.id), lessons: await lessonIds(), demos: DEMOS.map((d) => d.id) });
    if (!out.ok) {
      setPresenter({ banner: { kind: 'error', text: `This share link cannot be opened: ${out.error}. The default scenario runs instead.` } });
      await restart({ scenario: useStore.getState().sim.scenarios[0]?.id ?? 'default', seed: 1 });
      return;
    }
    try {
      await replayShared(out.session);
    } catch (e) {
      setPresenter({ banner: { kind: 'error', text: `This share link could not be replayed: ${e instanceof Error ? e.message : String(e)}. The default scenario runs instead.` } });
      await restart({ scenario: useStore.getState().sim.scenarios[0]?.id ?? 'default', seed: 1 });
    }
    return;
  }
  const demo = q.get('demo');
  if (demo !== null) await openDemo(demo);
}
