// One kube-proxy process on one node: its start-up (node IP lookup, proxier creation, informer
// cache sync, the initial syncs, then the sync loop), the iptables canary monitor, its klog
// output into the pod's log and a journal entry per sync. Rules appear only once the
// process has synced; a stopped process leaves its rules behind, as a real one does.

import type { EndpointSlice, Node, Service } from '../api/types.ts';
import type { ControllerContext } from '../controllers/context.ts';
import type { Rng } from '../sim/rng.ts';
import type { TaskHandle } from '../sim/scheduler.ts';
import type { ProxierConfig } from './config.ts';
import { Klog } from './klog.ts';
import { expandPrimary, newNodePortAddresses } from './nodePortAddresses.ts';
import type { NetfilterPort } from './port.ts';
import { Proxier, type SyncRecord } from './proxier.ts';
import { BoundedFrequencyRunner } from './runner.ts';
import { logCachesSynced, logIPv6Sync, logProcessStart, logProxierSetup, SERVER_LINES } from './startupLog.ts';

export const CANARY_CHAIN = 'KUBE-PROXY-CANARY';

/** KUBE-SVC-, KUBE-SVL-, KUBE-SEP-, KUBE-EXT-, KUBE-FW- chains, by their characters (a full
 *  sync of a large cluster writes 100,000 of them). */
function isServicePortChain(c: string): boolean {
  if (!c.startsWith('KUBE-')) return false;
  const a = c.charCodeAt(5), b = c.charCodeAt(6), d = c.charCodeAt(7), e = c.charCodeAt(8);
  if (a === 70 /* F */) return b === 87 /* W */ && d === 45 /* - */;
  if (e !== 45 /* - */) return false;
  if (a === 83 /* S */) return (b === 86 /* V */ && (d === 67 /* C */ || d === 76 /* L */)) || (b === 69 /* E */ && d === 80 /* P */);
  return a === 69 /* E */ && b === 88 /* X */ && d === 84 /* T */;
}

// Virtual-time offsets of the start-up phases (a kind node: the API answers within ~100 ms).
const NODE_IP_AFTER_MS = 140;
const CACHES_SYNCED_AFTER_MS = 100;

export interface AgentSource {
  services(): Service[];
  endpointSlices(): EndpointSlice[];
  node(name: string): Node | undefined;
}

export interface AgentOptions {
  ctx: ControllerContext;
  node: string;
  podName: string;
  version: string;
  config: Omit<ProxierConfig, 'nodeName' | 'nodeIP'>;
  port: () => NetfilterPort;
  /** The node's interface addresses (read at each sync, as kube-proxy lists them). */
  interfaceAddrs?: () => readonly string[];
  writeLog: (line: string) => void;
  source: AgentSource;
  rng: Rng;
}

/**
 * What server.go and NewProxier make of the configuration once the node is known:
 * `--nodeport-addresses primary` becomes the node's primary IPs, and localhost NodePorts stay
 * on only if the node-port addresses include IPv4 loopback (route_localnet is set only then).
 */
function proxierConfigFor(config: ProxierConfig, node: Node | undefined): ProxierConfig {
  const primary: { IPv4?: string; IPv6?: string } = {};
  for (const a of node?.status?.addresses ?? []) {
    if (a.type !== 'InternalIP') continue;
    const fam = a.address.includes(':') ? 'IPv6' : 'IPv4';
    primary[fam] ??= a.address;
  }
  const nodePortAddresses = expandPrimary(config.nodePortAddresses, primary);
  const loopback = newNodePortAddresses('IPv4', nodePortAddresses).containsIPv4Loopback;
  return { ...config, nodePortAddresses, localhostNodePorts: config.localhostNodePorts && loopback };
}

export class NodeAgent {
  proxier: Proxier | undefined;
  private readonly klog: Klog;
  private readonly tasks = new Set<TaskHandle>();
  // Which informers have listed (events before that are covered by the list itself).
  private servicesListed = false;
  private slicesListed = false;
  private nodesListed = false;
  private stopped = false;
  private runner: BoundedFrequencyRunner | undefined;

  constructor(private readonly o: AgentOptions) {
    const jitterRng = o.rng;
    this.klog = new Klog(o.ctx.clock, o.writeLog, () => jitterRng.int(1000), o.config.verbosity);
    const now = o.ctx.clock.now();
    logProcessStart(this.klog, now);
    this.later(NODE_IP_AFTER_MS, () => this.setup());
  }


  stop(): void {
    this.stopped = true;
    for (const t of this.tasks) t.cancel();
    this.runner?.stop();
  }

  private later(ms: number, fn: () => void, background = false): void {
    const handle = this.o.ctx.scheduler.after(ms, () => {
      this.tasks.delete(handle);
      if (!this.stopped) fn();
    }, { label: `kube-proxy ${this.o.node}`, background });
    this.tasks.add(handle);
  }

  private setup(): void {
    const { ctx, node } = this.o;
    const nodeObj = this.o.source.node(node);
    const nodeIP = nodeObj?.status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '';
    const config = proxierConfigFor({ ...this.o.config, nodeName: node, nodeIP }, nodeObj);
    const now = ctx.clock.now();
    logProxierSetup(this.klog, now, nodeIP, config, this.o.version);
    const proxier = new Proxier({
      config,
      port: this.o.port,
      now: () => ctx.clock.now(),
      ...(this.o.interfaceAddrs ? { interfaceAddrs: this.o.interfaceAddrs } : {}),
      klog: this.klog,
      random: () => this.o.rng.next(),
      onSync: (rec) => this.afterSync(rec),
    });
    this.runner = new BoundedFrequencyRunner(ctx.scheduler, () => ctx.clock.now(), () => proxier.syncProxyRules(), config.minSyncPeriodMs, config.fullSyncPeriodMs, config.burstSyncs, `kube-proxy sync ${node}`);
    proxier.runner = this.runner;
    this.proxier = proxier;
    this.startMonitor();
    this.later(CACHES_SYNCED_AFTER_MS, () => this.syncCaches());
  }

  /**
   * Informers list everything and the handlers see it: services first (no sync yet), then
   * the endpoint slices (the initial full sync), then the sync loop starts — after that sync's
   * wall time, as SyncLoop runs once the handlers have returned.
   */
  private syncCaches(): void {
    const p = this.proxier!;
    const { source, node } = this.o;
    const now = this.o.ctx.clock.now();
    const n = source.node(node);
    this.nodesListed = true;
    if (n) p.onNodeUpdate(n);
    logCachesSynced(this.klog, now, 'service config');
    for (const s of source.services()) p.onServiceAdd(s);
    this.servicesListed = true;
    p.onServicesSynced();
    if (this.klog.enabled(2)) this.klog.log('I', now, 'proxier.go:791', 'Not syncing iptables until Services and Endpoints have been received from master', [['ipFamily', 'IPv6']]);
    this.later(3, () => {
      const t0 = this.o.ctx.clock.now();
      logCachesSynced(this.klog, t0, 'endpoint slice config');
      for (const s of source.endpointSlices()) p.onEndpointSliceAdd(s);
      this.slicesListed = true;
      p.onEndpointSlicesSynced();
      const last = p.lastSync;
      const t = (last ? last.at + last.durationMs : t0) + 0.2;
      const v6 = this.ipv6Elapsed();
      logIPv6Sync(this.klog, t, true, p.config, v6);
      logCachesSynced(this.klog, t + v6 + 0.8, 'serviceCIDR config');
      logCachesSynced(this.klog, t + v6 + 0.9, 'node config');
      this.later(Math.ceil(t + v6 + 1 - t0), () => {
        this.ipv6Startup = true;
        this.runner!.loop();
      });
    });
  }

  private ipv6Startup = false;

  private afterSync(rec: SyncRecord): void {
    const { ctx, node, podName } = this.o;
    // The IPv6 proxier runs on the same triggers; it only ever has the fixed chains to write.
    if (this.ipv6Startup && !rec.full) {
      this.ipv6Startup = false;
      logIPv6Sync(this.klog, rec.at + rec.durationMs + 0.2, false, this.proxier!.config, this.ipv6Elapsed());
    } else if (rec.full && (rec.reason === 'node-labels' || rec.reason === 'hourly')) {
      logIPv6Sync(this.klog, rec.at + rec.durationMs + 0.2, true, this.proxier!.config, this.ipv6Elapsed());
    }
    const own = rec.chainsWritten.filter(isServicePortChain);
    const shown = own.length > 8 ? `${own.slice(0, 8).join(', ')}, … (+${own.length - 8} more)` : own.length > 0 ? own.join(', ') : 'none';
    const rules = rec.ruleCount.filter + rec.ruleCount.nat;
    const detail =
      `${rec.full ? 'full' : 'partial'}, ${rules} rules, ${rec.payload.length} bytes, chains: ${shown}` +
      (rec.chainsDeleted.length > 0 ? `, deleted: ${rec.chainsDeleted.join(', ')}` : '') +
      (rec.ok ? '' : `, restore failed: ${(rec.error ?? '').trim()}`);
    ctx.journal.append({ type: 'controller', controller: `kube-proxy/${node}`, action: 'sync', namespace: 'kube-system', name: podName, detail });
  }

  private ipv6Elapsed(): number {
    return Math.round((2.1 + this.o.rng.next() * 1.4) * 1000) / 1000;
  }

  /** utiliptables Monitor: canary chains in mangle, nat and filter; their loss means a flush. */
  private startMonitor(): void {
    const tables = ['mangle', 'nat', 'filter'] as const;
    const ensure = (): void => {
      const port = this.o.port();
      for (const t of tables) port.ensureChain(t, CANARY_CHAIN);
    };
    ensure();
    const poll = (): void => {
      this.later(this.o.config.syncPeriodMs, () => {
        const port = this.o.port();
        if (port.chainExists('mangle', CANARY_CHAIN)) return poll();
        const now = this.o.ctx.clock.now();
        if (this.klog.enabled(2)) this.klog.log('I', now, SERVER_LINES.canaryDeleted, 'IPTables canary deleted', [['table', 'mangle'], ['chain', CANARY_CHAIN]]);
        const othersGone = (): boolean => !port.chainExists('nat', CANARY_CHAIN) && !port.chainExists('filter', CANARY_CHAIN);
        const reload = (): void => {
          if (this.klog.enabled(2)) this.klog.log('I', this.o.ctx.clock.now(), SERVER_LINES.reloading, 'Reloading after iptables flush');
          this.proxier?.forceSyncProxyRules('canary');
          ensure();
          poll();
        };
        if (othersGone()) return reload();
        // Wait up to 5 s for the other tables' canaries to go too.
        this.later(5000, () => {
          if (!othersGone()) this.klog.log('I', this.o.ctx.clock.now(), SERVER_LINES.inconsistent, 'Inconsistent iptables state detected');
          reload();
        }, true);
      }, true);
    };
    poll();
  }

  // ---- events from the shared informers (after the caches synced) --------------------------
  serviceEvent(old: Service | undefined, cur: Service | undefined): void {
    if (!this.servicesListed || this.stopped) return;
    this.proxier!.onServiceUpdate(old, cur);
  }
  sliceEvent(slice: EndpointSlice, remove: boolean): void {
    if (!this.slicesListed || this.stopped) return;
    if (remove) this.proxier!.onEndpointSliceDelete(slice);
    else this.proxier!.onEndpointSliceAdd(slice);
  }
  nodeEvent(node: Node, remove: boolean): void {
    if (!this.nodesListed || this.stopped || node.metadata.name !== this.o.node) return;
    if (remove) this.proxier!.onNodeDelete(node);
    else this.proxier!.onNodeUpdate(node);
  }
}
