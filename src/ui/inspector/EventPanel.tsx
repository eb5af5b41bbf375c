// One event of the timeline: its fields, and the objects it names (each opens in the Inspector;
// the views highlight them while the event is selected).
import type { ReactNode } from 'react';
import type { SimEvent } from '../../engine/view/types.ts';
import { select, useStore } from '../store/index.ts';
import { KIND_LABEL } from '../timeline/filters.ts';
import { formatBytes, formatClock } from '../timeline/format.ts';
import { objectsOfEvent } from '../timeline/objectsOfEvent.ts';
import { PacketSummary } from './PacketPanel.tsx';
import { keyToSelection } from './selection.ts';

function list(items: readonly string[]): string {
  return items.length ? items.join(', ') : '—';
}

/** The event's own fields as label/value rows. */
function fields(e: SimEvent): [string, ReactNode][] {
  switch (e.kind) {
    case 'write':
      return [
        ['Verb', e.verb],
        ['Resource', e.resource],
        ['Object', `${e.namespace ? `${e.namespace}/` : ''}${e.name}`],
        ['Bytes', `${e.bytes} (${formatBytes(e.bytes)})`],
        ['Actor', e.actor],
      ];
    case 'pod':
      return [
        ['Pod', `${e.namespace}/${e.name}`],
        ['Phase', e.phase],
        ['Node', e.node ?? '—'],
        ...(e.detail ? ([['Detail', e.detail]] as [string, ReactNode][]) : []),
      ];
    case 'slice':
      return [
        ['Verb', e.verb],
        ['EndpointSlice', `${e.namespace}/${e.name}`],
        ['Service', e.service ?? '—'],
        ['Added', list(e.added)],
        ['Removed', list(e.removed)],
        ['Bytes', `${e.bytes} (${formatBytes(e.bytes)})`],
      ];
    case 'sync':
      return [
        ['Node', e.sync.node],
        ['Kind', `${e.sync.full ? 'full' : 'partial'} sync${e.sync.ok ? '' : ' (failed)'}`],
        ['Rules', String(e.sync.rules)],
        ['Services written', list(e.sync.servicesWritten)],
        ['Chains written', list(e.sync.chainsWritten)],
        ['Chains deleted', list(e.sync.chainsDeleted)],
      ];
    case 'packet':
      return [];
    case 'note':
      return [
        ['Source', e.source],
        ['Message', e.message],
      ];
  }
}

export function EventPanel({ seq }: { seq: number }) {
  const event = useStore((s) => s.sim.events.find((e) => e.seq === seq));
  const snapshot = useStore((s) => s.sim.snapshot);
  if (!event) return <p className="ps-inspector__hint">Event #{seq} is no longer in the list.</p>;
  const objects = objectsOfEvent(event, snapshot);
  return (
    <>
      <section className="ps-inspector__section" aria-label="Event">
        <dl className="ps-inspector__facts" data-testid="inspector-event">
          {([['Kind', KIND_LABEL[event.kind]], ['Seq', String(event.seq)], ['Time', formatClock(event.at)], ...fields(event)] as [string, ReactNode][]).map(([k, v]) => (
            <div key={k} className="ps-inspector__fact">
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
        {event.kind === 'packet' && (
          <>
            <PacketSummary p={event.packet} />
            <button type="button" className="ps-button" onClick={() => select({ kind: 'packet', id: event.packet.id })}>
              Show its {event.packet.hops.length} hops
            </button>
          </>
        )}
      </section>
      {objects.length > 0 && (
        <section className="ps-inspector__section" aria-label="Objects involved">
          <h3 className="ps-inspector__h3">Objects involved ({objects.length})</h3>
          <ul className="ps-inspector__objects">
            {objects.map((k) => {
              const sel = keyToSelection(k);
              return (
                <li key={k}>
                  {sel ? (
                    <button type="button" className="ps-link" onClick={() => select(sel)}>
                      {k}
                    </button>
                  ) : (
                    k
                  )}
                </li>
              );
            })}
          </ul>
        </section>
      )}
    </>
  );
}
