// Timeline / event list: filters per kind, the d3 time strip and the virtualised list.
// Selecting an event sets the store selection {kind:'event', seq}: the Inspector shows it and
// the views highlight objectsOfEvent(event). When an object, chain or packet is selected
// elsewhere, the rows that name it are marked.
import { useMemo, useState } from 'react';
import { select, useStore, useThrottledStore } from '../store/index.ts';
import { selectionKey } from '../inspector/selection.ts';
import { countKinds, DEFAULT_FILTER, EVENT_KINDS, FILTER_LABEL, filterEvents, KIND_LABEL, toggleKind, type KindFilter } from './filters.ts';
import { EventList } from './EventList.tsx';
import { TimelineStrip } from './TimelineStrip.tsx';
import './timeline.css';

export function Timeline() {
  // Throttled (≤ 5 updates a second): with traffic a batch lands every frame, and the list,
  // the strip and the counts need not follow each one. The selection follows at once.
  const events = useThrottledStore((s) => s.sim.events);
  // Whole virtual seconds: the strip's right edge moves once a second, not every frame.
  const nowSec = useThrottledStore((s) => Math.ceil(s.sim.now / 1000));
  const selection = useStore((s) => s.ui.selection);
  const snapshot = useThrottledStore((s) => s.sim.snapshot);
  const [filter, setFilter] = useState<KindFilter>(DEFAULT_FILTER);

  const shown = useMemo(() => filterEvents(events, filter), [events, filter]);
  const counts = useMemo(() => countKinds(events), [events]);
  const kinds = useMemo(() => EVENT_KINDS.filter((k) => filter[k]), [filter]);
  const selectedSeq = selection?.kind === 'event' ? selection.seq : undefined;
  const pick = (seq: number) => select({ kind: 'event', seq });

  return (
    <section className="ps-timeline" data-testid="timeline" aria-label="Timeline">
      <header className="ps-timeline__head">
        <h2 className="ps-timeline__title">Events</h2>
        <span className="ps-timeline__shown" title="shown / kept (the newest 2,000)">
          {shown.length}/{events.length}
        </span>
        <fieldset className="ps-timeline__filters">
          <legend className="ps-visually-hidden">Show event kinds</legend>
          {EVENT_KINDS.map((k) => (
            <label key={k} className={`ps-timeline__filter ps-kind--${k}`} title={KIND_LABEL[k]}>
              <input type="checkbox" data-testid={`timeline-filter-${k}`} checked={filter[k]} onChange={() => setFilter((f) => toggleKind(f, k))} />
              <span className="ps-timeline__swatch" aria-hidden="true" />
              {FILTER_LABEL[k]} <span className="ps-timeline__count">{counts[k]}</span>
            </label>
          ))}
        </fieldset>
      </header>
      <TimelineStrip events={shown} kinds={kinds} now={nowSec * 1000} selectedSeq={selectedSeq} onPick={pick} />
      <EventList
        events={shown}
        selectedSeq={selectedSeq}
        relatedKey={selectionKey(selection)}
        relatedPacket={selection?.kind === 'packet' ? selection.id : undefined}
        snapshot={snapshot}
        onPick={pick}
      />
    </section>
  );
}
