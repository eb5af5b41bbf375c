// The event collector: what happens in the simulation, in order, as the page's timeline reads
// it. It follows the journal (API writes, pod phases, controller actions, kube-proxy syncs)
// and the network (every connect()), and hands out what accumulated since the last drain.
//
//   write   an API write (EndpointSlice writes are reported as `slice` instead, with the diff)
//   pod     a pod phase entry (scheduled, ContainerCreating, Running, Running (Ready), …)
//   slice   an EndpointSlice create/update/delete with the addresses added and removed
//           against the previous version of that slice
//   sync    a kube-proxy sync on one node (the node's SyncRecord, without the payload)
//   packet  a traced connection (traffic, trace, curl, …) with every hop
//   note    controller actions (ScalingReplicaSet, SuccessfulCreate, …), journal notes, and
//           notes the host adds

import type { EndpointSlice, Service } from '../api/types.ts';
import type { Stamped } from '../sim/journal.ts';
import type { Simulation } from '../simulation.ts';
import { SERVICE_NAME_LABEL } from './objects.ts';
import { packetView } from './packets.ts';
import { syncView } from './syncs.ts';
import type { PacketView, SimEvent } from './types.ts';

export interface CollectorOptions {
  /** How many recent packets `packet(id)` can still find (default 500). */
  keepPackets?: number;
  /** At most this many events wait for a drain; older ones are dropped first (default 50,000). */
  maxPending?: number;
}

const KUBE_PROXY = 'kube-proxy/';

type Omit1<T> = T extends unknown ? Omit<T, 'seq'> : never;

export class EventCollector {
  private pending: SimEvent[] = [];
  private seq = 0;
  private nextPacketId = 1;
  private readonly packets = new Map<number, PacketView>();
  /** Each EndpointSlice ("ns/name") as last written: its addresses and Service. */
  private readonly slices = new Map<string, SliceState>();
  private readonly unsubscribe: (() => void)[] = [];
  private serviceIps: { rv: number; byIpPort: Map<string, string> } | undefined;
  private readonly keepPackets: number;
  private readonly maxPending: number;
  /** Grows with every event: a cheap "did anything change" for the host's snapshot version. */
  changes = 0;

  constructor(
    private readonly sim: Simulation,
    opts: CollectorOptions = {},
  ) {
    this.keepPackets = opts.keepPackets ?? 500;
    this.maxPending = opts.maxPending ?? 50_000;
    for (const s of sim.api.list<EndpointSlice>('endpointslices')) this.slices.set(keyOf(s), sliceState(s));
    this.unsubscribe.push(sim.journal.subscribe((e) => this.onJournal(e)));
    this.unsubscribe.push(sim.network.onConnect((trace, opts) => {
      const id = this.nextPacketId++;
      const packet = packetView(trace, opts, { id, at: sim.clock.now(), serviceAt: (ip, port) => this.serviceAt(ip, port) });
      this.packets.set(id, packet);
      if (this.packets.size > this.keepPackets) this.packets.delete(id - this.keepPackets);
      this.push({ kind: 'packet', at: packet.at, packet });
    }));
  }

  /** Events since the last drain, oldest first. */
  drain(): SimEvent[] {
    const out = this.pending;
    this.pending = [];
    return out;
  }

  /** A recent packet by id (the newest `keepPackets`). */
  packet(id: number): PacketView | undefined {
    return this.packets.get(id);
  }

  note(source: string, message: string): void {
    this.push({ kind: 'note', at: this.sim.clock.now(), source, message });
  }

  stop(): void {
    for (const u of this.unsubscribe.splice(0)) u();
  }

  private push(e: Omit1<SimEvent>): void {
    this.changes++;
    this.pending.push({ ...e, seq: ++this.seq } as SimEvent);
    if (this.pending.length > this.maxPending) this.pending.splice(0, this.pending.length - this.maxPending);
  }

  private onJournal(e: Stamped): void {
    switch (e.type) {
      case 'write':
        if (e.resource === 'endpointslices') return this.onSliceWrite(e);
        this.push({ kind: 'write', at: e.at, verb: e.verb, resource: e.resource, namespace: e.namespace, name: e.name, bytes: e.bytes, actor: e.actor });
        return;
      case 'pod': {
        const ev: Omit1<SimEvent> = { kind: 'pod', at: e.at, namespace: e.namespace, name: e.name, phase: e.phase };
        if (e.node) ev.node = e.node;
        if (e.detail) ev.detail = e.detail;
        this.push(ev);
        return;
      }
      case 'controller':
        if (e.controller.startsWith(KUBE_PROXY) && e.action === 'sync') {
          const node = e.controller.slice(KUBE_PROXY.length);
          // The journal entry is written right after the sync: lastSync is that sync.
          const rec = this.sim.kubeProxies?.proxier(node)?.lastSync;
          if (rec) this.push({ kind: 'sync', at: e.at, sync: syncView(node, rec) });
          return;
        }
        this.push({ kind: 'note', at: e.at, source: e.controller, message: e.detail ? `${e.action}: ${e.detail}` : `${e.action} ${e.namespace ? `${e.namespace}/` : ''}${e.name}` });
        return;
      case 'note':
        this.push({ kind: 'note', at: e.at, source: e.source, message: e.message });
        return;
    }
  }

  private onSliceWrite(e: Extract<Stamped, { type: 'write' }>): void {
    const key = `${e.namespace}/${e.name}`;
    const before = this.slices.get(key);
    // The journal entry follows the write: the stored object is the version written.
    const cur = e.verb === 'delete' ? undefined : this.sim.api.get<EndpointSlice>('endpointslices', e.namespace, e.name);
    const after = cur ? sliceState(cur) : undefined;
    if (after) this.slices.set(key, after);
    else this.slices.delete(key);
    const had = new Set(before?.addresses);
    const has = new Set(after?.addresses);
    const ev: Omit1<SimEvent> = {
      kind: 'slice',
      at: e.at,
      namespace: e.namespace,
      name: e.name,
      verb: e.verb,
      added: (after?.addresses ?? []).filter((a) => !had.has(a)),
      removed: (before?.addresses ?? []).filter((a) => !has.has(a)),
      bytes: e.bytes,
    };
    const service = after?.service ?? before?.service;
    if (service) ev.service = service;
    this.push(ev);
  }

  /** The Service whose ClusterIP (or external IP) and port this is, from the API (cached per resourceVersion). */
  private serviceAt(ip: string, port: number): string | undefined {
    const rv = this.sim.api.resourceVersion();
    if (!this.serviceIps || this.serviceIps.rv !== rv) {
      const byIpPort = new Map<string, string>();
      for (const s of this.sim.api.list<Service>('services')) {
        const name = `${s.metadata.namespace}/${s.metadata.name}`;
        const ips = [...(s.spec.clusterIPs ?? (s.spec.clusterIP ? [s.spec.clusterIP] : [])), ...(s.spec.externalIPs ?? [])];
        for (const p of s.spec.ports ?? []) for (const a of ips) if (a !== 'None') byIpPort.set(`${a}:${p.port}`, name);
      }
      this.serviceIps = { rv, byIpPort };
    }
    return this.serviceIps.byIpPort.get(`${ip}:${port}`);
  }
}

const keyOf = (s: EndpointSlice): string => `${s.metadata.namespace ?? 'default'}/${s.metadata.name ?? ''}`;
interface SliceState {
  addresses: string[];
  service?: string;
}

function sliceState(s: EndpointSlice): SliceState {
  const st: SliceState = { addresses: (s.endpoints ?? []).flatMap((e) => e.addresses) };
  const service = s.metadata.labels?.[SERVICE_NAME_LABEL];
  if (service) st.service = service;
  return st;
}
