// Pairs EndpointSlice writes with the legacy Endpoints write of the same Service, per change,
// for the bytes chart. Both controllers react to the same pod/Service change within the same
// moment of virtual time, so a "change" is the writes of one Service's objects close in time:
// any number of distinct slices (a scale-up can create several) and at most one Endpoints
// write. A second write of the same object starts the next change.
import type { SimEvent } from '../../engine/view/types.ts';

export interface WriteRef {
  seq: number;
  at: number;
  name: string;
  verb: 'create' | 'update';
  bytes: number;
}

export interface BytesChange {
  /** Stable key: "ns/service@firstSeq". */
  id: string;
  namespace: string;
  service: string;
  /** Virtual time and seq of the change's first write. */
  at: number;
  seq: number;
  slices: WriteRef[];
  endpoints?: WriteRef;
  /** Sum of the slice writes' bytes (what the slice controller put on the wire for this change). */
  sliceBytes: number;
  /** Both sides wrote: the change can be compared. */
  complete: boolean;
}

export interface PairOptions {
  /** How far apart (virtual ms) writes of one change may be. */
  windowMs?: number;
  /** Service of a slice ("ns/name" → service name) when known, e.g. from the snapshot. */
  sliceService?: (namespace: string, name: string) => string | undefined;
}

export const DEFAULT_WINDOW_MS = 1000;

/** A slice's name is its Service's name plus "-" and 5 generated characters (generateName). */
export function serviceOfSliceName(name: string): string | undefined {
  const m = /^(.+)-[a-z0-9]{5}$/.exec(name);
  return m ? m[1] : undefined;
}

interface RawWrite extends WriteRef {
  kind: 'slice' | 'endpoints';
  namespace: string;
  service: string;
}

/** Every create/update of an EndpointSlice or Endpoints object, in event order, with its Service. */
export function collectWrites(events: readonly SimEvent[], opts: PairOptions = {}): RawWrite[] {
  // 'slice' events name their Service; remember it for the plain 'write' events of the same slice.
  const known = new Map<string, string>();
  for (const e of events) if (e.kind === 'slice' && e.service) known.set(`${e.namespace}/${e.name}`, e.service);
  const serviceOf = (ns: string, name: string): string | undefined =>
    known.get(`${ns}/${name}`) ?? opts.sliceService?.(ns, name) ?? serviceOfSliceName(name);

  const out: RawWrite[] = [];
  // The engine may report one slice write both as a 'write' and as a 'slice' event: count it once.
  const seen = new Set<string>();
  const push = (w: RawWrite) => {
    const k = `${w.kind}|${w.namespace}/${w.name}|${w.at}|${w.verb}`;
    if (seen.has(k)) return;
    seen.add(k);
    out.push(w);
  };
  for (const e of events) {
    if (e.kind === 'write') {
      if (e.verb === 'delete') continue; // a delete writes no object bytes
      if (e.resource === 'endpoints') {
        push({ kind: 'endpoints', seq: e.seq, at: e.at, name: e.name, verb: e.verb, bytes: e.bytes, namespace: e.namespace, service: e.name });
      } else if (e.resource === 'endpointslices') {
        const service = serviceOf(e.namespace, e.name);
        if (service) push({ kind: 'slice', seq: e.seq, at: e.at, name: e.name, verb: e.verb, bytes: e.bytes, namespace: e.namespace, service });
      }
    } else if (e.kind === 'slice' && e.verb !== 'delete') {
      const service = e.service ?? serviceOf(e.namespace, e.name);
      if (service) push({ kind: 'slice', seq: e.seq, at: e.at, name: e.name, verb: e.verb, bytes: e.bytes, namespace: e.namespace, service });
    }
  }
  return out;
}

/** Groups the slice and Endpoints writes into changes, oldest first. */
export function pairWrites(events: readonly SimEvent[], opts: PairOptions = {}): BytesChange[] {
  const windowMs = opts.windowMs ?? DEFAULT_WINDOW_MS;
  const changes: BytesChange[] = [];
  const open = new Map<string, BytesChange>();
  for (const w of collectWrites(events, opts)) {
    const key = `${w.namespace}/${w.service}`;
    const ref: WriteRef = { seq: w.seq, at: w.at, name: w.name, verb: w.verb, bytes: w.bytes };
    let c = open.get(key);
    const fits =
      c !== undefined &&
      w.at - c.at <= windowMs &&
      (w.kind === 'endpoints' ? c.endpoints === undefined : !c.slices.some((s) => s.name === w.name));
    if (!c || !fits) {
      c = { id: `${key}@${w.seq}`, namespace: w.namespace, service: w.service, at: w.at, seq: w.seq, slices: [], sliceBytes: 0, complete: false };
      open.set(key, c);
      changes.push(c);
    }
    if (w.kind === 'endpoints') c.endpoints = ref;
    else {
      c.slices.push(ref);
      c.sliceBytes += ref.bytes;
    }
    c.complete = c.endpoints !== undefined && c.slices.length > 0;
  }
  return changes;
}

/** The newest `n` comparable changes (both sides written), oldest first. */
export function newestPairs(changes: readonly BytesChange[], n: number): BytesChange[] {
  const out: BytesChange[] = [];
  for (let i = changes.length - 1; i >= 0 && out.length < n; i--) {
    const c = changes[i]!;
    if (c.complete) out.push(c);
  }
  return out.reverse();
}

/** The events the chart needs: slice writes and Endpoints writes. */
export function isChartWrite(e: SimEvent): boolean {
  return e.kind === 'slice' || (e.kind === 'write' && (e.resource === 'endpoints' || e.resource === 'endpointslices'));
}

export const CHART_KEEP = 600;

/**
 * The chart's own history of slice/Endpoints writes. The store keeps only the newest 2,000
 * events, and a scale-up floods it with pod writes; the chart keeps its writes past that.
 * `events` is the store's list after a change; an empty list or seqs that went back mean the
 * simulation restarted.
 */
export function appendChartWrites(kept: readonly SimEvent[], events: readonly SimEvent[], max = CHART_KEEP): SimEvent[] {
  const lastKept = kept.length ? kept[kept.length - 1]!.seq : 0;
  const newest = events.length ? events[events.length - 1]!.seq : 0;
  if (events.length === 0) return kept.length ? [] : (kept as SimEvent[]);
  if (newest < lastKept) return events.filter(isChartWrite).slice(-max);
  const fresh: SimEvent[] = [];
  for (let i = events.length - 1; i >= 0 && events[i]!.seq > lastKept; i--) if (isChartWrite(events[i]!)) fresh.push(events[i]!);
  if (!fresh.length) return kept as SimEvent[];
  const out = kept.concat(fresh.reverse());
  return out.length > max ? out.slice(out.length - max) : out;
}
