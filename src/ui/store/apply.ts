// Applies one worker batch to the sim mirror: a pure function (tested without a worker).
// Snapshot replaces, events append (capped), packets come from 'packet' events, and each
// 'slice' event starts (or extends) that slice's pulse with its endpoint diff.
import type { PageBatch } from '../../worker/contract.ts';
import type { Pulse, SimState } from './types.ts';

export const MAX_EVENTS = 2000;
export const MAX_PACKETS = 200;

function tail<T>(list: T[], max: number): T[] {
  return list.length > max ? list.slice(list.length - max) : list;
}

/** Merges a newer diff into an existing pulse: an endpoint added then removed cancels out. */
function mergeDiff(prev: Pulse | undefined, added: string[], removed: string[], at: number): Pulse {
  if (!prev) return { at, added: [...added], removed: [...removed] };
  const plus = new Set(prev.added);
  const minus = new Set(prev.removed);
  for (const a of added) {
    if (minus.has(a)) minus.delete(a);
    else plus.add(a);
  }
  for (const r of removed) {
    if (plus.has(r)) plus.delete(r);
    else minus.add(r);
  }
  return { at, added: [...plus], removed: [...minus] };
}

/**
 * `realNow` is the page's clock (performance.now()); `fresh` pulses (older than `pulseMs`)
 * are replaced rather than merged, so a diff shows one burst of change.
 * `newestOnly` (animation off, where nothing fades): a batch that writes slices ends the
 * pulses of the slices it did not write, so what pulses is the newest change, not every
 * change since the page opened.
 */
export function applyBatch(sim: SimState, batch: PageBatch, realNow: number, pulseMs: number, newestOnly = false): SimState {
  let pulses = sim.pulses;
  const packets = [];
  const written = new Set<string>();
  for (const e of batch.events) {
    if (e.kind === 'packet') packets.push(e.packet);
    else if (e.kind === 'slice') {
      const key = `${e.namespace}/${e.name}`;
      written.add(key);
      if (pulses === sim.pulses) pulses = { ...sim.pulses };
      if (e.verb === 'delete') {
        delete pulses[key];
        continue;
      }
      const prev = pulses[key];
      const live = prev && realNow - prev.at < pulseMs ? prev : undefined;
      pulses[key] = mergeDiff(live, e.added, e.removed, realNow);
    }
  }
  if (newestOnly && written.size > 0) for (const key of Object.keys(pulses)) if (!written.has(key)) delete pulses[key];
  return {
    ...sim,
    snapshot: batch.snapshot ?? sim.snapshot,
    now: batch.now,
    events: batch.events.length ? tail(sim.events.concat(batch.events), MAX_EVENTS) : sim.events,
    packets: packets.length ? tail(sim.packets.concat(packets), MAX_PACKETS) : sim.packets,
    pulses,
    ...(batch.thinned ? { thinned: (sim.thinned ?? 0) + batch.thinned } : {}),
  };
}

/** Drops pulses older than `pulseMs` (returns the same object when none expired). */
export function expirePulses(pulses: Record<string, Pulse>, realNow: number, pulseMs: number): Record<string, Pulse> {
  let out = pulses;
  for (const [key, p] of Object.entries(pulses)) {
    if (realNow - p.at >= pulseMs) {
      if (out === pulses) out = { ...pulses };
      delete out[key];
    }
  }
  return out;
}
