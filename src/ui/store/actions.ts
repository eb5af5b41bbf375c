// Everything the page does to the store or the simulation, as plain functions any view can
// import (no hooks needed): `select(…)`, `setView(…)`, `play()`, …
import { writeFlag } from '../app/flags.ts';
import { THEME_KEY, useStore } from './store.ts';
import type { Selection, SimState, Theme, UiState, ViewName } from './types.ts';

function setUi(patch: Partial<UiState>): void {
  useStore.setState((s) => ({ ui: { ...s.ui, ...patch } }));
}

export function setSim(patch: Partial<SimState>): void {
  useStore.setState((s) => ({ sim: { ...s.sim, ...patch } }));
}

/** Selecting anything opens the Inspector; undefined clears it. */
export function select(selection: Selection | undefined): void {
  setUi({ selection });
}

export function setView(view: ViewName): void {
  setUi({ view });
  writeFlag('view', view === 'services' ? undefined : view);
}

export function setNode(node: string): void {
  setUi({ node });
  writeFlag('node', node || undefined);
}

export function setTheme(theme: Theme): void {
  setUi({ theme });
  try {
    localStorage.setItem(THEME_KEY, theme);
  } catch {
    // storage blocked: the choice lasts for this page only
  }
}

export function toggleTheme(): void {
  setTheme(useStore.getState().ui.theme === 'dark' ? 'light' : 'dark');
}

export function toggleExpanded(sliceKey: string): void {
  const { expanded } = useStore.getState().ui;
  setUi({ expanded: expanded.includes(sliceKey) ? expanded.filter((k) => k !== sliceKey) : [...expanded, sliceKey] });
}

export function setShowSystem(showSystem: boolean): void {
  setUi({ showSystem });
}

// ── Clock and traffic: the worker is the authority; batches echo playing/speed back ──────

export async function play(): Promise<void> {
  const { api } = useStore.getState();
  setUi({ playing: true });
  await api?.play();
}

export async function pause(): Promise<void> {
  const { api } = useStore.getState();
  setUi({ playing: false });
  await api?.pause();
}

/** Pauses (if running), then lets one virtual second pass. */
export async function step(ms = 1000): Promise<void> {
  const { api, ui } = useStore.getState();
  if (!api) return;
  if (ui.playing) await pause();
  await api.step(ms);
}

export const SPEEDS = [0.25, 0.5, 1, 2, 4] as const;

export async function setSpeed(speed: number): Promise<void> {
  const clamped = Math.min(4, Math.max(0.25, speed));
  setUi({ speed: clamped });
  await useStore.getState().api?.setSpeed(clamped);
}

export async function setTraffic(rate: number): Promise<void> {
  setUi({ trafficRate: rate });
  await useStore.getState().api?.setTraffic(rate);
}
