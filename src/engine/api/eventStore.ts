// The API server's Event storage. Events are the most numerous objects of a busy cluster
// (about five per pod), so they are kept apart from the generic object store, as large
// clusters keep them in an etcd of their own (--etcd-servers-overrides=/events#…):
// - compact records: what the recorders write is held as one flat EventRecord (no JSON tree,
//   no per-version copy); the Event object is built only when someone reads it. A recorder's
//   repeat (count, lastTimestamp, series) updates its record in place.
// - their own resourceVersion sequence (a separate etcd has its own revisions), so recording
//   events does not shift the versions of the rest of the cluster.
// - a TTL: the API server writes every Event with a lease of --event-ttl (1h by default),
//   renewed by each update; expired ones are removed on the virtual clock.
// - no journal entries for recorder writes: the page's timeline already shows the controller
//   actions the events describe, and 5 writes per pod would flood it.
// Events written through kubectl (create -f, label, …) are stored as the objects written.

import type { VirtualClock } from '../sim/clock.ts';
import { sha256Hex } from '../util/sha256.ts';
import type { KubeObject } from './types.ts';

/** kube-apiserver's --event-ttl default. */
export const EVENT_TTL_MS = 3_600_000;

/** Who records: shared by every record of one recorder. */
export interface EventOrigin {
  /** core/v1 source (the legacy recorder), undefined for events.k8s.io ones. */
  source?: { component: string; host?: string };
  reportingComponent: string;
  reportingInstance: string;
}

/** The involved object as the event names it (its strings are shared with the object). */
export interface EventSubject {
  kind: string;
  apiVersion: string;
  metadata: { name?: string; namespace?: string; uid?: string; resourceVersion?: string };
}

/** One recorder-written Event, flat. Timestamps are virtual-clock milliseconds. */
export class EventRecord {
  // The involved object, inline: a reference to the object would keep that version alive.
  readonly kind: string;
  readonly apiVersion: string;
  readonly name: string;
  readonly refNs: string | undefined;
  readonly uid: string;
  readonly refRv: string | undefined;
  rv = 0;
  written = 0;
  count = 1;
  seriesCount = 0;
  seriesLast = 0;
  /** The "(combined from similar events)" copy carries no reporting fields. */
  combined = false;
  /** The recorder's previous record about the same object (its per-object list). */
  prev: EventRecord | undefined = undefined;
  constructor(
    readonly ns: string,
    /** Nanoseconds since the virtual clock's zero: the name's suffix is its UnixNano. */
    readonly nano: number,
    readonly origin: EventOrigin,
    subject: EventSubject,
    readonly fieldPath: string | undefined,
    readonly type: string,
    readonly reason: string,
    public message: string,
    /** events.k8s.io action; undefined for legacy events. */
    readonly action: string | undefined,
    /** creationTimestamp, firstTimestamp and (events.k8s.io) eventTime. */
    readonly created: number,
    public last: number,
  ) {
    this.kind = subject.kind;
    this.apiVersion = subject.apiVersion;
    this.name = subject.metadata.name ?? '';
    this.refNs = subject.metadata.namespace || undefined;
    this.uid = subject.metadata.uid ?? '';
    this.refRv = subject.metadata.resourceVersion || undefined;
  }
}

/** The API server's watch fan-out: events are built only when someone watches. */
export interface EventWatch {
  watched(): boolean;
  emit(type: 'ADDED' | 'MODIFIED' | 'DELETED', object: KubeObject, old?: KubeObject): void;
}

interface RawEvent {
  obj: KubeObject;
  written: number;
}

export class EventStore {
  /** Recorder events by nano, in write order (the oldest lease first). */
  private readonly records = new Map<number, EventRecord>();
  /** kubectl-written events by "ns/name", in write order. */
  private readonly raw = new Map<string, RawEvent>();
  private rv = 0;
  private readonly epochNano: bigint;
  private readonly pool = new Map<string, string>();

  constructor(
    private readonly clock: VirtualClock,
    private readonly watch: EventWatch,
    private readonly ttlMs = EVENT_TTL_MS,
  ) {
    this.epochNano = BigInt(-clock.parse('1970-01-01T00:00:00Z')) * 1_000_000n;
  }

  /**
   * One copy of a string many events repeat ("Created container: web", a fieldPath): the
   * callers build them afresh for every event. The pool is emptied when it grows large.
   */
  intern(s: string): string {
    const hit = this.pool.get(s);
    if (hit !== undefined) return hit;
    if (this.pool.size >= 4096) this.pool.clear();
    this.pool.set(s, s);
    return s;
  }

  nextRv(): string {
    return String(++this.rv);
  }

  /** The Event's name: `<object>.<UnixNano in hex>` (as client-go names them). */
  nameOf(r: EventRecord): string {
    return `${r.name}.${(this.epochNano + BigInt(r.nano)).toString(16)}`;
  }

  /** Stores a new recorder event (or puts back one whose lease expired: client-go re-creates it). */
  add(r: EventRecord): void {
    this.expire();
    r.rv = ++this.rv;
    r.written = this.clock.now();
    this.records.set(r.nano, r);
    if (this.watch.watched()) this.watch.emit('ADDED', this.toObject(r));
  }

  /** Writes a change made to a stored record (count, lastTimestamp, series, message). */
  touch(r: EventRecord, change: (r: EventRecord) => void): void {
    this.expire();
    if (this.records.get(r.nano) !== r) {
      change(r);
      const key = `${r.ns}/${this.nameOf(r)}`;
      const raw = this.raw.get(key);
      if (!raw) return this.add(r);
      // Rewritten through kubectl since: the recorder's patch lands on that object.
      const fresh = this.toObject(r) as unknown as Record<string, unknown>;
      const patched: Record<string, unknown> = { ...raw.obj, metadata: { ...raw.obj.metadata, resourceVersion: this.nextRv() } };
      for (const f of ['message', 'count', 'lastTimestamp', 'series']) if (fresh[f] !== undefined) patched[f] = fresh[f];
      this.raw.delete(key);
      this.raw.set(key, { obj: patched as unknown as KubeObject, written: this.clock.now() });
      if (this.watch.watched()) this.watch.emit('MODIFIED', patched as unknown as KubeObject, raw.obj);
      return;
    }
    const old = this.watch.watched() ? this.toObject(r) : undefined;
    change(r);
    r.rv = ++this.rv;
    r.written = this.clock.now();
    // Re-inserted: the map stays in lease order.
    this.records.delete(r.nano);
    this.records.set(r.nano, r);
    if (old) this.watch.emit('MODIFIED', this.toObject(r), old);
  }

  get(ns: string, name: string): KubeObject | undefined {
    this.expire();
    const raw = this.raw.get(`${ns}/${name}`);
    if (raw) return raw.obj;
    const r = this.recordNamed(ns, name);
    return r ? this.toObject(r) : undefined;
  }

  /** Events in name order within namespace order (as a list returns them). */
  list(namespace: string | undefined, filter?: (obj: KubeObject) => boolean): KubeObject[] {
    this.expire();
    const out: { ns: string; name: string; obj: KubeObject }[] = [];
    for (const r of this.records.values()) {
      if (namespace !== undefined && r.ns !== namespace) continue;
      const obj = this.toObject(r);
      if (!filter || filter(obj)) out.push({ ns: r.ns, name: obj.metadata.name!, obj });
    }
    for (const { obj } of this.raw.values()) {
      const ns = obj.metadata.namespace ?? '';
      if (namespace !== undefined && ns !== namespace) continue;
      if (!filter || filter(obj)) out.push({ ns, name: obj.metadata.name!, obj });
    }
    out.sort((a, b) => (a.ns < b.ns ? -1 : a.ns > b.ns ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return out.map((e) => e.obj);
  }

  /** The events about one object (describe's search) without building all the others. */
  about(ns: string, kind: string, name: string, uid: string | undefined): KubeObject[] {
    this.expire();
    const hit = (r: EventRecord) => r.kind === kind && r.name === name && (!uid || r.uid === uid) && (ns === '' || r.ns === ns);
    const out = [...this.records.values()].filter(hit).map((r) => this.toObject(r));
    for (const { obj } of this.raw.values()) {
      const io = ((obj as unknown as Record<string, unknown>)['involvedObject'] ?? {}) as Record<string, unknown>;
      if (io['kind'] === kind && io['name'] === name && (!io['uid'] || !uid || io['uid'] === uid) && (ns === '' || obj.metadata.namespace === ns)) out.push(obj);
    }
    return out;
  }

  count(): number {
    this.expire();
    return this.records.size + this.raw.size;
  }

  namespaces(): string[] {
    const out = new Set<string>();
    for (const r of this.records.values()) out.add(r.ns);
    for (const { obj } of this.raw.values()) out.add(obj.metadata.namespace ?? '');
    return [...out];
  }

  /** Stores an Event written through the API (replacing a record of the same name). */
  putRaw(ns: string, obj: KubeObject): void {
    const r = this.recordNamed(ns, obj.metadata.name ?? '');
    if (r) this.records.delete(r.nano);
    const key = `${ns}/${obj.metadata.name ?? ''}`;
    this.raw.delete(key);
    this.raw.set(key, { obj, written: this.clock.now() });
  }

  remove(ns: string, name: string): void {
    const r = this.recordNamed(ns, name);
    if (r) this.records.delete(r.nano);
    this.raw.delete(`${ns}/${name}`);
  }

  /** Drops every Event whose lease ran out (etcd deletes the key: watchers see DELETED). */
  expire(): void {
    const cutoff = this.clock.now() - this.ttlMs;
    for (const r of this.records.values()) {
      if (r.written > cutoff) break;
      this.records.delete(r.nano);
      if (this.watch.watched()) this.gone(this.toObject(r));
    }
    for (const [key, e] of this.raw) {
      if (e.written > cutoff) break;
      this.raw.delete(key);
      if (this.watch.watched()) this.gone(e.obj);
    }
  }

  private gone(obj: KubeObject): void {
    this.watch.emit('DELETED', { ...obj, metadata: { ...obj.metadata, resourceVersion: this.nextRv() } }, obj);
  }

  private recordNamed(ns: string, name: string): EventRecord | undefined {
    const dot = name.lastIndexOf('.');
    const hex = name.slice(dot + 1);
    if (dot < 0 || !/^[0-9a-f]{1,16}$/.test(hex)) return undefined;
    const r = this.records.get(Number(BigInt(`0x${hex}`) - this.epochNano));
    return r && r.ns === ns && this.nameOf(r) === name ? r : undefined;
  }

  /** The core/v1 Event as the API server returns it. */
  toObject(r: EventRecord): KubeObject {
    const name = this.nameOf(r);
    const involved: Record<string, string> = { kind: r.kind };
    if (r.refNs) involved['namespace'] = r.refNs;
    involved['name'] = r.name;
    involved['uid'] = r.uid;
    involved['apiVersion'] = r.apiVersion;
    if (r.refRv) involved['resourceVersion'] = r.refRv;
    if (r.fieldPath) involved['fieldPath'] = r.fieldPath;
    const meta = { name, namespace: r.ns, creationTimestamp: this.clock.timestamp(r.created), uid: uuidFromName(name), resourceVersion: String(r.rv) };
    const ev: Record<string, unknown> = { apiVersion: 'v1', kind: 'Event', metadata: meta, involvedObject: involved, reason: r.reason, message: r.message };
    const o = r.origin;
    if (o.source) {
      Object.assign(ev, { source: { ...o.source }, firstTimestamp: this.clock.timestamp(r.created), lastTimestamp: this.clock.timestamp(r.last), count: r.count, type: r.type, eventTime: null });
    } else {
      Object.assign(ev, { source: {}, firstTimestamp: null, lastTimestamp: null, type: r.type, eventTime: this.microTime(r.created) });
      if (r.seriesCount > 0) ev['series'] = { count: r.seriesCount, lastObservedTime: this.microTime(r.seriesLast) };
      if (r.action) ev['action'] = r.action;
    }
    ev['reportingComponent'] = r.combined ? '' : o.reportingComponent;
    ev['reportingInstance'] = r.combined ? '' : o.reportingInstance;
    return ev as unknown as KubeObject;
  }

  /** metav1.MicroTime: RFC 3339 with microseconds. */
  private microTime(ms: number): string {
    const frac = String((((ms % 1000) + 1000) % 1000) * 1000).padStart(6, '0');
    return this.clock.timestamp(ms).replace(/Z$/, `.${frac}Z`);
  }
}

/** A version-4-shaped uuid derived from a name (recording must not draw from the seeded stream). */
function uuidFromName(name: string): string {
  const h = sha256Hex(name);
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
