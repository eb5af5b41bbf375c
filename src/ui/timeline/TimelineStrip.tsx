// The d3 time strip: one lane per shown event kind, a mark per event at its virtual time, the
// selected event emphasised. Clicking near a mark selects that event (the list is the keyboard path).
import { useEffect, useMemo, useRef, type MouseEvent } from 'react';
import { axisBottom } from 'd3-axis';
import { scaleLinear } from 'd3-scale';
import { select as d3select } from 'd3-selection';
import { useStore } from '../store/index.ts';
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

  // Marks on one canvas over the SVG's lanes (beside the labels, above the axis): 2,000 marks
  // are a few thousand canvas calls per redraw, where SVG lines cost a keyed join, attribute
  // writes and style work for every element on every batch.
  const canvas = useRef<HTMLCanvasElement>(null);
  const theme = useStore((s) => s.ui.theme);
  const marksH = lanes.length * LANE_H;
  // Kind colours come from CSS (theme variables), read once per theme: reading them on every
  // redraw could force a style recalculation in the middle of a frame.
  const colours = useRef<{ theme: string; byName: Map<string, string> }>(undefined);
  useEffect(() => {
    const c = canvas.current;
    if (!c) return;
    const dpr = globalThis.devicePixelRatio || 1;
    const w = Math.round(width * dpr);
    const h = Math.round(marksH * dpr);
    if (c.width !== w || c.height !== h) {
      c.width = w;
      c.height = h;
    }
    const ctx = c.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, marksH);
    if (colours.current?.theme !== theme) colours.current = { theme, byName: new Map() };
    const cache = colours.current.byName;
    const colour = (name: string) => {
      let v = cache.get(name);
      if (v === undefined) cache.set(name, (v = getComputedStyle(c).getPropertyValue(name).trim() || '#888'));
      return v;
    };
    ctx.lineWidth = 1.5;
    ctx.globalAlpha = 0.75;
    // One path per lane (one colour each).
    for (const k of lanes) {
      const y = laneY(k);
      ctx.strokeStyle = colour(`--_k-${k}`);
      ctx.beginPath();
      for (const e of events) {
        if (e.kind !== k) continue;
        const px = x(e.at);
        ctx.moveTo(px, y + 1);
        ctx.lineTo(px, y + LANE_H - 2);
      }
      ctx.stroke();
    }
    ctx.globalAlpha = 1;
    const sel = selectedSeq === undefined ? undefined : events.find((e) => e.seq === selectedSeq);
    if (sel && lanes.includes(sel.kind)) {
      const px = x(sel.at);
      const y = laneY(sel.kind);
      ctx.lineWidth = 3;
      ctx.strokeStyle = colour(`--_k-${sel.kind}`);
      ctx.beginPath();
      ctx.moveTo(px, y + 1);
      ctx.lineTo(px, y + LANE_H - 2);
      ctx.stroke();
      ctx.lineWidth = 1.5;
      ctx.strokeStyle = colour('--_fg');
      ctx.beginPath();
      ctx.arc(px, y + LANE_H / 2, 4, 0, Math.PI * 2);
      ctx.stroke();
    }
  }, [events, x, selectedSeq, kinds, width, marksH, theme]); // laneY and lanes follow from `kinds`


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
        <g ref={axis} className="ps-strip__axis" transform={`translate(0,${lanes.length * LANE_H + 3})`} />
      </svg>
      <canvas ref={canvas} className="ps-strip__marks" style={{ width, height: marksH }} aria-hidden="true" />
    </div>
  );
}
