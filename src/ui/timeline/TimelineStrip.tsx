// The d3 time strip: one lane per shown event kind, a mark per event at its virtual time, the
// selected event emphasised. Clicking near a mark selects that event (the list is the keyboard path).
import { useEffect, useMemo, useRef, type MouseEvent } from 'react';
import { axisBottom } from 'd3-axis';
import { scaleLinear } from 'd3-scale';
import { select as d3select, type Selection } from 'd3-selection';
import type { SimEvent, SimEventKind } from '../../engine/view/types.ts';
import { EVENT_KINDS, KIND_LABEL, KIND_SHORT } from './filters.ts';
import { formatAxisTime } from './format.ts';
import { useSize } from './useSize.ts';

const LANE_H = 9;
const LABEL_W = 44;
const AXIS_H = 18;
const PAD_R = 10;

export interface StripProps {
  events: readonly SimEvent[];
  kinds: readonly SimEventKind[];
  /** Virtual now: the strip's right edge. */
  now: number;
  selectedSeq?: number;
  onPick: (seq: number) => void;
}

export function TimelineStrip({ events, kinds, now, selectedSeq, onPick }: StripProps) {
  const box = useRef<HTMLDivElement>(null);
  const { width } = useSize(box, { width: 600, height: 80 });
  const lanes = EVENT_KINDS.filter((k) => kinds.includes(k));
  const height = lanes.length * LANE_H + AXIS_H + 4;
  // Whole virtual seconds, like the right edge: the scale changes once a second, not per batch.
  const t0 = Math.floor((events[0]?.at ?? 0) / 1000) * 1000;
  const t1 = Math.max(now, events[events.length - 1]?.at ?? 0, t0 + 1000);
  const x = useMemo(() => scaleLinear().domain([t0, t1]).range([LABEL_W, Math.max(LABEL_W + 20, width - PAD_R)]), [t0, t1, width]);
  const laneY = (k: SimEventKind) => 2 + lanes.indexOf(k) * LANE_H;

  const axis = useRef<SVGGElement>(null);
  useEffect(() => {
    if (!axis.current) return;
    const count = Math.max(2, Math.floor((width - LABEL_W) / 80));
    const ticks = x.ticks(count);
    const step = ticks.length > 1 ? ticks[1]! - ticks[0]! : 1000;
    d3select(axis.current)
      .call(axisBottom(x).ticks(count).tickFormat((d) => formatAxisTime(Number(d), step)).tickSizeOuter(0))
      .attr('font-size', null)
      .attr('font-family', null);
  }, [x, width]);

  // Marks via a keyed d3 join: up to 2,000 lines redrawn without React diffing each one. Only
  // new marks are drawn while the scale, lanes and selection stay (the right edge moves once a
  // virtual second): a batch of events costs its own marks, not all 2,000.
  const marks = useRef<SVGGElement>(null);
  const drawn = useRef<{ x: unknown; selectedSeq?: number; kinds: unknown }>(undefined);
  useEffect(() => {
    if (!marks.current) return;
    const draw = (sel: Selection<SVGLineElement, SimEvent, SVGGElement, unknown>) =>
      sel
        .attr('class', (d) => `ps-strip__mark ps-kind--${d.kind}${d.seq === selectedSeq ? ' is-selected' : ''}`)
        .attr('x1', (d) => x(d.at))
        .attr('x2', (d) => x(d.at))
        .attr('y1', (d) => laneY(d.kind) + 1)
        .attr('y2', (d) => laneY(d.kind) + LANE_H - 2);
    const last = drawn.current;
    const same = last !== undefined && last.x === x && last.selectedSeq === selectedSeq && last.kinds === kinds;
    drawn.current = { x, selectedSeq, kinds };
    const joined = d3select(marks.current)
      .selectAll<SVGLineElement, SimEvent>('line')
      .data(events, (d) => d.seq)
      .join((enter) => draw(enter.append('line')));
    if (!same) draw(joined);
  }, [events, x, selectedSeq, kinds]); // laneY follows from `kinds`

  const selected = selectedSeq === undefined ? undefined : events.find((e) => e.seq === selectedSeq);

  const onClick = (ev: MouseEvent<SVGSVGElement>) => {
    const r = ev.currentTarget.getBoundingClientRect();
    const px = ev.clientX - r.left;
    const lane = lanes[Math.floor((ev.clientY - r.top - 2) / LANE_H)];
    let best: SimEvent | undefined;
    let bestD = 8; // px
    for (const e of events) {
      if (lane && e.kind !== lane) continue;
      const d = Math.abs(x(e.at) - px);
      if (d < bestD) {
        bestD = d;
        best = e;
      }
    }
    if (best) onPick(best.seq);
  };

  return (
    <div ref={box} className="ps-strip">
      <svg width={width} height={height} onClick={onClick} role="img" aria-label={`Time strip of ${events.length} events`}>
        {lanes.map((k) => (
          <g key={k} className="ps-strip__lane">
            <rect className="ps-strip__laneBg" x={LABEL_W} y={laneY(k)} width={Math.max(0, width - PAD_R - LABEL_W)} height={LANE_H - 1} />
            <text className={`ps-strip__laneLabel ps-kind--${k}`} x={LABEL_W - 6} y={laneY(k) + LANE_H / 2} dy="0.35em" textAnchor="end">
              {KIND_SHORT[k]}
              <title>{KIND_LABEL[k]}</title>
            </text>
          </g>
        ))}
        <g ref={marks} />
        {selected && lanes.includes(selected.kind) && (
          <circle className="ps-strip__sel" cx={x(selected.at)} cy={laneY(selected.kind) + LANE_H / 2} r={4} />
        )}
        <g ref={axis} className="ps-strip__axis" transform={`translate(0,${lanes.length * LANE_H + 3})`} />
      </svg>
    </div>
  );
}
