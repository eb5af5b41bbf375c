// Small formatting helpers shared by the table printers and the describers, each the
// equivalent of an apimachinery/kubectl helper (named in its comment).

import { labelSelectorAsSelector } from '../../api/labels.ts';
import type { Container, LabelSelector } from '../../api/types.ts';
import { humanDuration } from '../../format/duration.ts';
import type { Simulation } from '../../simulation.ts';

/** labels.FormatLabels: sorted `k=v` pairs joined by ",", `<none>` when empty. */
export function formatLabels(labels: Record<string, string> | undefined | null): string {
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${labels![k]}`).join(',');
}

/** labels.Set(m).String(): like formatLabels, but "" when empty. */
export function labelSetString(labels: Record<string, string> | undefined | null): string {
  const keys = Object.keys(labels ?? {}).sort();
  return keys.map((k) => `${k}=${labels![k]}`).join(',');
}

/** metav1.FormatLabelSelector: `<none>` for an empty selector, `<error>` for an invalid one. */
export function formatLabelSelector(ls: LabelSelector | undefined | null): string {
  const r = labelSelectorAsSelector(ls);
  if (!r.ok) return '<error>';
  const s = r.selector.toString();
  return s === '' ? '<none>' : s;
}

/** labels.Selector.String() of LabelSelectorAsSelector (deployment SELECTOR column, describe). */
export function labelSelectorString(ls: LabelSelector | undefined | null): string | undefined {
  const r = labelSelectorAsSelector(ls);
  return r.ok ? r.selector.toString() : undefined;
}

/** Virtual milliseconds of an RFC 3339 timestamp (undefined when missing or unparseable). */
export function timeOf(sim: Simulation, ts: string | undefined | null): number | undefined {
  if (!ts) return undefined;
  const t = sim.clock.parse(ts);
  return Number.isNaN(t) ? undefined : t;
}

/** translateTimestampSince: HumanDuration(now - ts), `<unknown>` for a zero time. */
export function since(sim: Simulation, ts: string | undefined | null): string {
  const t = timeOf(sim, ts);
  if (t === undefined) return '<unknown>';
  return humanDuration(sim.clock.now() - t);
}

/** translateTimestampUntil: HumanDuration(ts - now). */
export function until(sim: Simulation, ts: string | undefined | null): string {
  const t = timeOf(sim, ts);
  if (t === undefined) return '<unknown>';
  return humanDuration(t - sim.clock.now());
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** time.RFC1123Z of an RFC 3339 UTC timestamp: `Sat, 21 Nov 2026 09:00:00 +0000`. */
export function rfc1123z(ts: string | undefined | null): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?Z$/.exec(ts ?? '');
  // Go formats the zero time.Time when the field is missing.
  if (!m) return 'Mon, 01 Jan 0001 00:00:00 +0000';
  const [, y, mo, d, hh, mm, ss] = m;
  // Date only serves as a calendar here (weekday of a fixed date), never as a clock.
  const weekday = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d))).getUTCDay();
  return `${DAYS[weekday]}, ${d} ${MONTHS[Number(mo) - 1]} ${y} ${hh}:${mm}:${ss} +0000`;
}

/** layoutContainerCells: container names and images, comma-joined. */
export function layoutContainerCells(containers: readonly Container[] | undefined): [string, string] {
  const list = containers ?? [];
  return [list.map((c) => c.name).join(','), list.map((c) => c.image).join(',')];
}

/** printers.EscapeTerminal / WriteEscaped: ESC becomes "^[", CR becomes "\\r". */
export function escapeTerminal(s: string): string {
  return s.replace(/\x1b/g, '^[').replace(/\r/g, '\\r');
}

export const str = (v: unknown): string => (typeof v === 'string' ? v : '');
export const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
export const objOf = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
export const arrOf = <T = unknown>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);
