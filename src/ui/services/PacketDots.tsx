// Packet dots in the Services view: one per connection the engine reported ('packet' events),
// travelling client pod → Service → slice → destination pod in flow coordinates. A connection
// that did not connect ends marked where it stopped. With ?animate=0 a dot sits at its last
// hop at once and the newest few stay (nothing depends on timing).
import { ViewportPortal } from '@xyflow/react';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useStore } from '../store/index.ts';
import type { ServiceGraph } from './graph.ts';
import type { Rect } from './layout.ts';
import { packetRoute, type PacketRoute, type Point } from './packets.ts';

/** Real milliseconds per graph hop. */
const HOP_MS = 480;
const MAX_FLYING = 60;
const MAX_STILL = 10;
const DOT = 14;

interface Flight {
  route: PacketRoute;
  outcome: string;
}

const at = (p: Point) => `translate(${p.x - DOT / 2}px, ${p.y - DOT / 2}px)`;

function Dot({ flight, animate, onDone }: { flight: Flight; animate: boolean; onDone: (id: number) => void }) {
  const ref = useRef<HTMLDivElement>(null);
  const [ended, setEnded] = useState(!animate);
  const { points, id, failed } = flight.route;
  useLayoutEffect(() => {
    const el = ref.current;
    if (!animate || !el) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = () => {
      setEnded(true);
      timer = setTimeout(() => onDone(id), failed ? 900 : 200);
    };
    if (points.length < 2 || typeof el.animate !== 'function') {
      finish();
      return () => clearTimeout(timer);
    }
    // Offsets by distance, so the dot moves at one speed along the whole path.
    const lengths = points.slice(1).map((p, i) => Math.hypot(p.x - points[i]!.x, p.y - points[i]!.y));
    const total = lengths.reduce((a, b) => a + b, 0) || 1;
    let run = 0;
    const frames: Keyframe[] = points.map((p, i) => {
      if (i > 0) run += lengths[i - 1]!;
      return { transform: at(p), offset: run / total };
    });
    const anim = el.animate(frames, { duration: HOP_MS * (points.length - 1), easing: 'ease-in-out', fill: 'forwards' });
    anim.onfinish = finish;
    return () => {
      anim.onfinish = null;
      anim.cancel();
      clearTimeout(timer);
    };
    // A flight's path never changes: run once per dot.
  }, []);
  const start = animate ? points[0]! : points[points.length - 1]!;
  return (
    <div
      ref={ref}
      className={`ps-packet${failed ? ' is-failed' : ''}${ended ? ' is-ended' : ''}`}
      data-testid="packet-dot"
      data-packet-id={id}
      data-outcome={flight.outcome}
      style={{ transform: at(start) }}
    >
      {failed && ended ? '×' : null}
    </div>
  );
}

export function PacketDots({ graph, rects, animate }: { graph: ServiceGraph; rects: Map<string, Rect>; animate: boolean }) {
  const [flights, setFlights] = useState<Flight[]>([]);
  const geometry = useRef({ graph, rects });
  geometry.current = { graph, rects };
  // Packets already in the store when the view opens are history, not traffic.
  const lastId = useRef(Math.max(0, ...useStore.getState().sim.packets.map((p) => p.id)));

  useEffect(
    () =>
      useStore.subscribe((s, prev) => {
        const { packets } = s.sim;
        if (packets === prev.sim.packets) return;
        if (packets.length === 0) {
          // A restart: ids begin again.
          lastId.current = 0;
          setFlights([]);
          return;
        }
        const fresh = packets.filter((p) => p.id > lastId.current);
        if (!fresh.length) return;
        lastId.current = fresh[fresh.length - 1]!.id;
        const { graph: g, rects: r } = geometry.current;
        const added: Flight[] = [];
        for (const p of fresh) {
          const route = packetRoute(p, g, r);
          if (route) added.push({ route, outcome: p.outcome });
        }
        if (added.length) setFlights((f) => f.concat(added).slice(-(animate ? MAX_FLYING : MAX_STILL)));
      }),
    [animate],
  );

  const done = (id: number) => setFlights((f) => f.filter((x) => x.route.id !== id));
  // A dot whose last hop is no longer drawn (the pod went away, its slice collapsed) goes too;
  // a still dot follows its last hop when the layout moves it.
  const shown = flights.flatMap((f) => {
    const end = rects.get(f.route.via[f.route.via.length - 1]!);
    if (!end) return [];
    if (animate) return [f];
    const points = [...f.route.points.slice(0, -1), { x: end.x + end.width / 2, y: end.y + end.height / 2 }];
    return [{ ...f, route: { ...f.route, points } }];
  });
  return (
    <ViewportPortal>
      <div className="ps-packets" aria-hidden="true">
        {shown.map((f) => (
          <Dot key={`${f.route.id}@${f.route.points.at(-1)!.x},${f.route.points.at(-1)!.y}`} flight={f} animate={animate} onDone={done} />
        ))}
      </div>
    </ViewportPortal>
  );
}
