// Event kinds the timeline can show, their labels, the filter over them, and a one-line
// summary of each event for the list. Pure.
import type { SimEvent, SimEventKind } from '../../engine/view/types.ts';
import { formatBytes } from './format.ts';

export const EVENT_KINDS: readonly SimEventKind[] = ['pod', 'slice', 'sync', 'packet', 'write', 'note'];

export const KIND_LABEL: Record<SimEventKind, string> = {
  pod: 'Pods',
  slice: 'Slice writes',
  sync: 'kube-proxy syncs',
  packet: 'Packets',
  write: 'API writes',
  note: 'Notes',
};

/** Filter checkbox labels (the full label is their tooltip). */
export const FILTER_LABEL: Record<SimEventKind, string> = { pod: 'Pods', slice: 'Slices', sync: 'Syncs', packet: 'Packets', write: 'Writes', note: 'Notes' };

/** Badge text in the list and lane labels in the strip. */
export const KIND_SHORT: Record<SimEventKind, string> = { pod: 'pod', slice: 'slice', sync: 'sync', packet: 'pkt', write: 'write', note: 'note' };

export type KindFilter = Record<SimEventKind, boolean>;

/** Everything on. */
export const DEFAULT_FILTER: KindFilter = { pod: true, slice: true, sync: true, packet: true, write: true, note: true };

export function toggleKind(filter: KindFilter, kind: SimEventKind): KindFilter {
  return { ...filter, [kind]: !filter[kind] };
}

/** The events the filter lets through, in their order. */
export function filterEvents(events: readonly SimEvent[], filter: KindFilter): SimEvent[] {
  return events.filter((e) => filter[e.kind]);
}

/** How many events of each kind there are (for the filter labels). */
export function countKinds(events: readonly SimEvent[]): Record<SimEventKind, number> {
  const n: Record<SimEventKind, number> = { pod: 0, slice: 0, sync: 0, packet: 0, write: 0, note: 0 };
  for (const e of events) n[e.kind]++;
  return n;
}

function diffText(added: readonly string[], removed: readonly string[]): string {
  const parts: string[] = [];
  if (added.length) parts.push(`+${added.length}`);
  if (removed.length) parts.push(`−${removed.length}`);
  return parts.length ? ` ${parts.join(' ')}` : '';
}

/** One line for the event list. */
export function describeEvent(e: SimEvent): string {
  switch (e.kind) {
    case 'write':
      return `${e.verb} ${e.resource} ${e.namespace ? `${e.namespace}/` : ''}${e.name} (${formatBytes(e.bytes)}) by ${e.actor}`;
    case 'pod':
      return `pod ${e.namespace}/${e.name} ${e.phase}${e.node ? ` on ${e.node}` : ''}${e.detail ? ` — ${e.detail}` : ''}`;
    case 'slice':
      return `${e.verb} EndpointSlice ${e.namespace}/${e.name}${diffText(e.added, e.removed)} (${formatBytes(e.bytes)})`;
    case 'sync': {
      const s = e.sync;
      return `kube-proxy ${s.node}: ${s.full ? 'full' : 'partial'} sync${s.ok ? '' : ' FAILED'}, ${s.chainsWritten.length} chains written, ${s.rules} rules`;
    }
    case 'packet': {
      const p = e.packet;
      const dest = p.destination ? ` → ${p.destination.pod ?? `${p.destination.ip}:${p.destination.port}`}` : '';
      return `${p.proto} ${p.from} → ${p.to}${dest}: ${p.outcome}`;
    }
    case 'note':
      return `${e.source}: ${e.message}`;
  }
}
