// kube-proxy's configuration as the simulation runs it (kind's kube-proxy ConfigMap: iptables
// mode, clusterCIDR detect-local, everything else at the v1.33 defaults).

import type { IPFamily } from './ip.ts';

export interface ProxierConfig {
  /** The proxier's address family: iptables (IPv4) or ip6tables (IPv6) rules. */
  ipFamily: IPFamily;
  nodeName: string;
  /** The node's primary IP (LoadBalancerSourceRanges containing it also admit the LB IPs). */
  nodeIP: string;
  /** Local-traffic detector by cluster CIDR (`! -s <cidr>`); undefined: no-op detector. */
  clusterCIDR: string | undefined;
  /** Rendered as kube-proxy renders it: fmt.Sprintf("%#08x", 1<<masqueradeBit). */
  masqueradeMark: string;
  masqueradeAll: boolean;
  localhostNodePorts: boolean;
  /**
   * --nodeport-addresses: CIDRs of either family, or ["primary"] before the agent expands it;
   * [] = unset, NodePorts on every local address (KP-18).
   */
  nodePortAddresses: string[];
  /** nfacct counters could be created (ct_state_invalid_dropped_pkts, localhost_nps_accepted_pkts). */
  nfacct: boolean;
  /** iptables supports `MASQUERADE --random-fully`. */
  randomFully: boolean;
  /** net.netfilter.nf_conntrack_tcp_be_liberal is set (no INVALID drop rule). */
  tcpBeLiberal: boolean;
  minSyncPeriodMs: number;
  syncPeriodMs: number;
  burstSyncs: number;
  /** proxyutil.FullSyncPeriod: a full resync at least this often. */
  fullSyncPeriodMs: number;
  /** klog -v. */
  verbosity: number;
}

/** Go's %#08x: "0x" then the hex digits zero-padded to 8. */
export const masqueradeMarkFor = (bit: number): string => '0x' + (2 ** bit).toString(16).padStart(8, '0');

export const LARGE_CLUSTER_ENDPOINTS_THRESHOLD = 1000;

export function defaultConfig(nodeName: string, nodeIP: string, clusterCIDR: string | undefined): ProxierConfig {
  return {
    ipFamily: 'IPv4',
    nodeName,
    nodeIP,
    clusterCIDR,
    masqueradeMark: masqueradeMarkFor(14),
    masqueradeAll: false,
    localhostNodePorts: true,
    nodePortAddresses: [],
    nfacct: true,
    randomFully: true,
    tcpBeLiberal: false,
    minSyncPeriodMs: 1000,
    syncPeriodMs: 30_000,
    burstSyncs: 2,
    fullSyncPeriodMs: 3_600_000,
    verbosity: 0,
  };
}
