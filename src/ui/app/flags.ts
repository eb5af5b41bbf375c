// URL flags (CONTRACTS.md "URL flags"): ?animate=0, ?scenario=ID&seed=N, ?view=chains&node=…,
// ?traffic=N, ?test=1, ?lesson=NN-slug. Parsed once at start; the page writes scenario/view/node back with
// history.replaceState so a reload shows the same thing.
import type { ViewName } from '../store/types.ts';

export interface Flags {
  animate: boolean;
  scenario?: string;
  seed: number;
  view: ViewName;
  node?: string;
  /** Connections per virtual second (default 2; 0 off). */
  traffic: number;
  test: boolean;
  /** ?lesson=05-scale-to-250: open that lesson (content/lessons/NN-slug.md). */
  lesson?: string;
}

export const DEFAULT_TRAFFIC = 2;

function num(v: string | null, fallback: number): number {
  if (v === null || v.trim() === '') return fallback;
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? n : fallback;
}

export function parseFlags(search: string): Flags {
  const q = new URLSearchParams(search);
  return {
    animate: q.get('animate') !== '0' && q.get('animate') !== 'false',
    scenario: q.get('scenario') || undefined,
    seed: Math.floor(num(q.get('seed'), 1)),
    view: q.get('view') === 'chains' ? 'chains' : 'services',
    node: q.get('node') || undefined,
    traffic: num(q.get('traffic'), DEFAULT_TRAFFIC),
    test: q.get('test') === '1' || q.get('test') === 'true',
    lesson: /^[0-9]{2}-[a-z0-9-]+$/.test(q.get('lesson') ?? '') ? q.get('lesson')! : undefined,
  };
}

export function currentFlags(): Flags {
  return parseFlags(typeof location === 'undefined' ? '' : location.search);
}

/** Writes (or removes, with undefined) one URL parameter without a navigation. */
export function writeFlag(name: string, value: string | undefined): void {
  if (typeof location === 'undefined' || typeof history === 'undefined') return;
  const url = new URL(location.href);
  if (value === undefined) url.searchParams.delete(name);
  else url.searchParams.set(name, value);
  history.replaceState(history.state, '', url);
}
