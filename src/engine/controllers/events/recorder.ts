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

import type { ApiServer } from '../../api/store.ts';
import type { KubeObject } from '../../api/types.ts';
import type { ControllerContext } from '../context.ts';

export type EventType = 'Normal' | 'Warning';

export interface EventRecorder {
  /** Records an event about `obj`; `fieldPath` names a container (`spec.containers{echo}`). */
  event(obj: KubeObject, type: EventType, reason: string, message: string, fieldPath?: string): void;
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

interface State {
  aggregates: Map<string, { messages: Set<string>; last: number }>;
  observed: Map<string, { name: string; count: number; first: string }>;
  spam: Map<string, { tokens: number; at: number }>;
  series: Map<string, { name: string; last: number; count: number }>;
  lastNano: bigint;
}

// One correlator state per API server (per simulation); the keys include the source, so
// sharing it across components changes nothing.
const states = new WeakMap<ApiServer, State>();

function stateOf(api: ApiServer): State {
  let s = states.get(api);
  if (!s) {
    s = { aggregates: new Map(), observed: new Map(), spam: new Map(), series: new Map(), lastNano: 0n };
    states.set(api, s);
  }
  return s;
}

function reference(obj: KubeObject, fieldPath?: string): Record<string, string> {
  const ref: Record<string, string> = { kind: obj.kind, namespace: obj.metadata.namespace ?? '', name: obj.metadata.name ?? '', uid: obj.metadata.uid ?? '' };
  ref['apiVersion'] = obj.apiVersion;
  if (obj.metadata.resourceVersion) ref['resourceVersion'] = obj.metadata.resourceVersion;
  if (fieldPath) ref['fieldPath'] = fieldPath;
  if (!ref['namespace']) delete ref['namespace'];
  return ref;
}

/** A unique, increasing UnixNano for "now" (the virtual clock has millisecond resolution). */
function unixNano(ctx: ControllerContext, st: State): bigint {
  const epochMs = -ctx.clock.parse('1970-01-01T00:00:00Z');
  let n = BigInt(epochMs + ctx.clock.now()) * 1_000_000n;
  if (n <= st.lastNano) n = st.lastNano + 1n;
  st.lastNano = n;
  return n;
}

/** The legacy core/v1 recorder (record.EventBroadcaster.NewRecorder) for one source. */
export function legacyRecorder(ctx: ControllerContext, source: Source): EventRecorder {
  const { api, clock } = ctx;
  const st = stateOf(api);
  const actor = source.host ? `${source.component}/${source.host}` : source.component;
  return {
    event(obj, type, reason, message, fieldPath) {
      const ref = reference(obj, fieldPath);
      const now = clock.now();
      const ts = clock.timestamp();
      const src = source.host ? { component: source.component, host: source.host } : { component: source.component };
      const objKey = [source.component, source.host ?? '', ref['kind'], ref['namespace'] ?? '', ref['name'], ref['uid'], ref['apiVersion']].join('\u0000');
      // EventAggregate: by reason, the message being the local key.
      const aggKey = [objKey, type, reason].join('\u0000');
      let agg = st.aggregates.get(aggKey);
      if (!agg || now - agg.last > AGGREGATE_INTERVAL_MS) agg = { messages: new Set(), last: now };
      agg.messages.add(message);
      agg.last = now;
      st.aggregates.set(aggKey, agg);
      let key = [objKey, fieldPath ?? '', type, reason, message].join('\u0000');
      let msg = message;
      let withReporting = true;
      if (agg.messages.size >= AGGREGATE_MAX) {
        // Keep the set at most max-1 large (PopAny) and count on the aggregate event instead.
        const first = agg.messages.values().next().value;
        if (first !== undefined) agg.messages.delete(first);
        key = aggKey;
        msg = `(combined from similar events): ${message}`;
        withReporting = false; // the aggregate copy carries no reporting fields
      }
      // eventObserve: an identical event seen before is counted on the first one's object.
      const seen = st.observed.get(key);
      const name = seen?.name ?? `${ref['name']}.${unixNano(ctx, st).toString(16)}`;
      const count = (seen?.count ?? 0) + 1;
      const first = seen?.first ?? ts;
      st.observed.set(key, { name, count, first });
      // Spam filter: 25 events per source and object, then one every 5 minutes.
      const bucket = st.spam.get(objKey) ?? { tokens: SPAM_BURST, at: now };
      bucket.tokens = Math.min(SPAM_BURST, bucket.tokens + (now - bucket.at) / SPAM_REFILL_MS);
      bucket.at = now;
      st.spam.set(objKey, bucket);
      if (bucket.tokens < 1) return;
      bucket.tokens -= 1;
      const ns = ref['namespace'] ?? 'default';
      const ev = {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name, namespace: ns },
        involvedObject: ref,
        reason,
        message: msg,
        source: src,
        firstTimestamp: first,
        lastTimestamp: ts,
        count,
        type,
        eventTime: null,
        ...(withReporting ? { reportingComponent: source.component, reportingInstance: source.host ?? '' } : { reportingComponent: '', reportingInstance: '' }),
      } as unknown as KubeObject;
      const existing = seen ? api.get('events', ns, name) : undefined;
      if (existing) {
        const res = api.update('events', { ...existing, message: msg, count, lastTimestamp: ts } as KubeObject, { actor, trusted: true });
        if (res.ok) return;
      }
      api.create('events', ev, { actor, trusted: true });
    },
  };
}

/** The events.k8s.io recorder (kube-scheduler): eventTime, action, series for repeats. */
export function seriesRecorder(ctx: ControllerContext, controller: string, instance: () => string, action: (reason: string) => string): EventRecorder {
  const { api, clock } = ctx;
  const st = stateOf(api);
  const microTime = (): string => {
    const wall = -clock.parse('1970-01-01T00:00:00Z') + clock.now();
    const frac = String((((wall % 1000) + 1000) % 1000) * 1000).padStart(6, '0');
    return clock.timestamp().replace(/Z$/, `.${frac}Z`);
  };
  return {
    event(obj, type, reason, message) {
      const ref = reference(obj);
      const now = clock.now();
      const ns = ref['namespace'] ?? 'default';
      const key = [controller, instance(), ref['kind'], ref['namespace'] ?? '', ref['name'], ref['uid'], type, reason, action(reason), message].join('\u0000');
      const seen = st.series.get(key);
      if (seen && now - seen.last <= SERIES_WINDOW_MS) {
        seen.last = now;
        seen.count++;
        if (seen.count > 2) return; // later repeats wait for the series heartbeat
        const existing = api.get('events', ns, seen.name);
        if (existing) api.update('events', { ...existing, series: { count: 2, lastObservedTime: microTime() } } as KubeObject, { actor: controller, trusted: true });
        return;
      }
      const name = `${ref['name']}.${unixNano(ctx, st).toString(16)}`;
      st.series.set(key, { name, last: now, count: 1 });
      const ev = {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name, namespace: ns },
        involvedObject: ref,
        reason,
        message,
        source: {},
        firstTimestamp: null,
        lastTimestamp: null,
        type,
        eventTime: microTime(),
        action: action(reason),
        reportingComponent: controller,
        reportingInstance: instance(),
      } as unknown as KubeObject;
      api.create('events', ev, { actor: controller, trusted: true });
    },
  };
}
