// What kube-proxy v1.33.1 prints while starting in a kind cluster (cmd/kube-proxy/app
// server.go, server_linux.go, pkg/proxy/iptables/proxier.go, client-go shared_informer.go) —
// as in a real node's `kubectl logs`: at -v=0 only the Info/Error lines below; the proxier's
// V(2) lines appear from --v=2 on. kind runs kube-proxy dual-stack capable (ip6tables works in
// its node containers) with an IPv4 node IP, so both an IPv4 and an IPv6 proxier exist; the
// IPv6 one has nothing to proxy in an IPv4 cluster.

import type { ProxierConfig } from './config.ts';
import { GoDuration, type Klog } from './klog.ts';
import { PROXIER_LINES } from './proxier.ts';

export const SERVER_LINES = {
  usingIptables: 'server_linux.go:63',
  nodeIPs: 'server.go:715',
  incomplete: 'server.go:245',
  dualStack: 'server.go:254',
  iptablesProxier: 'server_linux.go:145',
  versionInfo: 'server.go:516',
  golang: 'server.go:518',
  serviceConfig: 'config.go:199',
  sliceConfig: 'config.go:105',
  cidrConfig: 'config.go:440',
  nodeConfig: 'config.go:329',
  waiting: 'shared_informer.go:350',
  synced: 'shared_informer.go:357',
  canaryDeleted: 'iptables.go:636',
  inconsistent: 'iptables.go:650',
  reloading: 'iptables.go:664',
};

/** Phase 1: the process starts and looks up its node. */
export function logProcessStart(log: Klog, at: number): void {
  log.log('I', at, SERVER_LINES.usingIptables, 'Using iptables proxy');
}

/** Phase 2: node IP known; both proxiers are created; informers start. */
export function logProxierSetup(log: Klog, at: number, nodeIP: string, config: ProxierConfig, version: string): void {
  log.log('I', at, SERVER_LINES.nodeIPs, 'Successfully retrieved node IP(s)', [['IPs', nodeIP ? [nodeIP] : []]]);
  if (config.nodePortAddresses.length === 0) {
    log.log('E', at + 0.3, SERVER_LINES.incomplete, 'Kube-proxy configuration may be incomplete or incorrect', [
      ['err', 'nodePortAddresses is unset; NodePort connections will be accepted on all local IPs. Consider using `--nodeport-addresses primary`'],
    ]);
  }
  log.log('I', at + 22, SERVER_LINES.dualStack, 'kube-proxy running in dual-stack mode', [['primary ipFamily', 'IPv4']]);
  log.log('I', at + 22.1, SERVER_LINES.iptablesProxier, 'Using iptables Proxier');
  for (const family of ['IPv4', 'IPv6'] as const) {
    const t = at + (family === 'IPv4' ? 25 : 27);
    if (family === 'IPv4' && config.localhostNodePorts) {
      log.log('I', t, PROXIER_LINES.routeLocalnet, 'Setting route_localnet=1 to allow node-ports on localhost; to change this either disable iptables.localhostNodePorts (--iptables-localhost-nodeports) or set nodePortAddresses (--nodeport-addresses) to filter loopback addresses', [['ipFamily', family]]);
    }
    if (log.enabled(2)) {
      log.log('I', t + 0.2, PROXIER_LINES.masqueradeMark, 'Using iptables mark for masquerade', [['ipFamily', family], ['mark', config.masqueradeMark]]);
      log.log('I', t + 0.3, PROXIER_LINES.syncParams, 'Iptables sync params', [
        ['ipFamily', family], ['minSyncPeriod', new GoDuration(config.minSyncPeriodMs * 1e6)], ['syncPeriod', new GoDuration(config.syncPeriodMs * 1e6)], ['burstSyncs', config.burstSyncs],
      ]);
      log.log('I', t + 0.4, PROXIER_LINES.randomFully, config.randomFully ? 'Iptables supports --random-fully' : 'Iptables does not support --random-fully', [['ipFamily', family]]);
    }
  }
  log.log('I', at + 28, SERVER_LINES.versionInfo, 'Version info', [['version', version]]);
  log.log('I', at + 28.1, SERVER_LINES.golang, 'Golang settings', [['GOGC', ''], ['GOMAXPROCS', ''], ['GOTRACEBACK', '']]);
  const start: [string, string, string][] = [
    [SERVER_LINES.serviceConfig, 'Starting service config controller', 'service config'],
    [SERVER_LINES.sliceConfig, 'Starting endpoint slice config controller', 'endpoint slice config'],
    [SERVER_LINES.cidrConfig, 'Starting serviceCIDR config controller', 'serviceCIDR config'],
    [SERVER_LINES.nodeConfig, 'Starting node config controller', 'node config'],
  ];
  start.forEach(([file, msg, controller], i) => {
    log.log('I', at + 30 + i * 0.8, file, msg);
    log.log('I', at + 30.2 + i * 0.8, SERVER_LINES.waiting, 'Waiting for caches to sync', [['controller', controller]]);
  });
}

export function logCachesSynced(log: Klog, at: number, controller: string): void {
  log.log('I', at, SERVER_LINES.synced, 'Caches are synced', [['controller', controller]]);
}

/** The IPv6 proxier's sync in an IPv4-only cluster: nothing but the fixed chains. */
export function logIPv6Sync(log: Klog, at: number, full: boolean, config: ProxierConfig, elapsedMs: number): void {
  if (!log.enabled(2)) return;
  const fam: [string, unknown] = ['ipFamily', 'IPv6'];
  log.log('I', at, PROXIER_LINES.syncing, 'Syncing iptables rules', [fam, ['fullSync', full]]);
  log.log('I', at + elapsedMs * 0.6, PROXIER_LINES.reloading, 'Reloading service iptables data', [
    fam, ['numServices', 0], ['numEndpoints', 0], ['numFilterChains', 5], ['numFilterRules', config.tcpBeLiberal ? 2 : 3], ['numNATChains', 4], ['numNATRules', 5],
  ]);
  log.log('I', at + elapsedMs, PROXIER_LINES.complete, 'SyncProxyRules complete', [fam, ['elapsed', new GoDuration(elapsedMs * 1e6)]]);
}
