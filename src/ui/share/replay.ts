// Restarting the page's simulation from a recording (share links, a demo's step back): the
// worker replays, and the page's mirror starts afresh from the snapshot it answers, as a reset.
import type { ReplayOptions } from '../../worker/contract.ts';
import { useStore } from '../store/index.ts';

/** Replays `opts` in the worker; resolves once the store shows the replayed cluster. */
export async function replayInPage(opts: ReplayOptions): Promise<void> {
  const api = useStore.getState().api;
  if (!api) throw new Error('the simulation is not connected');
  const { ui } = useStore.getState();
  const snapshot = await api.replay(opts);
  if (ui.speed !== 1) await api.setSpeed(ui.speed);
  useStore.setState((s) => ({
    sim: { ...s.sim, snapshot, now: snapshot.now, events: [], packets: [], pulses: {}, thinned: undefined, error: undefined },
    ui: {
      ...s.ui,
      scenario: snapshot.scenario.id,
      seed: opts.seed ?? s.ui.seed,
      playing: opts.playing ?? true,
      trafficRate: lastTraffic(opts),
      selection: undefined,
    },
  }));
}

/** The traffic rate after the replay: the last change, else the start's. */
function lastTraffic(opts: ReplayOptions): number {
  let rate = opts.trafficRate ?? useStore.getState().ui.trafficRate;
  for (const e of opts.commands) if ('traffic' in e) rate = e.traffic;
  return rate;
}
