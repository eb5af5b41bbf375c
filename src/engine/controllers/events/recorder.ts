// Event recorders (client-go tools/record and tools/events). Controllers and kubelets report
// what they do as core/v1 Events written to the API server, as a real cluster's do:
// - the legacy recorder (kube-controller-manager's controllers, the kubelet) runs every event
//   through the EventCorrelator first: similar events (same source, object, type and reason)
//   with 10 distinct messages in 10 minutes become one "(combined from similar events): …"
//   event; identical events are counted (count, lastTimestamp) on the first one's object; a
//   source may write 25 events about an object, then one per 5 minutes (token bucket).
// - the events.k8s.io recorder (kube-scheduler) writes eventTime/reportingController and, for
//   a repeat within 6 minutes, a series {count: 2}; later repeats stay in its cache (the
//   30-minute series heartbeat is not modelled).
// Names are `<object>.<UnixNano in hex>`; events written in the same virtual millisecond get
// successive nanoseconds so names stay unique and deterministic.
//
// Memory: a 100k-pod cluster records ~500k events, so the correlator state is kept per
// involved object (keyed by its uid, a string the object already holds) and points at the
// stored records themselves instead of caching copies under long string keys. Like client-go's
// LRU caches (4096 entries) it is bounded: each recorder keeps its newest 4096 objects.
// The aggregator's set of messages is derived from those records (the distinct messages of
// the type and reason seen in the last 10 minutes), which spares a set per object.

import { EVENT_TTL_MS, EventRecord, type EventOrigin, type EventStore, type EventSubject } from '../../api/eventStore.ts';
import type { ControllerContext } from '../context.ts';

export type EventType = 'Normal' | 'Warning';

export interface EventRecorder {
  /** Records an event about `obj`; `fieldPath` names a container (`spec.containers{echo}`). */
  event(obj: EventSubject, type: EventType, reason: string, message: string, fieldPath?: string): void;
}

interface Source {
  component: string;
  host?: string;
}

const AGGREGATE_MAX = 10;
const AGGREGATE_INTERVAL_MS = 600_000;
const SPAM_BURST = 25;
const SPAM_REFILL_MS = 300_000;
const SERIES_WINDOW_MS = 360_000;
const LRU_ENTRIES = 4096;

/** What a recorder remembers about one involved object. */
interface ObjectState {
  /** Spam filter token bucket (per source and object). */
  tokens: number;
  at: number;
  /** The newest event recorded about it (stored, or held back by the spam filter). */
  head: EventRecord | undefined;
}

/** Per-object entries in an LRU map (Map order: least recently used first). */
class Lru<V> {
  private readonly map = new Map<string, V>();
  touch(obj: EventSubject, init: () => V): V {
    const key = obj.metadata.uid || `${obj.kind}/${obj.metadata.namespace ?? ''}/${obj.metadata.name ?? ''}`;
    let v = this.map.get(key);
    if (v !== undefined) this.map.delete(key);
    else v = init();
    this.map.set(key, v);
    if (this.map.size > LRU_ENTRIES) this.map.delete(this.map.keys().next().value!);
    return v;
  }
}

/** The records of a per-object list, newest first, dropping those the API server expired. */
function* recordsOf(st: { head: EventRecord | undefined }, now: number): Generator<EventRecord> {
  let prev: EventRecord | undefined;
  for (let r = st.head; r; r = r.prev) {
    if (r.last <= now - EVENT_TTL_MS) {
      if (prev) prev.prev = r.prev;
      else st.head = r.prev;
      continue;
    }
    prev = r;
    yield r;
  }
}

/** A unique, increasing UnixNano for "now" (the virtual clock has millisecond resolution). */
const lastNano = new WeakMap<EventStore, number>();
function nanoNow(store: EventStore, now: number): number {
  const n = Math.max(now * 1_000_000, (lastNano.get(store) ?? -1) + 1);
  lastNano.set(store, n);
  return n;
}

/** The legacy core/v1 recorder (record.EventBroadcaster.NewRecorder) for one source. */
export function legacyRecorder(ctx: ControllerContext, source: Source): EventRecorder {
  const { api, clock } = ctx;
  const store = api.events;
  const origin: EventOrigin = {
    source: source.host ? { component: source.component, host: source.host } : { component: source.component },
    reportingComponent: source.component,
    reportingInstance: source.host ?? '',
  };
  const states = new Lru<ObjectState>();
  return {
    event(obj, type, reason, message, fieldPath) {
      const now = clock.now();
      const st = states.touch(obj, () => ({ tokens: SPAM_BURST, at: now, head: undefined }));
      const seen = [...recordsOf(st, now)];
      // EventAggregate: the distinct messages of this type and reason lately; at 10 the event
      // is counted on the one "(combined from similar events)" event instead.
      const messages = new Set<string>([message]);
      for (const r of seen) if (!r.combined && r.type === type && r.reason === reason && r.last > now - AGGREGATE_INTERVAL_MS) messages.add(r.message);
      const combined = messages.size >= AGGREGATE_MAX;
      const msg = combined ? `(combined from similar events): ${message}` : message;
      // eventObserve: an identical event seen before is counted on the first one's object.
      let rec = seen.find((r) => r.combined === combined && r.type === type && r.reason === reason && (combined || (r.fieldPath === fieldPath && r.message === message)));
      const known = rec !== undefined;
      if (!rec) {
        const path = combined || fieldPath === undefined ? undefined : store.intern(fieldPath);
        rec = new EventRecord(obj.metadata.namespace || 'default', nanoNow(store, now), origin, obj, path, type, reason, store.intern(msg), undefined, now, now);
        rec.combined = combined;
        rec.prev = st.head;
        st.head = rec;
      }
      // Spam filter: 25 events per source and object, then one every 5 minutes.
      st.tokens = Math.min(SPAM_BURST, st.tokens + (now - st.at) / SPAM_REFILL_MS);
      st.at = now;
      const allowed = st.tokens >= 1;
      if (allowed) st.tokens -= 1;
      if (!known) {
        if (allowed) store.add(rec);
        return;
      }
      const update = (r: EventRecord): void => {
        r.count++;
        r.last = now;
        r.message = store.intern(msg);
      };
      if (allowed) store.touch(rec, update);
      else update(rec); // counted in the cache, not written
    },
  };
}

/** The events.k8s.io recorder (kube-scheduler): eventTime, action, series for repeats. */
export function seriesRecorder(ctx: ControllerContext, controller: string, instance: () => string, action: (reason: string) => string): EventRecorder {
  const { api, clock } = ctx;
  const store = api.events;
  const origins = new Map<string, EventOrigin>();
  // Only the newest record per object: the series state lives on the records.
  const states = new Lru<{ head: EventRecord | undefined }>();
  return {
    event(obj, type, reason, message) {
      const now = clock.now();
      const inst = instance();
      let origin = origins.get(inst);
      if (!origin) origins.set(inst, (origin = { reportingComponent: controller, reportingInstance: inst }));
      const act = action(reason);
      const st = states.touch(obj, () => ({ head: undefined }));
      let seen: EventRecord | undefined;
      for (const r of recordsOf(st, now)) if (!seen && r.origin === origin && r.type === type && r.reason === reason && r.action === act && r.message === message) seen = r;
      if (seen && now - seen.last <= SERIES_WINDOW_MS) {
        seen.last = now;
        seen.count++;
        if (seen.count > 2) return; // later repeats wait for the series heartbeat
        store.touch(seen, (r) => {
          r.seriesCount = 2;
          r.seriesLast = now;
        });
        return;
      }
      // A repeat after the window is a new event (finishSeries dropped the old one from the cache).
      const rec = new EventRecord(obj.metadata.namespace || 'default', nanoNow(store, now), origin, obj, undefined, type, reason, store.intern(message), act, now, now);
      rec.prev = st.head;
      st.head = rec;
      store.add(rec);
    },
  };
}
