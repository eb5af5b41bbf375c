// One node's kube-proxy in iptables mode (pkg/proxy/iptables/proxier.go, v1.33): change
// trackers fed by informer events, and syncProxyRules, which merges pending changes, writes the
// jump rules on full syncs (KP-14), builds the restore payload, rewriting only changed
// Services' chains on partial syncs (KP-22), deletes stale chains (KP-21) and restores it.

import type { EndpointSlice, Node, Service } from '../api/types.ts';
import { isServiceChainName } from './chainNames.ts';
import { cleanStaleEntries } from './conntrackCleanup.ts';
import { LARGE_CLUSTER_ENDPOINTS_THRESHOLD, type ProxierConfig } from './config.ts';
import { EndpointsChangeTracker, EndpointsMap } from './endpointCache.ts';
import { GoDuration, type Klog } from './klog.ts';
import { assemblePayload, buildSections, sameSections, type DeclaredChains, type Sections } from './payload.ts';
import type { NetfilterPort, PortTable } from './port.ts';
import { newNodePortAddresses, nodePortsJumpRules, type NodePortAddresses } from './nodePortAddresses.ts';
import { buildPortRules, CT_INVALID_NFACCT, LOCALHOST_NODEPORT_NFACCT, type PortRules } from './portRules.ts';
import type { BoundedFrequencyRunner } from './runner.ts';
import { ServiceChangeTracker, ServicePortMap } from './serviceTracker.ts';

/** Why a sync was a full one (undefined: partial). */
export type FullSyncReason = 'initial' | 'node-labels' | 'canary' | 'failed-restore' | 'hourly' | 'forced';

export interface SyncRecord {
  full: boolean;
  reason: FullSyncReason | undefined;
  ok: boolean;
  /** Modelled wall time of the sync (what "SyncProxyRules complete" reports). */
  durationMs: number;
  /** The iptables-restore input (emptied in history records older than the newest 3 when over 256 KiB). */
  payload: string;
  ruleCount: { filter: number; nat: number; natTotal: number };
  /** Chains declared in the payload and kept (filter chains first), in payload order. */
  chainsWritten: string[];
  chainsDeleted: string[];
  /** Services ("ns/name") whose own chains were rewritten (every one on a full sync). */
  servicesWritten: string[];
  at: number;
  error?: string;
}

export interface ProxierDeps {
  config: ProxierConfig;
  /** The node's netfilter state, asked at each sync (the network may be wired later). */
  port: () => NetfilterPort;
  now: () => number;
  /** The node's interface addresses (networkInterfacer.InterfaceAddrs), read at each sync. */
  interfaceAddrs?: () => readonly string[];
  klog?: Klog;
  /** Deterministic jitter source in [0, 1). */
  random?: () => number;
  onSync?: (rec: SyncRecord) => void;
}

/** Source lines of the log calls (kube-proxy v1.33.1 pkg/proxy/iptables/proxier.go). */
export const PROXIER_LINES = {
  routeLocalnet: 'proxier.go:243',
  masqueradeMark: 'proxier.go:258',
  syncParams: 'proxier.go:291',
  randomFully: 'proxier.go:300',
  notSyncing: 'proxier.go:791',
  complete: 'proxier.go:820',
  syncing: 'proxier.go:826',
  syncFailed: 'proxier.go:831',
  reloading: 'proxier.go:1545',
  restoring: 'proxier.go:1553',
  restoreFailed: 'proxier.go:1562',
};

const HISTORY = 20;

interface JumpChain {
  table: PortTable;
  dst: string;
  src: string;
  comment: string;
  extra: string[];
}

const NEW = ['-m', 'conntrack', '--ctstate', 'NEW'];
/** iptablesJumpChains then iptablesKubeletJumpChains, installed in this order with -I (KP-14). */
const JUMP_CHAINS: JumpChain[] = [
  { table: 'filter', dst: 'KUBE-EXTERNAL-SERVICES', src: 'INPUT', comment: 'kubernetes externally-visible service portals', extra: NEW },
  { table: 'filter', dst: 'KUBE-EXTERNAL-SERVICES', src: 'FORWARD', comment: 'kubernetes externally-visible service portals', extra: NEW },
  { table: 'filter', dst: 'KUBE-NODEPORTS', src: 'INPUT', comment: 'kubernetes health check service ports', extra: [] },
  { table: 'filter', dst: 'KUBE-SERVICES', src: 'FORWARD', comment: 'kubernetes service portals', extra: NEW },
  { table: 'filter', dst: 'KUBE-SERVICES', src: 'OUTPUT', comment: 'kubernetes service portals', extra: NEW },
  { table: 'filter', dst: 'KUBE-FORWARD', src: 'FORWARD', comment: 'kubernetes forwarding rules', extra: [] },
  { table: 'filter', dst: 'KUBE-PROXY-FIREWALL', src: 'INPUT', comment: 'kubernetes load balancer firewall', extra: NEW },
  { table: 'filter', dst: 'KUBE-PROXY-FIREWALL', src: 'OUTPUT', comment: 'kubernetes load balancer firewall', extra: NEW },
  { table: 'filter', dst: 'KUBE-PROXY-FIREWALL', src: 'FORWARD', comment: 'kubernetes load balancer firewall', extra: NEW },
  { table: 'nat', dst: 'KUBE-SERVICES', src: 'OUTPUT', comment: 'kubernetes service portals', extra: [] },
  { table: 'nat', dst: 'KUBE-SERVICES', src: 'PREROUTING', comment: 'kubernetes service portals', extra: [] },
  { table: 'nat', dst: 'KUBE-POSTROUTING', src: 'POSTROUTING', comment: 'kubernetes postrouting rules', extra: [] },
  { table: 'filter', dst: 'KUBE-FIREWALL', src: 'INPUT', comment: '', extra: [] },
  { table: 'filter', dst: 'KUBE-FIREWALL', src: 'OUTPUT', comment: '', extra: [] },
];

const sameLabels = (a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean => {
  const ka = Object.keys(a ?? {});
  if (ka.length !== Object.keys(b ?? {}).length) return false;
  return ka.every((k) => a![k] === b?.[k]);
};

export class Proxier {
  readonly config: ProxierConfig;
  readonly nodePortAddresses: NodePortAddresses;
  private readonly serviceChanges: ServiceChangeTracker;
  private readonly endpointsChanges: EndpointsChangeTracker;
  readonly svcPortMap = new ServicePortMap();
  readonly endpointsMap = new EndpointsMap();
  private nodeLabels: Record<string, string> | undefined;
  private labelsVersion = 0;
  private servicesSynced = false;
  private endpointSlicesSynced = false;
  needFullSync = true;
  private lastFullSync = -Infinity;
  private lastIPTablesCleanup = -Infinity;
  largeClusterMode = false;
  private readonly rulesCache = new Map<string, PortRules>();
  private sortedKeys: string[] = [];
  private sortedGen = -1;
  private indexOf = new Map<string, number>();
  /** PortRules aligned with sortedKeys. */
  private ordered: PortRules[] = [];
  private totalEndpoints = 0;
  /** Rules in all ports' own chains (what the nat table holds besides the top-level chains). */
  private ownRulesTotal = 0;
  private builtLarge = false;
  private builtLabels = -1;
  private builtNfacct = false;
  /** Top-level rules of all ports, rebuilt when a port's contribution changes. */
  private sections: Sections | undefined;
  /** The chains the last full sync's payload declared (see assemblePayload). */
  private declared: DeclaredChains | undefined;
  private nfacct = { invalid: false, localhost: false };
  private consecutiveFailures = 0;
  private fullReason: FullSyncReason = 'initial';
  private lastPort: NetfilterPort | undefined;
  runner: BoundedFrequencyRunner | undefined;
  lastSync: SyncRecord | undefined;
  /**
   * The latest syncs, oldest first (at most HISTORY). Payloads of big clusters run to tens of
   * megabytes, so only the newest few records keep large ones.
   */
  readonly history: SyncRecord[] = [];

  constructor(private readonly deps: ProxierDeps) {
    // Localhost NodePorts exist only for IPv4 (route_localnet): for an IPv6 proxier every
    // localhostNodePorts check of proxier.go (KUBE-FIREWALL, the 127.0.0.0/8 NodePort rule)
    // comes out false.
    const v6 = deps.config.ipFamily === 'IPv6';
    this.config = v6 && deps.config.localhostNodePorts ? { ...deps.config, localhostNodePorts: false } : deps.config;
    this.nodePortAddresses = newNodePortAddresses(deps.config.ipFamily, deps.config.nodePortAddresses);
    this.serviceChanges = new ServiceChangeTracker(deps.config.ipFamily);
    this.endpointsChanges = new EndpointsChangeTracker(deps.config.nodeName, deps.config.ipFamily);
  }

  get initialized(): boolean {
    return this.servicesSynced && this.endpointSlicesSynced;
  }

  /** setInitialized(true) as kube-proxy's NewFakeProxier does: both caches count as synced. */
  setInitialized(): void {
    this.servicesSynced = this.endpointSlicesSynced = true;
  }

  // ---- informer events (config.ServiceHandler, EndpointSliceHandler, NodeHandler) ----------

  onServiceAdd(svc: Service): void {
    this.onServiceUpdate(undefined, svc);
  }
  onServiceUpdate(old: Service | undefined, svc: Service | undefined): void {
    if (this.serviceChanges.update(old, svc) && this.initialized) this.sync();
  }
  onServiceDelete(svc: Service): void {
    this.onServiceUpdate(svc, undefined);
  }
  onServicesSynced(): void {
    this.servicesSynced = true;
    this.syncProxyRules(); // once per lifetime, unconditionally
  }
  onEndpointSliceAdd(slice: EndpointSlice): void {
    if (this.endpointsChanges.sliceUpdate(slice, false) && this.initialized) this.sync();
  }
  onEndpointSliceUpdate(_old: EndpointSlice | undefined, slice: EndpointSlice): void {
    this.onEndpointSliceAdd(slice);
  }
  onEndpointSliceDelete(slice: EndpointSlice): void {
    if (this.endpointsChanges.sliceUpdate(slice, true) && this.initialized) this.sync();
  }
  onEndpointSlicesSynced(): void {
    this.endpointSlicesSynced = true;
    this.syncProxyRules();
  }
  /** OnNodeAdd / OnNodeUpdate: a change of this node's labels forces a full sync (KP-22). */
  onNodeUpdate(node: Node): void {
    if (node.metadata.name !== this.config.nodeName) return;
    if (this.nodeLabels !== undefined && sameLabels(this.nodeLabels, node.metadata.labels)) return;
    this.nodeLabels = { ...(node.metadata.labels ?? {}) };
    this.labelsVersion++;
    this.requireFullSync('node-labels');
    this.sync();
  }
  onNodeDelete(node: Node): void {
    if (node.metadata.name !== this.config.nodeName) return;
    this.nodeLabels = undefined;
    this.labelsVersion++;
    this.requireFullSync('node-labels');
    this.sync();
  }

  /** Sync(): ask the runner for a sync as soon as allowed. */
  sync(): void {
    this.runner?.run();
  }

  /** forceSyncProxyRules: the canary vanished (or a test wants one) — a full sync right now. */
  forceSyncProxyRules(reason: FullSyncReason = 'forced'): SyncRecord | undefined {
    this.requireFullSync(reason);
    return this.syncProxyRules();
  }

  /** A sync right now, as the runner would run it (tests and benchmarks). */
  syncNow(): SyncRecord | undefined {
    return this.syncProxyRules();
  }

  private requireFullSync(reason: FullSyncReason): void {
    if (!this.needFullSync) this.fullReason = reason;
    this.needFullSync = true;
  }

  // ---- syncProxyRules ---------------------------------------------------------------------

  syncProxyRules(): SyncRecord | undefined {
    const { config } = this;
    const log = this.deps.klog;
    const start = this.deps.now();
    if (!this.initialized) {
      if (log?.enabled(2)) log.log('I', start, PROXIER_LINES.notSyncing, 'Not syncing iptables until Services and Endpoints have been received from master', [['ipFamily', config.ipFamily]]);
      return undefined;
    }
    const port = this.deps.port();
    // Another netfilter state (the node's network came up): nothing of ours is in it yet.
    if (this.lastPort !== undefined && port !== this.lastPort) this.requireFullSync('forced');
    this.lastPort = port;
    const doFullSync = this.needFullSync || start - this.lastFullSync >= config.fullSyncPeriodMs;
    const reason: FullSyncReason | undefined = !doFullSync ? undefined : this.needFullSync ? this.fullReason : 'hourly';
    const serviceUpdate = this.svcPortMap.update(this.serviceChanges);
    const endpointUpdate = this.endpointsMap.update(this.endpointsChanges);
    if (log?.enabled(2)) log.log('I', start, PROXIER_LINES.syncing, 'Syncing iptables rules', [['ipFamily', config.ipFamily], ['fullSync', doFullSync]]);

    if (doFullSync) {
      // The jumps from the built-in chains live outside the restore payload (KP-14).
      for (const j of JUMP_CHAINS) {
        port.ensureChain(j.table, j.dst);
        const args = [...j.extra, ...(j.comment ? ['-m', 'comment', '--comment', j.comment] : []), '-j', j.dst];
        port.ensureRuleFirst(j.table, j.src, args);
      }
      if (config.nfacct) {
        this.nfacct.invalid = port.ensureNfacct(CT_INVALID_NFACCT);
        this.nfacct.localhost = port.ensureNfacct(LOCALHOST_NODEPORT_NFACCT);
      }
    }

    // Services whose Service object or endpoints changed since the last sync.
    const changed = new Set<string>(serviceUpdate.updatedServices);
    for (const s of endpointUpdate.updatedServices) changed.add(s);
    const { ports, written, totalEndpoints } = this.refreshPortRules(changed, doFullSync);

    // Stale chains: everything of ours in nat that no service port uses any more (KP-21). In
    // large clusters iptables-save is expensive, so this waits for a syncPeriod.
    const deleted: string[] = [];
    if (!this.largeClusterMode || start - this.lastIPTablesCleanup > config.syncPeriodMs) {
      const existing: string[] = [];
      for (const c of port.chainNames('nat')) if (isServiceChainName(c)) existing.push(c);
      if (existing.length > 0) {
        const active = new Set<string>();
        for (const p of ports) for (const c of p.chains) active.add(c.name);
        for (const c of existing) if (!active.has(c)) deleted.push(c);
      }
      this.lastIPTablesCleanup = start;
    }

    const nodePortsJumps = nodePortsJumpRules(this.nodePortAddresses, config.localhostNodePorts, () => this.deps.interfaceAddrs?.() ?? []);
    const payload = assemblePayload({
      config, sections: this.sections!, written, ownRulesTotal: this.ownRulesTotal, deleted, nfacctInvalid: config.nfacct && this.nfacct.invalid, nodePortsJumps,
      ...(doFullSync && this.declared ? { declared: this.declared } : {}),
    });
    // A full sync declares every chain (100,000 in a large cluster): the next one usually
    // declares the same, in the same order.
    if (doFullSync) this.declared = payload.declared;
    const durationMs = this.modelDuration(payload.text.length, ports.length);
    if (log?.enabled(2)) {
      log.log('I', start + durationMs * 0.6, PROXIER_LINES.reloading, 'Reloading service iptables data', [
        ['ipFamily', config.ipFamily], ['numServices', this.svcPortMap.ports.size], ['numEndpoints', totalEndpoints],
        ['numFilterChains', payload.filterChains], ['numFilterRules', payload.filterRules],
        ['numNATChains', payload.natChains], ['numNATRules', payload.natRules + deleted.length],
      ]);
    }

    if (log?.enabled(9)) log.log('I', start + durationMs * 0.62, PROXIER_LINES.restoring, 'Restoring iptables', [['ipFamily', config.ipFamily], ['rules', payload.text]]);
    const result = port.restore(payload.text);
    const servicesWritten = new Set<string>();
    for (const p of written) servicesWritten.add(p.info.nsName);
    const rec: SyncRecord = {
      full: doFullSync,
      reason,
      ok: result.ok,
      durationMs,
      payload: payload.text,
      ruleCount: { filter: payload.filterRules, nat: payload.natRules, natTotal: payload.natTotal },
      chainsWritten: payload.chainsWritten,
      chainsDeleted: deleted.sort(),
      servicesWritten: [...servicesWritten].sort(),
      at: start,
    };
    const end = start + durationMs;
    if (!result.ok) {
      rec.error = result.stderr;
      // The pending changes are consumed: only a full sync can catch up (KP-23).
      this.needFullSync = true;
      this.fullReason = 'failed-restore';
      this.consecutiveFailures++;
      if (log) {
        log.log('E', start + durationMs * 0.9, PROXIER_LINES.restoreFailed, 'Failed to execute iptables-restore', [
          ['err', `exit status ${result.exitCode}: ${result.stderr}`], ['ipFamily', config.ipFamily],
        ]);
        log.log('I', end, PROXIER_LINES.syncFailed, 'Sync failed', [['ipFamily', config.ipFamily], ['retryingTime', new GoDuration(config.syncPeriodMs * 1e6)]]);
      }
      // Only the first retry keeps settle() waiting; a restore that keeps failing retries in the background.
      this.runner?.retryAfter(config.syncPeriodMs, this.consecutiveFailures > 1);
    } else {
      this.needFullSync = false;
      this.consecutiveFailures = 0;
      if (doFullSync) this.lastFullSync = start;
      if (endpointUpdate.conntrackCleanupRequired && port.conntrack) cleanStaleEntries(port.conntrack, this.svcPortMap.ports, this.endpointsMap.ports);
    }
    if (log?.enabled(2)) log.log('I', end, PROXIER_LINES.complete, 'SyncProxyRules complete', [['ipFamily', config.ipFamily], ['elapsed', new GoDuration(durationMs * 1e6)]]);
    this.lastSync = rec;
    this.history.push(rec);
    if (this.history.length > HISTORY) this.history.shift();
    const old = this.history[this.history.length - 4];
    if (old && old.payload.length > 256 * 1024) old.payload = '';
    this.deps.onSync?.(rec);
    return rec;
  }

  /**
   * The rules of every service port in service-name order. Only ports whose Service or
   * endpoints changed are rebuilt (and only theirs are written on a partial sync), unless
   * something every port depends on changed: large-cluster mode, the node's labels.
   */
  private refreshPortRules(changed: Set<string>, full: boolean): { ports: PortRules[]; written: PortRules[]; totalEndpoints: number } {
    const map = this.svcPortMap;
    const eps = this.endpointsMap.ports;
    let all = false;
    if (this.sortedGen !== map.generation) {
      this.sortedGen = map.generation;
      const infos = [...map.ports.values()];
      // By Service name; a Service's ports by port name, then protocol.
      infos.sort((a, b) => (a.nsName < b.nsName ? -1 : a.nsName > b.nsName ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      this.sortedKeys = infos.map((i) => i.key);
      this.indexOf = new Map(this.sortedKeys.map((k, i) => [k, i]));
      for (const k of [...this.rulesCache.keys()]) if (!map.ports.has(k)) this.rulesCache.delete(k);
      this.totalEndpoints = 0;
      for (const k of this.sortedKeys) this.totalEndpoints += eps.get(k)?.length ?? 0;
      all = true;
    } else {
      // totalEndpoints only moves for the changed services' ports.
      for (const svc of changed) {
        for (const k of map.keysOf(svc)) {
          const r = this.rulesCache.get(k);
          this.totalEndpoints += (eps.get(k)?.length ?? 0) - (r?.endpoints?.length ?? 0);
        }
      }
    }
    // Large cluster mode: drop the per-endpoint comments (KP-19).
    this.largeClusterMode = this.totalEndpoints > LARGE_CLUSTER_ENDPOINTS_THRESHOLD;
    const ctx = {
      config: this.config,
      largeCluster: this.largeClusterMode,
      nodeLabels: this.nodeLabels,
      labelsVersion: this.labelsVersion,
      nfacctLocalhost: this.config.nfacct && this.nfacct.localhost,
    };
    if (ctx.largeCluster !== this.builtLarge || ctx.labelsVersion !== this.builtLabels || ctx.nfacctLocalhost !== this.builtNfacct) all = true;
    this.builtLarge = ctx.largeCluster;
    this.builtLabels = ctx.labelsVersion;
    this.builtNfacct = ctx.nfacctLocalhost;

    const rebuild = (idx: number): void => {
      const key = this.sortedKeys[idx]!;
      const info = map.ports.get(key)!;
      const e = eps.get(key);
      const old = this.rulesCache.get(key);
      if (old && old.info === info && old.endpoints === e && old.largeCluster === ctx.largeCluster && old.labelsVersion === ctx.labelsVersion) {
        this.ordered[idx] = old;
        return;
      }
      const r = buildPortRules(info, e, ctx);
      this.rulesCache.set(key, r);
      this.ordered[idx] = r;
      if (!old || !sameSections(old, r)) sectionsDirty = true;
    };
    let sectionsDirty = all || this.sections === undefined;
    if (all) {
      this.ordered = new Array<PortRules>(this.sortedKeys.length);
      for (let i = 0; i < this.sortedKeys.length; i++) rebuild(i);
      this.ownRulesTotal = 0;
      for (const p of this.ordered) for (const c of p.chains) this.ownRulesTotal += c.rules.count;
    } else {
      for (const svc of changed) {
        for (const k of map.keysOf(svc)) {
          const idx = this.indexOf.get(k)!;
          const before = this.ordered[idx]!;
          rebuild(idx);
          for (const c of before.chains) this.ownRulesTotal -= c.rules.count;
          for (const c of this.ordered[idx]!.chains) this.ownRulesTotal += c.rules.count;
        }
      }
    }
    const ports = this.ordered;
    if (sectionsDirty) this.sections = buildSections(ports);
    let written: PortRules[];
    if (full) written = ports;
    else {
      written = [];
      for (const svc of changed) for (const k of map.keysOf(svc)) written.push(ports[this.indexOf.get(k)!]!);
    }
    return { ports, written, totalEndpoints: this.totalEndpoints };
  }

  /** A plausible iptables-save/-restore wall time: process start-up plus work per byte and port. */
  private modelDuration(bytes: number, ports: number): number {
    const jitter = (this.deps.random?.() ?? 0.5) * 1.5;
    return Math.round((3.2 + jitter + bytes * 0.00035 + ports * 0.002) * 1000) / 1000;
  }
}
