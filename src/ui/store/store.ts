// The one zustand store (CONTRACTS.md "Store"): slices sim (written only by the bridge), ui,
// terminal, and the api client.
import { create } from 'zustand';
import { currentFlags } from '../app/flags.ts';
import { initialLessonState } from '../lesson/state.ts';
import { loadProgress } from '../lesson/progress.ts';
import type { StoreState, Theme, UiState } from './types.ts';

export const THEME_KEY = 'proxyscope.theme';

function initialTheme(): Theme {
  try {
    const saved = globalThis.localStorage?.getItem(THEME_KEY);
    if (saved === 'light' || saved === 'dark') return saved;
  } catch {
    // storage blocked (private mode): fall through to the system preference
  }
  return globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

function storage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined; // blocked (some private modes throw on access)
  }
}

export function initialUi(): UiState {
  const f = currentFlags();
  return {
    view: f.view,
    node: f.node ?? '',
    theme: initialTheme(),
    animate: f.animate,
    playing: true,
    speed: 1,
    trafficRate: f.traffic,
    scenario: f.scenario,
    seed: f.seed,
    expanded: [],
    showSystem: false,
  };
}

export const useStore = create<StoreState>()(() => ({
  sim: { events: [], packets: [], pulses: {}, now: 0, scenarios: [] },
  ui: initialUi(),
  terminal: { prompt: '', running: false },
  lesson: initialLessonState(loadProgress(storage()), currentFlags().lesson !== undefined),
  api: undefined,
}));

export type Store = typeof useStore;
