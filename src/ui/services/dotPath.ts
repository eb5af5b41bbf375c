// Where a packet dot is along its route at a moment of its flight: one speed along the whole
// polyline (offsets by distance), eased in and out like CSS `ease-in-out`.
import type { Point } from './packets.ts';

export interface DotPath {
  points: Point[];
  /** Distance from the start to each point. */
  at: number[];
  total: number;
}

export function pathOf(points: Point[]): DotPath {
  const at = [0];
  for (let i = 1; i < points.length; i++) at.push(at[i - 1]! + Math.hypot(points[i]!.x - points[i - 1]!.x, points[i]!.y - points[i - 1]!.y));
  return { points, at, total: at[at.length - 1] ?? 0 };
}

/** CSS ease-in-out, cubic-bezier(0.42, 0, 0.58, 1): progress of time → progress of distance. */
export function easeInOut(t: number): number {
  if (t <= 0) return 0;
  if (t >= 1) return 1;
  // Solve x(u) = t for the curve parameter u (Newton; x is monotonic), then return y(u).
  const bx = (u: number) => 3 * 0.42 * u * (1 - u) ** 2 + 3 * 0.58 * u * u * (1 - u) + u ** 3;
  const dx = (u: number) => 3 * 0.42 * (1 - u) ** 2 + 6 * (0.58 - 0.42) * u * (1 - u) + 3 * (1 - 0.58) * u * u;
  let u = t;
  for (let i = 0; i < 6; i++) {
    const d = dx(u);
    if (d < 1e-6) break;
    u = Math.min(1, Math.max(0, u - (bx(u) - t) / d));
  }
  return 3 * u * u * (1 - u) + u ** 3;
}

/** The dot's point at `progress` (0…1) of its flight, written into `out` (the paint loop passes
 *  one scratch point: no allocation per dot per frame). */
export function dotAt(path: DotPath, progress: number, out: Point = { x: 0, y: 0 }): Point {
  const { points, at, total } = path;
  if (points.length < 2 || total === 0) {
    const p = points[points.length - 1];
    out.x = p?.x ?? 0;
    out.y = p?.y ?? 0;
    return out;
  }
  const d = easeInOut(progress) * total;
  let i = 1;
  while (i < points.length - 1 && at[i]! < d) i++;
  const a = points[i - 1]!;
  const b = points[i]!;
  const seg = at[i]! - at[i - 1]! || 1;
  const f = Math.min(1, Math.max(0, (d - at[i - 1]!) / seg));
  out.x = a.x + (b.x - a.x) * f;
  out.y = a.y + (b.y - a.y) * f;
  return out;
}
