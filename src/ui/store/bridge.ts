// The bridge: the only writer of the sim slice. It connects to the worker (or the in-thread
// fallback), starts the scenario from the URL flags, and applies every batch to the store.
import { connectSim } from '../../worker/client.ts';
import type { WorldSnapshot } from '../../engine/view/types.ts';
import type { PageBatch, SimClient } from '../../worker/contract.ts';
import { currentFlags, writeFlag } from '../app/flags.ts';
import { started, withStatus } from '../lesson/state.ts';
import { applyBatch, expirePulses } from './apply.ts';
import { useStore } from './store.ts';
import { emitTerminalOutput } from './terminalBus.ts';

/** How long a changed slice pulses (real ms; with ?animate=0 pulses stay until the next change). */
export const PULSE_MS = 4000;

let client: SimClient | undefined;
let pulseTimer: ReturnType<typeof setTimeout> | undefined;
/** Batches of a simulation being replaced are dropped until start() answers. */
let restarting = false;

/** With no frames (a hidden tab), a batch counts as shown after this long. */
const ACK_WITHOUT_FRAME_MS = 250;
let shown: Promise<void> | undefined;

/** Resolves once the page has painted what is in the store now: after the next animation frame
 *  (and the paint that follows it). All batches applied before that frame share it. */
function afterPaint(): Promise<void> {
  if (shown) return shown;
  const p = new Promise<void>((resolve) => {
    let settled = false;
    const done = () => {
      if (settled) return;
      settled = true;
      clearTimeout(fallback);
      if (shown === p) shown = undefined;
      resolve();
    };
    const fallback = setTimeout(done, ACK_WITHOUT_FRAME_MS);
    requestAnimationFrame(() => setTimeout(done, 0));
  });
  shown = p;
  return p;
}

/** Applies one batch; the promise tells the worker the page is ready for the next (backpressure). */
function onBatch(batch: PageBatch): Promise<void> {
  if (restarting) return Promise.resolve();
  const now = performance.now();
  useStore.setState((s) => {
    const sim = applyBatch(s.sim, batch, now, PULSE_MS, !s.ui.animate);
    const ui = s.ui.playing === batch.playing && s.ui.speed === batch.speed ? s.ui : { ...s.ui, playing: batch.playing, speed: batch.speed };
    const terminal = batch.terminal ? { prompt: batch.terminal.prompt, running: batch.terminal.running } : s.terminal;
    return { sim, ui, terminal, lesson: withStatus(s.lesson, batch.lesson) };
  });
  if (batch.terminal) emitTerminalOutput(batch.terminal);
  if (batch.events.some((e) => e.kind === 'slice')) schedulePulseExpiry();
  return afterPaint();
}

function schedulePulseExpiry(): void {
  if (!useStore.getState().ui.animate) return;
  clearTimeout(pulseTimer);
  pulseTimer = setTimeout(function tick() {
    const { pulses } = useStore.getState().sim;
    const next = expirePulses(pulses, performance.now(), PULSE_MS);
    if (next !== pulses) useStore.setState((s) => ({ sim: { ...s.sim, pulses: next } }));
    if (Object.keys(next).length) pulseTimer = setTimeout(tick, 250);
  }, PULSE_MS);
}

/** The node the Chains view opens on: the URL's, else the client pod's, else the first worker. */
function pickNode(current: string, snap: WorldSnapshot): string {
  if (current && snap.nodes.some((n) => n.name === current)) return current;
  const client = snap.pods.find((p) => p.name === 'client' && p.node);
  return client?.node ?? snap.nodes.find((n) => !n.roles.includes('control-plane'))?.name ?? snap.nodes[0]?.name ?? '';
}

function fail(err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  useStore.setState((s) => ({ sim: { ...s.sim, error: message } }));
  console.warn('Proxyscope: the simulation could not start:', message);
}

/** (Re)starts the simulation: the running one (reset) or another scenario/seed. Inside a
 *  lesson a reset restarts the lesson; another scenario or seed leaves it. `lesson`: start
 *  that lesson (null: the sandbox, every command enabled). */
export async function restart(opts: { scenario?: string; seed?: number; lesson?: string | null } = {}): Promise<void> {
  const api = useStore.getState().api;
  if (!api) return;
  const { ui, lesson } = useStore.getState();
  if (opts.lesson !== undefined) return restartLesson(opts.lesson ?? undefined);
  if (lesson.lesson) {
    if (opts.scenario === undefined && opts.seed === undefined) return restartLesson(lesson.lesson.id);
    useStore.setState((s) => ({ lesson: started(s.lesson, undefined) }));
    writeFlag('lesson', undefined);
  }
  const scenario = opts.scenario ?? ui.scenario;
  const seed = opts.seed ?? ui.seed;
  restarting = true;
  try {
    const snapshot = await api.start({ scenario, seed, playing: ui.playing, trafficRate: ui.trafficRate });
    if (ui.speed !== 1) await api.setSpeed(ui.speed);
    useStore.setState((s) => ({
      sim: { ...s.sim, snapshot, now: snapshot.now, events: [], packets: [], pulses: {}, thinned: undefined, error: undefined },
      ui: { ...s.ui, scenario: snapshot.scenario.id, seed, node: pickNode(s.ui.node, snapshot), selection: undefined },
    }));
    if (opts.scenario !== undefined) writeFlag('scenario', opts.scenario);
    if (opts.seed !== undefined) writeFlag('seed', String(opts.seed));
  } catch (err) {
    fail(err);
  } finally {
    restarting = false;
  }
}

/** Starts a lesson (its scenario, seed, setup and command gate), or the sandbox (undefined). */
async function restartLesson(id: string | undefined): Promise<void> {
  const api = useStore.getState().api!;
  const { ui } = useStore.getState();
  restarting = true;
  try {
    const lesson = id === undefined ? undefined : await api.lesson(id);
    if (id !== undefined && !lesson) useStore.setState((s) => ({ lesson: { ...s.lesson, notice: `There is no lesson "${id}": here is the sandbox.` } }));
    // Virtual time goes back to 0 first, so the terminal sees a restart even when the setup
    // left the clock ahead of where it was.
    useStore.setState((s) => ({ sim: { ...s.sim, now: 0 } }));
    const snapshot = await api.startLesson(lesson?.id, { playing: ui.playing, trafficRate: ui.trafficRate });
    if (ui.speed !== 1) await api.setSpeed(ui.speed);
    useStore.setState((s) => ({
      sim: { ...s.sim, snapshot, now: snapshot.now, events: [], packets: [], pulses: {}, thinned: undefined, error: undefined },
      ui: { ...s.ui, scenario: snapshot.scenario.id, seed: lesson?.seed ?? 1, node: pickNode(s.ui.node, snapshot), selection: undefined },
      lesson: { ...started(s.lesson, lesson), open: true },
    }));
    writeFlag('lesson', lesson?.id);
  } catch (err) {
    fail(err);
  } finally {
    restarting = false;
  }
}

/** Connects, subscribes, starts. Resolves once the first snapshot is in the store. */
export async function startBridge(): Promise<void> {
  try {
    client = await connectSim();
  } catch (err) {
    fail(err);
    return;
  }
  const { api } = client;
  useStore.setState((s) => ({ api, sim: { ...s.sim, mode: client!.mode } }));
  try {
    await api.subscribe(onBatch);
    const scenarios = await api.scenarios();
    useStore.setState((s) => ({ sim: { ...s.sim, scenarios } }));
  } catch (err) {
    fail(err);
    return;
  }
  const lesson = currentFlags().lesson;
  await restart(lesson ? { lesson } : {});
}

export function stopBridge(): void {
  clearTimeout(pulseTimer);
  client?.close();
  client = undefined;
  useStore.setState({ api: undefined });
}
