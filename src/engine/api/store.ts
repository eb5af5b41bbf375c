// The simulated API server: versioned object storage with watch, secondary indexes, and the
// REST semantics that show in real clusters (generateName, resourceVersion, generation,
// status subresources, graceful deletion, finalizers, optimistic concurrency).
//
// Stored objects are immutable: every write stores a new object. Unchanged sub-trees may be
// shared between versions (trusted internal writers pass ownership instead of a copy), which
// keeps a 100k-pod cluster small and makes no-op detection cheap.

import type { VirtualClock } from '../sim/clock.ts';
import type { Journal } from '../sim/journal.ts';
import type { Rng } from '../sim/rng.ts';
import { cloneJson, deepEqual } from './deepEqual.ts';
import { EventStore } from './eventStore.ts';
import { RESOURCES, apiVersionOf, type ResourceInfo } from './resources.ts';
import { type ApiResult, alreadyExists, failure, notFound } from './status.ts';
import type { FieldError, Strategy, StrategyContext } from './strategy.ts';
import { invalidStatus } from './fieldErrors.ts';
import type { KubeObject } from './types.ts';

export interface WriteOptions {
  /** Who writes (kubectl, a controller, a kubelet): recorded in the journal. */
  actor: string;
  /** The caller hands the object over and will not touch it again: no defensive copy. */
  trusted?: boolean;
  dryRun?: boolean;
  /**
   * `binding`: the scheduler's pods/binding subresource (sets spec.nodeName and the
   * PodScheduled condition, which an ordinary pod update may not change).
   */
  subresource?: 'binding';
}

export interface DeleteOptions extends WriteOptions {
  gracePeriodSeconds?: number;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';
export interface WatchEvent {
  type: WatchEventType;
  resource: string;
  object: KubeObject;
  /** The previous version for MODIFIED and DELETED. */
  old?: KubeObject;
}
export type WatchHandler = (event: WatchEvent) => void;

interface Index {
  keys: (obj: KubeObject) => string[];
  entries: Map<string, Map<string, KubeObject>>;
}

const EVENTS = 'events';
const GENERATE_NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export class ApiServer {
  private readonly data = new Map<string, Map<string, Map<string, KubeObject>>>(); // resource → ns → name
  private readonly watchers = new Map<string, { ns?: string; handler: WatchHandler }[]>();
  private readonly indexes = new Map<string, Map<string, Index>>();
  private readonly pending: { handlers: { ns?: string; handler: WatchHandler }[]; event: WatchEvent }[] = [];
  private delivering = false;
  private rv = 0;
  private readonly ctx: StrategyContext;
  /** Events live in a store of their own (compact, with a TTL): see eventStore.ts. */
  readonly events: EventStore;

  constructor(
    private readonly clock: VirtualClock,
    private readonly rng: Rng,
    private readonly journal: Journal,
    private readonly strategies: Record<string, Strategy>,
  ) {
    for (const r of RESOURCES) this.data.set(r.resource, new Map());
    this.ctx = { clock, rng, get: (res, ns, name) => this.get(res, ns, name) };
    this.events = new EventStore(clock, {
      watched: () => (this.watchers.get('events')?.length ?? 0) > 0,
      emit: (type, object, old) => this.emit('events', old ? { type, resource: 'events', object, old } : { type, resource: 'events', object }),
    });
  }

  /** The cluster-wide resourceVersion of the last write. */
  resourceVersion(): number {
    return this.rv;
  }

  info(resource: string): ResourceInfo {
    const info = RESOURCES.find((r) => r.resource === resource);
    if (!info) throw new Error(`unknown resource ${resource}`); // programming error, not user input
    return info;
  }

  /** `deployments.apps` as error messages name a resource. */
  qualified(resource: string): string {
    const info = this.info(resource);
    return info.group ? `${info.resource}.${info.group}` : info.resource;
  }

  get<T extends KubeObject = KubeObject>(resource: string, namespace: string, name: string): T | undefined {
    if (resource === EVENTS) return this.events.get(namespace, name) as T | undefined;
    return this.data.get(resource)?.get(this.nsKey(resource, namespace))?.get(name) as T | undefined;
  }

  /** Objects in name order within namespace order (what the API server's list returns). */
  list<T extends KubeObject = KubeObject>(resource: string, namespace?: string, filter?: (obj: KubeObject) => boolean): T[] {
    if (resource === EVENTS) return this.events.list(namespace, filter) as T[];
    const byNs = this.data.get(resource);
    if (!byNs) return [];
    const namespaces = namespace !== undefined && this.info(resource).namespaced ? [namespace] : [...byNs.keys()].sort();
    const out: T[] = [];
    for (const ns of namespaces) {
      const objs = byNs.get(ns);
      if (!objs) continue;
      for (const name of [...objs.keys()].sort()) {
        const obj = objs.get(name)!;
        if (!filter || filter(obj)) out.push(obj as T);
      }
    }
    return out;
  }

  count(resource: string): number {
    if (resource === EVENTS) return this.events.count();
    let n = 0;
    for (const objs of this.data.get(resource)?.values() ?? []) n += objs.size;
    return n;
  }

  addIndex(resource: string, name: string, keys: (obj: KubeObject) => string[]): void {
    let forRes = this.indexes.get(resource);
    if (!forRes) this.indexes.set(resource, (forRes = new Map()));
    if (forRes.has(name)) return;
    const index: Index = { keys, entries: new Map() };
    forRes.set(name, index);
    for (const obj of this.list(resource)) this.indexAdd(index, obj);
  }

  byIndex<T extends KubeObject = KubeObject>(resource: string, name: string, key: string): T[] {
    const index = this.indexes.get(resource)?.get(name);
    if (!index) throw new Error(`no index ${resource}/${name}`);
    return [...(index.entries.get(key)?.values() ?? [])] as T[];
  }

  watch(resource: string, handler: WatchHandler, namespace?: string): () => void {
    let list = this.watchers.get(resource);
    if (!list) this.watchers.set(resource, (list = []));
    const entry = namespace === undefined ? { handler } : { ns: namespace, handler };
    list.push(entry);
    return () => {
      const l = this.watchers.get(resource);
      const i = l?.indexOf(entry) ?? -1;
      if (l && i >= 0) l.splice(i, 1);
    };
  }

  create<T extends KubeObject>(resource: string, input: T, opts: WriteOptions): ApiResult<T> {
    const info = this.info(resource);
    const obj = (opts.trusted ? { ...input, metadata: { ...input.metadata } } : cloneJson(input)) as KubeObject;
    obj.apiVersion = apiVersionOf(info);
    obj.kind = info.kind;
    const meta = obj.metadata;
    if (!info.namespaced) delete meta.namespace;
    const ns = info.namespaced ? (meta.namespace ??= 'default') : '';
    if (info.namespaced) {
      const nsObj = this.get('namespaces', '', ns);
      if (!nsObj) return notFound('namespaces', ns) as ApiResult<T>;
      if (nsObj.metadata.deletionTimestamp) {
        return failure('Forbidden', `${info.resource} "${meta.name ?? meta.generateName ?? ''}" is forbidden: unable to create new content in namespace ${ns} because it is being terminated`) as ApiResult<T>;
      }
    }
    if (!meta.name && meta.generateName) meta.name = meta.generateName + this.rng.string(GENERATE_NAME_ALPHABET, 5);
    const strategy = this.strategies[resource] ?? {};
    const errs: FieldError[] = [];
    if (!meta.name) errs.push({ field: 'metadata.name', type: 'Required', detail: 'name or generateName is required' });
    // Server-set fields are never taken from the request.
    delete meta.uid;
    delete meta.resourceVersion;
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    meta.creationTimestamp = this.clock.timestamp();
    if (strategy.generation) meta.generation = 1;
    else delete meta.generation;
    if (errs.length === 0) errs.push(...(strategy.prepareForCreate?.(obj, this.ctx) ?? []));
    if (errs.length === 0) errs.push(...(strategy.validateCreate?.(obj, this.ctx) ?? []));
    if (errs.length > 0) {
      strategy.afterDelete?.(obj, this.ctx); // give back anything prepareForCreate allocated
      return this.invalid(info, meta.name ?? '', errs) as ApiResult<T>;
    }
    const name = meta.name!;
    if (this.get(resource, ns, name)) {
      strategy.afterDelete?.(obj, this.ctx);
      return alreadyExists(this.qualified(resource), name) as ApiResult<T>;
    }
    if (opts.dryRun) {
      strategy.afterDelete?.(obj, this.ctx);
      return { ok: true, object: obj as T };
    }
    meta.uid = this.rng.uuid();
    meta.resourceVersion = this.nextRv(resource);
    this.store(resource, ns, obj);
    this.record('create', resource, obj, opts.actor);
    this.emit(resource, { type: 'ADDED', resource, object: obj });
    return { ok: true, object: obj as T };
  }

  /** Replaces the object (PUT). Status is kept for kinds with a status subresource. */
  update<T extends KubeObject>(resource: string, input: T, opts: WriteOptions): ApiResult<T> {
    return this.write(resource, input, opts, false);
  }

  /** Writes only the status (PUT …/status). */
  updateStatus<T extends KubeObject>(resource: string, input: T, opts: WriteOptions): ApiResult<T> {
    return this.write(resource, input, opts, true);
  }

  delete(resource: string, namespace: string, name: string, opts: DeleteOptions): ApiResult<KubeObject> {
    const info = this.info(resource);
    const old = this.get(resource, namespace, name);
    if (!old) return notFound(this.qualified(resource), name);
    const strategy = this.strategies[resource] ?? {};
    let grace = opts.gracePeriodSeconds ?? strategy.gracefulDelete?.(old);
    // A pod that never reached a node has nothing to stop: it goes at once (as upstream).
    if (resource === 'pods' && !(old.spec as { nodeName?: string } | undefined)?.nodeName) grace = 0;
    const finalizers = old.metadata.finalizers ?? [];
    const namespaceFinalizing = resource === 'namespaces' && !(opts.gracePeriodSeconds === 0 && old.metadata.deletionTimestamp);
    if (opts.dryRun) return { ok: true, object: old };
    if (finalizers.length > 0 || namespaceFinalizing || (grace !== undefined && grace > 0)) {
      const meta = { ...old.metadata };
      const graceSeconds = grace ?? 0;
      const deadline = this.clock.now() + graceSeconds * 1000;
      if (meta.deletionTimestamp) {
        // Already terminating: a delete may only shorten the grace period.
        if (meta.deletionGracePeriodSeconds === undefined || graceSeconds >= meta.deletionGracePeriodSeconds) return { ok: true, object: old };
      }
      meta.deletionTimestamp = this.clock.timestamp(deadline);
      meta.deletionGracePeriodSeconds = graceSeconds;
      const next: KubeObject = { ...old, metadata: meta };
      if (namespaceFinalizing) next.status = { ...(old.status as object), phase: 'Terminating' };
      meta.resourceVersion = this.nextRv(resource);
      this.store(resource, info.namespaced ? namespace : '', next, old);
      this.record('update', resource, next, opts.actor);
      this.emit(resource, { type: 'MODIFIED', resource, object: next, old });
      return { ok: true, object: next };
    }
    return { ok: true, object: this.remove(resource, old, opts.actor) };
  }

  private write<T extends KubeObject>(resource: string, input: T, opts: WriteOptions, status: boolean): ApiResult<T> {
    const info = this.info(resource);
    const ns = info.namespaced ? (input.metadata.namespace ?? 'default') : '';
    const name = input.metadata.name ?? '';
    const old = this.get(resource, ns, name);
    if (!old) return notFound(this.qualified(resource), name) as ApiResult<T>;
    const rv = input.metadata.resourceVersion;
    if (rv && rv !== old.metadata.resourceVersion) {
      return failure('Conflict', `Operation cannot be fulfilled on ${this.qualified(resource)} "${name}": the object has been modified; please apply your changes to the latest version and try again`) as ApiResult<T>;
    }
    const strategy = this.strategies[resource] ?? {};
    const copy = (opts.trusted ? { ...input } : cloneJson(input)) as KubeObject;
    let obj: KubeObject;
    if (opts.subresource === 'binding') {
      obj = { ...old, spec: copy.spec, status: copy.status };
    } else if (status) {
      obj = { ...old, status: copy.status };
    } else {
      obj = copy;
      if (strategy.statusSubresource) {
        if (old.status === undefined) delete obj.status;
        else obj.status = old.status;
      }
    }
    obj.apiVersion = old.apiVersion;
    obj.kind = old.kind;
    // Metadata the server owns survives any update. A status write may still change
    // annotations (the deployment controller records its revision that way), not labels.
    const meta = status ? { ...old.metadata } : { ...obj.metadata };
    if (status) {
      if (copy.metadata.annotations === undefined) delete meta.annotations;
      else meta.annotations = copy.metadata.annotations;
    }
    meta.name = old.metadata.name;
    if (info.namespaced) meta.namespace = old.metadata.namespace;
    meta.uid = old.metadata.uid;
    meta.creationTimestamp = old.metadata.creationTimestamp;
    copyOrDelete(meta, old.metadata, 'deletionTimestamp');
    copyOrDelete(meta, old.metadata, 'deletionGracePeriodSeconds');
    copyOrDelete(meta, old.metadata, 'generation');
    obj.metadata = meta;
    if (!status && !opts.subresource) {
      const errs = [
        ...(strategy.prepareForUpdate?.(obj, old, this.ctx) ?? []),
        ...(strategy.validateUpdate?.(obj, old, this.ctx) ?? []),
      ];
      if (errs.length > 0) return this.invalid(info, name, errs) as ApiResult<T>;
      if (strategy.generation && !deepEqual(obj.spec, old.spec)) meta.generation = (old.metadata.generation ?? 0) + 1;
    }
    meta.resourceVersion = old.metadata.resourceVersion;
    if (deepEqual(obj, old)) return { ok: true, object: old as T }; // nothing changed: no write
    if (opts.dryRun) return { ok: true, object: obj as T };
    if (old.metadata.deletionTimestamp && (meta.finalizers ?? []).length === 0 && (old.metadata.finalizers ?? []).length > 0) {
      return { ok: true, object: this.remove(resource, obj, opts.actor) as T };
    }
    meta.resourceVersion = this.nextRv(resource);
    this.store(resource, ns, obj, old);
    this.record('update', resource, obj, opts.actor);
    this.emit(resource, { type: 'MODIFIED', resource, object: obj, old });
    return { ok: true, object: obj as T };
  }

  private remove(resource: string, old: KubeObject, actor: string): KubeObject {
    const info = this.info(resource);
    const ns = info.namespaced ? (old.metadata.namespace ?? '') : '';
    const gone: KubeObject = { ...old, metadata: { ...old.metadata, resourceVersion: this.nextRv(resource) } };
    if (resource === EVENTS) {
      this.events.remove(ns, old.metadata.name!);
    } else {
      const byName = this.data.get(resource)!.get(ns)!;
      byName.delete(old.metadata.name!);
      if (byName.size === 0) this.data.get(resource)!.delete(ns);
    }
    for (const index of this.indexes.get(resource)?.values() ?? []) this.indexRemove(index, old);
    this.strategies[resource]?.afterDelete?.(old, this.ctx);
    this.record('delete', resource, gone, actor);
    this.emit(resource, { type: 'DELETED', resource, object: gone, old });
    return gone;
  }

  private invalid(info: ResourceInfo, name: string, errs: FieldError[]): ApiResult<never> {
    return { ok: false, status: invalidStatus(info.kind, name, errs) };
  }

  private nsKey(resource: string, namespace: string): string {
    return this.info(resource).namespaced ? namespace : '';
  }

  /** Events count their own revisions (their store is a separate etcd). */
  private nextRv(resource: string): string {
    return resource === EVENTS ? this.events.nextRv() : String(++this.rv);
  }

  private store(resource: string, ns: string, obj: KubeObject, old?: KubeObject): void {
    if (resource === EVENTS) return this.events.putRaw(ns, obj);
    const byNs = this.data.get(resource)!;
    let byName = byNs.get(ns);
    if (!byName) byNs.set(ns, (byName = new Map()));
    byName.set(obj.metadata.name!, obj);
    for (const index of this.indexes.get(resource)?.values() ?? []) {
      if (old) this.indexRemove(index, old);
      this.indexAdd(index, obj);
    }
  }

  private indexAdd(index: Index, obj: KubeObject): void {
    const id = objectId(obj);
    for (const key of index.keys(obj)) {
      let set = index.entries.get(key);
      if (!set) index.entries.set(key, (set = new Map()));
      set.set(id, obj);
    }
  }

  private indexRemove(index: Index, obj: KubeObject): void {
    const id = objectId(obj);
    for (const key of index.keys(obj)) {
      const set = index.entries.get(key);
      set?.delete(id);
      if (set?.size === 0) index.entries.delete(key);
    }
  }

  private record(verb: 'create' | 'update' | 'delete', resource: string, obj: KubeObject, actor: string): void {
    this.journal.append({
      type: 'write',
      verb,
      resource,
      namespace: obj.metadata.namespace ?? '',
      name: obj.metadata.name ?? '',
      resourceVersion: obj.metadata.resourceVersion ?? '',
      // What goes over the wire and into storage: the serialised object (a delete writes none).
      bytes: verb === 'delete' ? 0 : JSON.stringify(obj).length,
      actor,
    });
  }

  // Events are delivered in resourceVersion order even when a handler writes while handling:
  // nested writes queue behind the event being delivered.
  private emit(resource: string, event: WatchEvent): void {
    const handlers = this.watchers.get(resource);
    if (!handlers || handlers.length === 0) return;
    this.pending.push({ handlers: [...handlers], event });
    if (this.delivering) return;
    this.delivering = true;
    try {
      for (let i = 0; i < this.pending.length; i++) {
        const { handlers: hs, event: ev } = this.pending[i]!;
        const ns = ev.object.metadata.namespace;
        for (const h of hs) if (h.ns === undefined || h.ns === ns) h.handler(ev);
      }
    } finally {
      this.pending.length = 0;
      this.delivering = false;
    }
  }
}

function objectId(obj: KubeObject): string {
  return `${obj.metadata.namespace ?? ''}/${obj.metadata.name ?? ''}`;
}

function copyOrDelete<K extends keyof KubeObject['metadata']>(meta: KubeObject['metadata'], from: KubeObject['metadata'], key: K): void {
  if (from[key] === undefined) delete meta[key];
  else meta[key] = from[key];
}
