// The event list, newest first, virtualised (fixed row height, only visible rows rendered) so
// 2,000 events cost ~30 DOM rows. A listbox: Tab reaches it, arrows/Home/End move the
// selection, a click selects. Rows naming the selected object are marked as related.
import { useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { SimEvent, WorldSnapshot } from '../../engine/view/types.ts';
import { describeEvent, KIND_SHORT } from './filters.ts';
import { formatClock } from './format.ts';
import { objectsOfEvent } from './objectsOfEvent.ts';
import { useSize } from './useSize.ts';

export const ROW_H = 22;
const OVERSCAN = 6;

export interface EventListProps {
  /** Oldest first, as the store keeps them. */
  events: readonly SimEvent[];
  selectedSeq?: number;
  /** An object key ("pod/default/x") or packet id the rows may name. */
  relatedKey?: string;
  relatedPacket?: number;
  /** Resolves endpoint addresses of slice events to pods, for the related marks. */
  snapshot?: WorldSnapshot;
  onPick: (seq: number) => void;
}

export function EventList({ events, selectedSeq, relatedKey, relatedPacket, snapshot, onPick }: EventListProps) {
  const rows = useMemo(() => [...events].reverse(), [events]);
  const box = useRef<HTMLDivElement>(null);
  const { height } = useSize(box, { width: 400, height: 200 });
  const [scrollTop, setScrollTop] = useState(0);

  // New events arrive on top: when the user has scrolled down, keep what they look at in place.
  const newest = useRef<number | undefined>(undefined);
  useLayoutEffect(() => {
    const el = box.current;
    const prevNewest = newest.current;
    newest.current = rows[0]?.seq;
    // (The scroll position from the last scroll event: reading el.scrollTop here would force a
    // layout of the whole page on every batch.)
    if (!el || prevNewest === undefined || scrollTop === 0) return;
    const shift = rows.findIndex((e) => e.seq === prevNewest);
    if (shift > 0) {
      el.scrollTop += shift * ROW_H;
      setScrollTop(el.scrollTop);
    }
  }, [rows]);

  // Bring the selected row into view when the selection changes (from here or elsewhere).
  useEffect(() => {
    const el = box.current;
    if (!el || selectedSeq === undefined) return;
    const i = rows.findIndex((e) => e.seq === selectedSeq);
    if (i < 0) return;
    const top = i * ROW_H;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + ROW_H > el.scrollTop + el.clientHeight) el.scrollTop = top + ROW_H - el.clientHeight;
    // Only on selection change (not on new rows): following every new event would fight the user's scrolling.
  }, [selectedSeq]);

  const first = Math.max(0, Math.floor(scrollTop / ROW_H) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((scrollTop + height) / ROW_H) + OVERSCAN);
  const visible = rows.slice(first, last);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (!rows.length) return;
    const i = selectedSeq === undefined ? -1 : rows.findIndex((r) => r.seq === selectedSeq);
    let next: number | undefined;
    const page = Math.max(1, Math.floor(height / ROW_H) - 1);
    if (e.key === 'ArrowDown') next = Math.min(rows.length - 1, i + 1);
    else if (e.key === 'ArrowUp') next = Math.max(0, i < 0 ? 0 : i - 1);
    else if (e.key === 'PageDown') next = Math.min(rows.length - 1, Math.max(0, i) + page);
    else if (e.key === 'PageUp') next = Math.max(0, i - page);
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = rows.length - 1;
    if (next === undefined) return;
    e.preventDefault();
    onPick(rows[next]!.seq);
  };

  const activeId = selectedSeq !== undefined && visible.some((r) => r.seq === selectedSeq) ? `ps-ev-${selectedSeq}` : undefined;

  return (
    <div
      ref={box}
      className="ps-events"
      role="listbox"
      aria-label="Events, newest first"
      aria-activedescendant={activeId}
      tabIndex={0}
      onKeyDown={onKeyDown}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
    >
      <div className="ps-events__spacer" style={{ height: rows.length * ROW_H }}>
        {visible.map((e, j) => {
          const related =
            (relatedKey !== undefined && objectsOfEvent(e, snapshot).includes(relatedKey)) ||
            (relatedPacket !== undefined && e.kind === 'packet' && e.packet.id === relatedPacket);
          const text = describeEvent(e);
          return (
            <div
              key={e.seq}
              id={`ps-ev-${e.seq}`}
              role="option"
              aria-selected={e.seq === selectedSeq}
              data-testid="event-row"
              data-seq={e.seq}
              data-kind={e.kind}
              data-related={related ? 'true' : undefined}
              className={`ps-events__row${e.seq === selectedSeq ? ' is-selected' : ''}${related ? ' is-related' : ''}`}
              style={{ top: (first + j) * ROW_H, height: ROW_H }}
              onClick={() => onPick(e.seq)}
              title={text}
            >
              <span className="ps-events__time">{formatClock(e.at)}</span>
              <span className={`ps-events__kind ps-kind--${e.kind}`}>{KIND_SHORT[e.kind]}</span>
              <span className="ps-events__text">{text}</span>
            </div>
          );
        })}
      </div>
      {rows.length === 0 && <p className="ps-events__empty">No events match the filters yet.</p>}
    </div>
  );
}
