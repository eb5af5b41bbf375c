// Packet dots in the Services view: one per connection the engine reported ('packet' events),
// travelling client pod → Service → slice → destination pod in flow coordinates. A connection
// that did not connect ends marked where it stopped. With ?animate=0 a dot sits at its last
// hop at once and the newest few stay (nothing depends on timing).
//
// Dots live outside React and are painted on one canvas over the graph by one
// requestAnimationFrame loop (only while dots fly): a hundred dots in flight cost one layer and
// a few hundred canvas calls per frame — no re-render, no style or layout work, no composited
// layer per dot. Each dot also has an invisible marker element in the graph
// (`data-testid="packet-dot"`, `data-packet-id`, `data-outcome`, `is-ended` once it arrived)
// for tests and tools; markers do not move.
import { useStoreApi, ViewportPortal } from '@xyflow/react';
import { useEffect, useRef, useState } from 'react';
import type { PacketView } from '../../engine/view/types.ts';
import { useStore } from '../store/index.ts';
import type { ServiceGraph } from './graph.ts';
import type { Rect } from './layout.ts';
import { dotAt, pathOf, type DotPath } from './dotPath.ts';
import { packetRoute, type PacketRoute, type Point } from './packets.ts';
import { packetMotionFactor } from '../presenter/motion.ts';

/** Real milliseconds per graph hop. */
const HOP_MS = 480;
/** Dots in flight at most (the oldest go first): room for the ~100 a busy Service shows. */
export const MAX_FLYING = 160;
const MAX_STILL = 10;
/** Diameter in flow pixels (the dots zoom with the graph). */
const DOT = 14;

const centre = (r: Rect): Point => ({ x: r.x + r.width / 2, y: r.y + r.height / 2 });

interface Dot {
  route: PacketRoute;
  path: DotPath;
  /** performance.now() at take-off. */
  start: number;
  duration: number;
  /** When it arrived (undefined while flying). */
  landed?: number;
  /** Still dots (no animation): where it rests. */
  rest?: Point;
  marker: HTMLDivElement;
}

interface Colours {
  packet: string;
  surface: string;
  bad: string;
}

function readColours(el: Element): Colours {
  const css = getComputedStyle(el);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return { packet: v('--ps-packet', '#2563eb'), surface: v('--ps-surface', '#fff'), bad: v('--ps-bad', '#dc2626') };
}

/** The dots of one view, keyed by packet id in arrival order. */
class DotLayer {
  private readonly dots = new Map<number, Dot>();
  private frame = 0;
  private colours: Colours;
  /** The theme may have changed: read the colours again before the next paint. */
  private stale = false;
  /** CSS size of the canvas, from the ResizeObserver (reading it here would force a layout). */
  private size = { width: 0, height: 0 };
  /** Reused by every paint: the loop allocates nothing per frame (no garbage to collect mid-animation). */
  private readonly scratch: Point = { x: 0, y: 0 };
  private readonly failedEnds: Point[] = [];
  private readonly tick = (t: number) => this.draw(t);

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly markers: HTMLElement,
    private readonly viewport: () => [number, number, number],
    private readonly animate: boolean,
  ) {
    this.colours = readColours(canvas);
  }

  add(route: PacketRoute, outcome: string, now: number): void {
    const marker = document.createElement('div');
    marker.className = `ps-packet-marker${route.failed ? ' is-failed' : ''}`;
    marker.dataset.testid = 'packet-dot';
    marker.dataset.packetId = String(route.id);
    marker.dataset.outcome = outcome;
    const last = route.points[route.points.length - 1]!;
    marker.style.transform = `translate(${last.x}px, ${last.y}px)`;
    this.remove(route.id);
    const dot: Dot = { route, path: pathOf(route.points), start: now, duration: HOP_MS * packetMotionFactor() * Math.max(0, route.points.length - 1), marker };
    this.dots.set(route.id, dot);
    this.markers.appendChild(marker);
    if (!this.animate) {
      dot.rest = last;
      this.land(dot, now);
    } else if (route.points.length < 2) this.land(dot, now);
    this.trim(this.animate ? MAX_FLYING : MAX_STILL);
    this.request();
  }

  private land(dot: Dot, now: number): void {
    dot.landed = now;
    dot.marker.classList.add('is-ended');
    if (dot.route.failed) dot.marker.textContent = '×';
  }

  private remove(id: number): void {
    const dot = this.dots.get(id);
    if (!dot) return;
    this.dots.delete(id);
    dot.marker.remove();
  }

  private trim(max: number): void {
    for (const id of this.dots.keys()) {
      if (this.dots.size <= max) break;
      this.remove(id);
    }
  }

  /** The layout changed: a dot whose last hop is no longer drawn goes; a still dot follows its last hop. */
  relayout(rects: Map<string, Rect>): void {
    for (const [id, dot] of [...this.dots]) {
      const end = rects.get(dot.route.via[dot.route.via.length - 1]!);
      if (!end) this.remove(id);
      else if (dot.rest) {
        dot.rest = centre(end);
        dot.marker.style.transform = `translate(${dot.rest.x}px, ${dot.rest.y}px)`;
      }
    }
    this.request();
  }

  resize(width: number, height: number): void {
    this.size = { width, height };
    this.request();
  }

  /** The theme changed: paint again in its colours. */
  refresh(): void {
    this.stale = true;
    this.request();
  }

  request(): void {
    if (!this.frame) this.frame = requestAnimationFrame(this.tick);
  }

  private draw(now: number): void {
    this.frame = 0;
    const c = this.canvas;
    const dpr = globalThis.devicePixelRatio || 1;
    const w = Math.round(this.size.width * dpr);
    const h = Math.round(this.size.height * dpr);
    if (c.width !== w || c.height !== h) {
      c.width = w;
      c.height = h;
    }
    const ctx = c.getContext('2d');
    if (!ctx) return;
    if (this.stale) {
      this.stale = false;
      this.colours = readColours(c);
    }
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, w, h);
    const [tx, ty, zoom] = this.viewport();
    ctx.setTransform(dpr * zoom, 0, 0, dpr * zoom, dpr * tx, dpr * ty);
    const { packet, surface, bad } = this.colours;
    let moving = false;
    ctx.lineWidth = 2;
    ctx.strokeStyle = surface;
    ctx.fillStyle = packet;
    ctx.beginPath();
    const failedEnds = this.failedEnds;
    failedEnds.length = 0;
    // (Deleting the current entry while iterating a Map is safe.)
    for (const dot of this.dots.values()) {
      if (dot.landed === undefined && now - dot.start >= dot.duration) this.land(dot, now);
      if (dot.landed !== undefined && !dot.rest && now - dot.landed >= (dot.route.failed ? 900 : 200)) {
        this.remove(dot.route.id);
        continue;
      }
      // A landed dot's point is kept (failed ends are drawn after the loop); a flying one's is scratch.
      const p = dot.rest ?? (dot.landed !== undefined ? dot.path.points[dot.path.points.length - 1]! : dotAt(dot.path, (now - dot.start) / dot.duration, this.scratch));
      if (dot.landed === undefined || !dot.rest) moving = true;
      if (dot.route.failed && dot.landed !== undefined) {
        failedEnds.push(p);
        continue;
      }
      ctx.moveTo(p.x + DOT / 2 - 1, p.y);
      ctx.arc(p.x, p.y, DOT / 2 - 1, 0, Math.PI * 2);
    }
    ctx.fill();
    ctx.stroke();
    // A connection that failed ends as a red ring with ×.
    if (failedEnds.length) {
      ctx.fillStyle = bad;
      ctx.beginPath();
      for (const p of failedEnds) {
        ctx.moveTo(p.x + DOT / 2 + 1, p.y);
        ctx.arc(p.x, p.y, DOT / 2 + 1, 0, Math.PI * 2);
      }
      ctx.fill();
      ctx.stroke();
      ctx.strokeStyle = '#fff';
      ctx.beginPath();
      for (const p of failedEnds) {
        ctx.moveTo(p.x - 3, p.y - 3);
        ctx.lineTo(p.x + 3, p.y + 3);
        ctx.moveTo(p.x + 3, p.y - 3);
        ctx.lineTo(p.x - 3, p.y + 3);
      }
      ctx.stroke();
      failedEnds.length = 0;
    }
    if (moving && this.animate) this.request();
  }

  clear(): void {
    for (const id of [...this.dots.keys()]) this.remove(id);
    this.request();
  }

  stop(): void {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    for (const id of [...this.dots.keys()]) this.remove(id);
  }
}

export function PacketDots({ graph, rects, animate, theme }: { graph: ServiceGraph; rects: Map<string, Rect>; animate: boolean; theme: string }) {
  const flow = useStoreApi();
  const [canvas, setCanvas] = useState<HTMLCanvasElement | null>(null);
  // The markers' layer appears once xyflow's viewport does (a state, so the effect follows it).
  const [markers, setMarkers] = useState<HTMLDivElement | null>(null);
  const layer = useRef<DotLayer | undefined>(undefined);
  const geometry = useRef({ graph, rects });
  geometry.current = { graph, rects };
  // Packets already in the store when the view opens are history, not traffic.
  const lastId = useRef(Math.max(0, ...useStore.getState().sim.packets.map((p) => p.id)));

  useEffect(() => {
    if (!canvas || !markers) return;
    const viewport = () => flow.getState().transform;
    const dots = new DotLayer(canvas, markers, viewport, animate);
    layer.current = dots;
    const unsubscribe = useStore.subscribe((s, prev) => {
      const { packets } = s.sim;
      if (packets === prev.sim.packets) return;
      if (packets.length === 0) {
        // A restart: ids begin again.
        lastId.current = 0;
        dots.clear();
        return;
      }
      let first = packets.length;
      while (first > 0 && packets[first - 1]!.id > lastId.current) first--;
      if (first === packets.length) return;
      lastId.current = packets[packets.length - 1]!.id;
      const { graph: g, rects: r } = geometry.current;
      // Only as many as can be shown: older ones of a big batch would be dropped at once.
      const fresh: PacketView[] = packets.slice(Math.max(first, packets.length - (animate ? MAX_FLYING : MAX_STILL)));
      const now = performance.now();
      for (const p of fresh) {
        const route = packetRoute(p, g, r);
        if (route) dots.add(route, p.outcome, now);
      }
    });
    // Pan and zoom move the dots with the graph.
    const unwatch = flow.subscribe((s, prev) => {
      if (s.transform !== prev.transform) dots.request();
    });
    const resize = new ResizeObserver((entries) => {
      const r = entries[entries.length - 1]!.contentRect;
      dots.resize(r.width, r.height);
    });
    resize.observe(canvas);
    return () => {
      unsubscribe();
      unwatch();
      resize.disconnect();
      dots.stop();
      layer.current = undefined;
    };
  }, [canvas, markers, animate, flow]);

  useEffect(() => layer.current?.relayout(rects), [rects]);
  useEffect(() => layer.current?.refresh(), [theme]);

  return (
    <>
      <canvas ref={setCanvas} className="ps-packets-canvas" aria-hidden="true" />
      <ViewportPortal>
        <div ref={setMarkers} className="ps-packets" aria-hidden="true" />
      </ViewportPortal>
    </>
  );
}
