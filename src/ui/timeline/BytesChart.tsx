// Bytes written per change: the EndpointSlice write(s) vs the legacy Endpoints rewrite of the
// same Service, for the newest changes. Scales and the axis are d3; bars are React elements
// (so e2e can read data-kind / data-bytes). Newest change on top.
import { useEffect, useMemo, useRef, useState } from 'react';
import { axisBottom } from 'd3-axis';
import { scaleBand, scaleLinear } from 'd3-scale';
import { select as d3select } from 'd3-selection';
import type { SimEvent } from '../../engine/view/types.ts';
import { select, useStore } from '../store/index.ts';
import { formatBytes, formatClock } from './format.ts';
import { appendChartWrites, newestPairs, pairWrites, type BytesChange } from './pairWrites.ts';
import { useSize } from './useSize.ts';
import './timeline.css';

export const CHART_CHANGES = 12;
const VALUE_W = 118;
const AXIS_H = 18;
/** One change: two bars and a gap; rows shrink to fit the panel, down to MIN_ROW (then it scrolls). */
const MAX_ROW = 22;
const MIN_ROW = 14;

/** Slice and Endpoints writes seen since the simulation started (past the store's 2,000 cap). */
function useChartWrites(): SimEvent[] {
  const [kept, setKept] = useState<SimEvent[]>(() => appendChartWrites([], useStore.getState().sim.events));
  useEffect(() => {
    // Subscribing outside render sees every batch, even ones React would coalesce.
    setKept((k) => appendChartWrites(k, useStore.getState().sim.events));
    return useStore.subscribe((s, prev) => {
      if (s.sim.events !== prev.sim.events) setKept((k) => appendChartWrites(k, s.sim.events));
    });
  }, []);
  return kept;
}

function describe(kind: 'slice' | 'endpoints', c: BytesChange, bytes: number): string {
  const what =
    kind === 'slice'
      ? c.slices.length > 1
        ? `${c.slices.length} EndpointSlice writes (${c.slices.map((s) => s.name).join(', ')})`
        : `EndpointSlice ${c.namespace}/${c.slices[0]?.name ?? ''}`
      : `Endpoints ${c.namespace}/${c.service}`;
  return `${what}: ${formatBytes(bytes)} (${bytes} bytes) at ${formatClock(c.at)}`;
}

function Bar(props: { kind: 'slice' | 'endpoints'; change: BytesChange; bytes: number; y: number; h: number; w: number; x0: number; onOpen: () => void }) {
  const { kind, change, bytes, y, h, w, x0, onOpen } = props;
  const label = describe(kind, change, bytes);
  return (
    <rect
      data-testid="bytes-bar"
      data-kind={kind}
      data-bytes={bytes}
      data-change={change.id}
      className={`ps-bytes__bar ps-bytes__bar--${kind}`}
      x={x0}
      y={y}
      width={Math.max(1, w)}
      height={h}
      rx={1.5}
      tabIndex={0}
      role="button"
      aria-label={label}
      onClick={onOpen}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          onOpen();
        }
      }}
    >
      <title>{label}</title>
    </rect>
  );
}

export function BytesChart() {
  const writes = useChartWrites();
  const slices = useStore((s) => s.sim.snapshot?.slices);
  const pairs = useMemo(() => {
    const bySlice = new Map<string, string>();
    for (const s of slices ?? []) if (s.service) bySlice.set(`${s.namespace}/${s.name}`, s.service);
    const all = pairWrites(writes, { sliceService: (ns, name) => bySlice.get(`${ns}/${name}`) });
    return newestPairs(all, CHART_CHANGES).reverse(); // newest first (top)
  }, [writes, slices]);

  const box = useRef<HTMLDivElement>(null);
  const { width, height: boxH } = useSize(box, { width: 340, height: 120 });
  const rowH = Math.max(MIN_ROW, Math.min(MAX_ROW, Math.floor((boxH - AXIS_H - 2) / Math.max(1, pairs.length))));
  const height = Math.max(1, pairs.length) * rowH + AXIS_H;
  // One Service: rows are labelled by time only; several: by Service and time.
  const oneService = new Set(pairs.map((c) => `${c.namespace}/${c.service}`)).size <= 1;
  const labelW = oneService ? 40 : 104;
  const plotW = Math.max(40, width - labelW - VALUE_W - 4);
  const max = Math.max(1, ...pairs.flatMap((c) => [c.sliceBytes, c.endpoints?.bytes ?? 0]));
  // Round ticks in the unit the labels use (KiB ticks at 10, 20, … rather than 48.8 KiB).
  const unit = max >= 1024 * 1024 ? { div: 1024 * 1024, name: 'MiB' } : max >= 1024 ? { div: 1024, name: 'KiB' } : { div: 1, name: 'B' };
  const scale = useMemo(() => scaleLinear().domain([0, max / unit.div]).nice().range([0, plotW]), [max, unit.div, plotW]);
  const x = (bytes: number) => scale(bytes / unit.div);
  const y = useMemo(
    () => scaleBand<string>().domain(pairs.map((c) => c.id)).range([0, pairs.length * rowH]).paddingInner(0.22).paddingOuter(0.1),
    [pairs, rowH],
  );

  const axis = useRef<SVGGElement>(null);
  useEffect(() => {
    if (!axis.current) return;
    d3select(axis.current)
      .call(axisBottom(scale).ticks(Math.max(2, Math.floor(plotW / 50))).tickFormat((d) => `${Number(d)}${Number(d) ? ` ${unit.name}` : ''}`).tickSizeOuter(0))
      .attr('font-size', null)
      .attr('font-family', null);
  }, [scale, plotW, unit.name, labelW]);

  const latest = pairs[0];
  const ratio = latest?.endpoints && latest.sliceBytes > 0 ? latest.endpoints.bytes / latest.sliceBytes : undefined;

  return (
    <figure className="ps-bytes" data-testid="bytes-chart" data-changes={pairs.length} aria-label="Bytes written per change: EndpointSlice vs Endpoints">
      <figcaption className="ps-bytes__head">
        <span className="ps-bytes__title">Bytes written per change</span>
        <span className="ps-bytes__legend">
          <span className="ps-bytes__key ps-bytes__key--slice" aria-hidden="true" />
          EndpointSlice
          <span className="ps-bytes__key ps-bytes__key--endpoints" aria-hidden="true" />
          Endpoints
        </span>
      </figcaption>
      {latest && (
        <p className="ps-bytes__summary" data-testid="bytes-summary" title={`The newest change to ${latest.namespace}/${latest.service}: what the EndpointSlice controller wrote vs the Endpoints controller's rewrite of the whole object`}>
          Newest{oneService ? '' : ` (${latest.service})`}:{' '}
          {latest.slices.length > 1 ? `${latest.slices.length} slices` : 'slice'} {formatBytes(latest.sliceBytes)} vs Endpoints {formatBytes(latest.endpoints?.bytes ?? 0)}
          {ratio !== undefined && ratio > 1 ? ` (${ratio.toFixed(1)}×)` : ''}
        </p>
      )}
      <div ref={box} className="ps-bytes__plot">
        {pairs.length === 0 ? (
          <p className="ps-bytes__empty">No EndpointSlice / Endpoints writes yet. Scale a Deployment or delete a pod.</p>
        ) : (
          <svg width={width} height={height} role="group" aria-label="Newest change first">
            {pairs.map((c) => {
              const top = y(c.id) ?? 0;
              const band = y.bandwidth();
              const h = Math.max(2, (band - 1) / 2);
              const mid = top + band / 2;
              const sliceSel = c.slices[0];
              const epBytes = c.endpoints?.bytes ?? 0;
              return (
                <g key={c.id} className="ps-bytes__row">
                  <text className="ps-bytes__label" x={labelW - 6} y={mid} dy="0.35em" textAnchor="end">
                    <title>{`${c.namespace}/${c.service} at ${formatClock(c.at)}`}</title>
                    {!oneService && (c.service.length > 10 ? `${c.service.slice(0, 9)}… ` : `${c.service} `)}
                    <tspan className="ps-bytes__time">{formatClock(c.at).replace(/\.\d+$/, '')}</tspan>
                  </text>
                  <Bar
                    kind="slice"
                    change={c}
                    bytes={c.sliceBytes}
                    y={top}
                    h={h}
                    w={x(c.sliceBytes)}
                    x0={labelW}
                    onOpen={() => sliceSel && select({ kind: 'object', resource: 'endpointslices', namespace: c.namespace, name: sliceSel.name })}
                  />
                  <Bar
                    kind="endpoints"
                    change={c}
                    bytes={epBytes}
                    y={top + h + 1}
                    h={h}
                    w={x(epBytes)}
                    x0={labelW}
                    onOpen={() => select({ kind: 'object', resource: 'endpoints', namespace: c.namespace, name: c.service })}
                  />
                  <text className="ps-bytes__value" x={width - 2} y={mid} dy="0.35em" textAnchor="end">
                    <tspan className="ps-bytes__value--slice">
                      {formatBytes(c.sliceBytes)}
                      {c.slices.length > 1 ? `×${c.slices.length}` : ''}
                    </tspan>
                    <tspan className="ps-bytes__vs"> / </tspan>
                    <tspan className="ps-bytes__value--endpoints">{formatBytes(epBytes)}</tspan>
                  </text>
                </g>
              );
            })}
            <g ref={axis} className="ps-bytes__axis" transform={`translate(${labelW},${pairs.length * rowH})`} />
          </svg>
        )}
      </div>
    </figure>
  );
}
