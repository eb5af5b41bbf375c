// Packets as dots moving along the places the engine traced on this node (path.ts): hook →
// chains in hit order → the chosen SEP (the label switches to the DNAT destination) → the pod,
// then back along the reply. Dropped/rejected packets stop with a red mark where they ended.
// Without animation (?animate=0) each dot sits at the end of its original path, still.

import { ViewportPortal } from '@xyflow/react';
import { useEffect, useState } from 'react';
import { centerOf, type Box } from './layout.ts';
import type { DotPath, DotStep } from './path.ts';
import { packetMotionFactor } from '../presenter/motion.ts';

export interface Flight {
  path: DotPath;
  /** performance.now() when the dot started. */
  start: number;
  outcome: string;
  /** Who sent it ("traffic", "trace", "curl", …). */
  source: string;
}

const STEP_MS = 320;
const PAUSE_MS = 260;
const LINGER_MS = 500;
const END_LINGER_MS = 1600;

interface Point {
  id: string;
  x: number;
  y: number;
  text: string;
  rewrite: boolean;
  phase: 'original' | 'reply';
}

function track(path: DotPath, boxes: Record<string, Box>): Point[] {
  const out: Point[] = [];
  const add = (steps: DotStep[], phase: Point['phase']) => {
    steps.forEach((s, i) => {
      const b = boxes[s.id];
      if (!b) return;
      const c = centerOf(b);
      // Where the original ends at a pod, the dot rests just right of it (not over its name).
      const rest = phase === 'original' && i === steps.length - 1 && s.id.includes(':');
      out.push({ id: s.id, x: rest ? b.x + b.width + 12 : c.x, y: c.y, text: s.text, rewrite: !!s.rewrite, phase });
    });
  };
  add(path.steps, 'original');
  add(path.reply, 'reply');
  return out;
}

/** How long the dot lives with animation on (longer in the presenter's slow motion). */
export function flightDuration(f: Flight, boxes: Record<string, Box>): number {
  const n = track(f.path, boxes).length;
  return (Math.max(0, n - 1) * STEP_MS + PAUSE_MS + (f.path.end ? END_LINGER_MS : LINGER_MS)) * packetMotionFactor();
}

const ease = (t: number) => (t < 0.5 ? 2 * t * t : 1 - (-2 * t + 2) ** 2 / 2);

interface Placed {
  x: number;
  y: number;
  at: Point;
  ended: boolean;
}

/** Where the dot is `elapsed` ms after it started (animate false: the last original step). */
function place(points: Point[], path: DotPath, elapsed: number, animate: boolean): Placed | undefined {
  if (!points.length) return undefined;
  const originals = points.filter((p) => p.phase === 'original');
  if (!animate) {
    const at = originals[originals.length - 1] ?? points[points.length - 1]!;
    return { x: at.x, y: at.y, at, ended: !!path.end };
  }
  // Pause briefly where the original ends (at the pod, or where it was dropped).
  const turn = Math.max(0, originals.length - 1);
  let t = elapsed;
  const seg = (i: number) => (i === turn ? STEP_MS + PAUSE_MS : STEP_MS);
  for (let i = 0; i < points.length - 1; i++) {
    const d = seg(i);
    if (t < d) {
      const a = points[i]!;
      const b = points[i + 1]!;
      const local = i === turn ? Math.max(0, t - PAUSE_MS) / STEP_MS : t / d;
      const k = ease(Math.min(1, local));
      // The label changes once the dot reaches the place that rewrote it.
      return { x: a.x + (b.x - a.x) * k, y: a.y + (b.y - a.y) * k, at: k >= 1 ? b : a, ended: false };
    }
    t -= d;
  }
  const last = points[points.length - 1]!;
  return { x: last.x, y: last.y, at: last, ended: !!path.end };
}

export function PacketDots({
  flights,
  boxes,
  animate,
  selected,
  onOpen,
}: {
  flights: Flight[];
  boxes: Record<string, Box>;
  animate: boolean;
  selected?: number;
  onOpen: (id: number) => void;
}) {
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    if (!animate || !flights.length) return;
    let raf = requestAnimationFrame(function tick(t) {
      setNow(t);
      raf = requestAnimationFrame(tick);
    });
    return () => cancelAnimationFrame(raf);
  }, [animate, flights.length]);

  // Dots resting on the same place (no animation) line up side by side so each can be clicked;
  // only the newest there shows its label.
  const stacked = new Map<string, number>();
  const ordered = animate ? flights : [...flights].reverse();
  // In flight, only the newest two carry a label (a swarm of labels hides the chains).
  const talking = new Set(flights.slice(-2).map((f) => f.path.packetId));
  return (
    <ViewportPortal>
      <div className="ps-dots">
        {ordered.map((f) => {
          const points = track(f.path, boxes);
          // Slow motion stretches the whole flight: the dot sees its elapsed time divided.
          const p = place(points, f.path, (now - f.start) / packetMotionFactor(), animate);
          if (!p) return null;
          const n = stacked.get(p.at.id) ?? 0;
          stacked.set(p.at.id, n + 1);
          const dx = animate ? 0 : n * 18;
          const dy = 0;
          const labelled = animate ? talking.has(f.path.packetId) || selected === f.path.packetId || !!p.ended : n === 0;
          const id = f.path.packetId;
          const end = p.ended && f.path.end;
          return (
            <button
              key={id}
              type="button"
              className={`ps-dot nodrag nopan ps-dot--${p.at.phase}${end ? ' is-ended' : ''}${p.at.rewrite ? ' is-rewritten' : ''}${selected === id ? ' is-selected' : ''}`}
              style={{ transform: `translate(${p.x + dx}px, ${p.y + dy}px)` }}
              data-testid="packet-dot"
              data-packet-id={id}
              data-at={p.at.id}
              data-phase={p.at.phase}
              data-path={f.path.steps.map((s) => s.id).join(' ')}
              data-sep={f.path.sep}
              data-outcome={f.outcome}
              data-ended={end ? end.verdict : undefined}
              onClick={() => onOpen(id)}
              aria-label={`Packet ${id} (${f.outcome}) ${p.at.text}${end ? `, ${end.verdict} at ${end.where}` : ''}: show its hops`}
              title={`packet #${id} from ${f.path.from}: ${f.outcome}`}
            >
              <span className="ps-dot__ball" aria-hidden="true">
                {end ? '✕' : ''}
              </span>
              {labelled ? <span className="ps-dot__label">{end ? `${end.verdict} · ${end.where}` : p.at.text}</span> : null}
            </button>
          );
        })}
      </div>
    </ViewportPortal>
  );
}
