// The rules one Service port contributes to a sync (the loop body of syncProxyRules in
// pkg/proxy/iptables/proxier.go, KP-15): lines for the shared top-level chains, and its own
// nat chains (KUBE-SVC/SVL/EXT/FW/SEP). The result depends only on the port, its endpoints,
// large-cluster mode and the node's labels, so proxiers cache it between syncs.

import type { ProxierConfig } from './config.ts';
import type { EndpointInfo } from './endpointCache.ts';
import { cidrContains } from './ip.ts';
import { probability } from './probability.ts';
import { externallyAccessible, usesClusterEndpoints, usesLocalEndpoints, type ServicePortInfo } from './servicePort.ts';
import { categorizeEndpoints } from './topology.ts';

export const LOCALHOST_NODEPORT_NFACCT = 'localhost_nps_accepted_pkts';
export const CT_INVALID_NFACCT = 'ct_state_invalid_dropped_pkts';

/** Text of some rules ("-A …\n" each) and how many there are. */
export interface RuleText {
  text: string;
  count: number;
}

export interface OwnChain {
  name: string;
  rules: RuleText;
}

export interface PortRules {
  info: ServicePortInfo;
  endpoints: EndpointInfo[] | undefined;
  largeCluster: boolean;
  labelsVersion: number;
  natServices: RuleText;
  natNodePorts: RuleText;
  filterServices: RuleText;
  filterExternal: RuleText;
  filterNodePorts: RuleText;
  filterFirewall: RuleText;
  /** The port's own nat chains, each with its rules (a chain may have none: KUBE-EXT with no endpoints never happens, but KUBE-FW always ends in a rule). */
  chains: OwnChain[];
  noLocalInternal: boolean;
  noLocalExternal: boolean;
}

// Rules are joined into one flat string per chain: the payload of a full sync concatenates
// hundreds of thousands of them, and flat strings copy much faster than concatenation ropes.
class Lines {
  private readonly lines: string[] = [];
  add(line: string): void {
    this.lines.push(line);
  }
  get result(): RuleText {
    const n = this.lines.length;
    if (n === 0) return { text: '', count: 0 };
    this.lines.push(''); // a trailing newline without a concatenation rope
    return { text: this.lines.join('\n'), count: n };
  }
}

export interface RuleContext {
  config: ProxierConfig;
  largeCluster: boolean;
  nodeLabels: Record<string, string> | undefined;
  labelsVersion: number;
  /** nfacct counters that exist (kube-proxy only references counters it could create). */
  nfacctLocalhost: boolean;
}

export function buildPortRules(svc: ServicePortInfo, allEndpoints: EndpointInfo[] | undefined, ctx: RuleContext): PortRules {
  const { config } = ctx;
  const p = svc.protocol;
  const spn = svc.nameString;
  const cat = categorizeEndpoints(allEndpoints ?? [], svc, ctx.nodeLabels);
  const hasEndpoints = cat.hasAnyEndpoints;

  const clusterPolicyChain = svc.clusterPolicyChain;
  const usesClusterPolicyChain = cat.clusterEndpoints.length > 0 && usesClusterEndpoints(svc);
  const localPolicyChain = svc.localPolicyChain;
  const usesLocalPolicyChain = cat.localEndpoints.length > 0 && usesLocalEndpoints(svc);

  let internalPolicyChain = clusterPolicyChain;
  let hasInternalEndpoints = hasEndpoints;
  if (svc.internalPolicyLocal) {
    internalPolicyChain = localPolicyChain;
    if (cat.localEndpoints.length === 0) hasInternalEndpoints = false;
  }
  let externalPolicyChain = clusterPolicyChain;
  let hasExternalEndpoints = hasEndpoints;
  if (svc.externalPolicyLocal) {
    externalPolicyChain = localPolicyChain;
    if (cat.localEndpoints.length === 0) hasExternalEndpoints = false;
  }
  const externalTrafficChain = svc.externalChain;
  // Based on hasEndpoints, not hasExternalEndpoints: the local-traffic short-circuit rules are
  // needed even when no endpoint is usable for external traffic.
  const usesExternalTrafficChain = hasEndpoints && externallyAccessible(svc);
  const fwChain = svc.firewallChain;
  const usesFWChain = hasEndpoints && svc.loadBalancerVIPs.length > 0 && svc.loadBalancerSourceRanges.length > 0;
  const loadBalancerTrafficChain = usesFWChain ? fwChain : externalTrafficChain;

  let internalFilterTarget = '';
  let internalFilterComment = '';
  let externalFilterTarget = '';
  let externalFilterComment = '';
  let noLocalInternal = false;
  let noLocalExternal = false;
  if (!hasEndpoints) {
    internalFilterTarget = externalFilterTarget = 'REJECT';
    internalFilterComment = externalFilterComment = `"${spn} has no endpoints"`;
  } else {
    if (!hasInternalEndpoints) {
      internalFilterTarget = 'DROP';
      internalFilterComment = `"${spn} has no local endpoints"`;
      noLocalInternal = true;
    }
    if (!hasExternalEndpoints) {
      externalFilterTarget = 'DROP';
      externalFilterComment = `"${spn} has no local endpoints"`;
      noLocalExternal = true;
    }
  }

  const natServices = new Lines();
  const natNodePorts = new Lines();
  const filterServices = new Lines();
  const filterExternal = new Lines();
  const filterNodePorts = new Lines();
  const filterFirewall = new Lines();
  const dport = `-m ${p} -p ${p}`;

  // Capture the clusterIP.
  if (hasInternalEndpoints) {
    natServices.add(`-A KUBE-SERVICES -m comment --comment "${spn} cluster IP" ${dport} -d ${svc.clusterIP} --dport ${svc.port} -j ${internalPolicyChain}`);
  } else {
    filterServices.add(`-A KUBE-SERVICES -m comment --comment ${internalFilterComment} ${dport} -d ${svc.clusterIP} --dport ${svc.port} -j ${internalFilterTarget}`);
  }

  // Capture externalIPs.
  for (const eip of svc.externalIPs) {
    if (hasEndpoints) {
      natServices.add(`-A KUBE-SERVICES -m comment --comment "${spn} external IP" ${dport} -d ${eip} --dport ${svc.port} -j ${externalTrafficChain}`);
    }
    if (!hasExternalEndpoints) {
      filterExternal.add(`-A KUBE-EXTERNAL-SERVICES -m comment --comment ${externalFilterComment} ${dport} -d ${eip} --dport ${svc.port} -j ${externalFilterTarget}`);
    }
  }

  // Capture load-balancer ingress.
  for (const lbip of svc.loadBalancerVIPs) {
    if (hasEndpoints) {
      natServices.add(`-A KUBE-SERVICES -m comment --comment "${spn} loadbalancer IP" ${dport} -d ${lbip} --dport ${svc.port} -j ${loadBalancerTrafficChain}`);
    }
    if (usesFWChain) {
      filterFirewall.add(`-A KUBE-PROXY-FIREWALL -m comment --comment "${spn} traffic not accepted by ${fwChain}" ${dport} -d ${lbip} --dport ${svc.port} -j DROP`);
    }
  }
  if (!hasExternalEndpoints) {
    for (const lbip of svc.loadBalancerVIPs) {
      filterExternal.add(`-A KUBE-EXTERNAL-SERVICES -m comment --comment ${externalFilterComment} ${dport} -d ${lbip} --dport ${svc.port} -j ${externalFilterTarget}`);
    }
  }

  // Capture nodeports (they ignore loadBalancerSourceRanges).
  if (svc.nodePort !== 0) {
    if (hasEndpoints) {
      if (config.localhostNodePorts && ctx.nfacctLocalhost) {
        natNodePorts.add(`-A KUBE-NODEPORTS -m comment --comment ${spn} ${dport} -d 127.0.0.0/8 --dport ${svc.nodePort} -m nfacct --nfacct-name ${LOCALHOST_NODEPORT_NFACCT} -j ${externalTrafficChain}`);
      }
      natNodePorts.add(`-A KUBE-NODEPORTS -m comment --comment ${spn} ${dport} --dport ${svc.nodePort} -j ${externalTrafficChain}`);
    }
    if (!hasExternalEndpoints) {
      filterExternal.add(`-A KUBE-EXTERNAL-SERVICES -m comment --comment ${externalFilterComment} -m addrtype --dst-type LOCAL ${dport} --dport ${svc.nodePort} -j ${externalFilterTarget}`);
    }
  }

  // Capture healthCheckNodePorts, whether or not this node has local endpoints.
  if (svc.healthCheckNodePort !== 0) {
    filterNodePorts.add(`-A KUBE-NODEPORTS -m comment --comment "${spn} health check node port" -m tcp -p tcp --dport ${svc.healthCheckNodePort} -j ACCEPT`);
  }

  // The port's own nat chains. Rules are collected per chain: the normalised payload groups
  // rules by chain (KP-20), and the order within each chain is the order kube-proxy writes.
  const own = new Map<string, Lines>();
  const chain = (name: string): Lines => {
    let l = own.get(name);
    if (!l) own.set(name, (l = new Lines()));
    return l;
  };
  const comment = (c: string): string => (ctx.largeCluster ? '' : ` -m comment --comment ${c}`);

  // Internal traffic: masquerade what does not come from a pod (KP-15 F).
  if (hasInternalEndpoints) {
    const args = `-m comment --comment "${spn} cluster IP" ${dport} -d ${svc.clusterIP} --dport ${svc.port}`;
    if (config.masqueradeAll) chain(internalPolicyChain).add(`-A ${internalPolicyChain} ${args} -j KUBE-MARK-MASQ`);
    else if (config.clusterCIDR !== undefined) chain(internalPolicyChain).add(`-A ${internalPolicyChain} ${args} ! -s ${config.clusterCIDR} -j KUBE-MARK-MASQ`);
  }

  // External traffic handling (KP-15 G).
  if (usesExternalTrafficChain) {
    const ext = chain(externalTrafficChain);
    if (!svc.externalPolicyLocal) {
      ext.add(`-A ${externalTrafficChain} -m comment --comment "masquerade traffic for ${spn} external destinations" -j KUBE-MARK-MASQ`);
    } else {
      if (config.clusterCIDR !== undefined) {
        ext.add(`-A ${externalTrafficChain} -m comment --comment "pod traffic for ${spn} external destinations" -s ${config.clusterCIDR} -j ${clusterPolicyChain}`);
      }
      ext.add(`-A ${externalTrafficChain} -m comment --comment "masquerade LOCAL traffic for ${spn} external destinations" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ`);
      ext.add(`-A ${externalTrafficChain} -m comment --comment "route LOCAL traffic for ${spn} external destinations" -m addrtype --src-type LOCAL -j ${clusterPolicyChain}`);
    }
    if (hasExternalEndpoints) ext.add(`-A ${externalTrafficChain} -j ${externalPolicyChain}`);
  }

  // Firewall chain for loadBalancerSourceRanges (KP-15 H).
  if (usesFWChain) {
    const fw = chain(fwChain);
    const head = `-A ${fwChain} -m comment --comment "${spn} loadbalancer IP"`;
    let allowFromNode = false;
    for (const cidr of svc.loadBalancerSourceRanges) {
      fw.add(`${head} -s ${cidr.text} -j ${externalTrafficChain}`);
      if (cidrContains(cidr, config.nodeIP)) allowFromNode = true;
    }
    // A VIP often is a local address: a node's own request then arrives from the VIP.
    if (allowFromNode) for (const lbip of svc.loadBalancerVIPs) fw.add(`${head} -s ${lbip} -j ${externalTrafficChain}`);
    fw.add(`-A ${fwChain} -m comment --comment "other traffic to ${spn} will be dropped by KUBE-PROXY-FIREWALL"`);
  }

  const toEndpoints = (svcChain: string, endpoints: EndpointInfo[]): void => {
    const out = chain(svcChain);
    if (svc.sessionAffinityClientIP) {
      for (const ep of endpoints) {
        out.add(`-A ${svcChain}${comment(`"${spn} -> ${ep.str}"`)} -m recent --name ${ep.chain} --rcheck --seconds ${svc.stickyMaxAgeSeconds} --reap -j ${ep.chain}`);
      }
    }
    const n = endpoints.length;
    endpoints.forEach((ep, i) => {
      const stat = i < n - 1 ? ` -m statistic --mode random --probability ${probability(n - i)}` : '';
      out.add(`-A ${svcChain}${comment(`"${spn} -> ${ep.str}"`)}${stat} -j ${ep.chain}`);
    });
  };
  if (usesClusterPolicyChain) toEndpoints(clusterPolicyChain, cat.clusterEndpoints);
  if (usesLocalPolicyChain) toEndpoints(localPolicyChain, cat.localEndpoints);

  // One chain per reachable endpoint (KP-15 J).
  for (const ep of cat.allReachable) {
    const sep = chain(ep.chain);
    const head = `-A ${ep.chain}${comment(spn)}`;
    sep.add(`${head} -s ${ep.ip} -j KUBE-MARK-MASQ`);
    const recent = svc.sessionAffinityClientIP ? ` -m recent --name ${ep.chain} --set` : '';
    sep.add(`${head}${recent} ${dport} -j DNAT --to-destination ${ep.str}`);
  }

  return {
    info: svc,
    endpoints: allEndpoints,
    largeCluster: ctx.largeCluster,
    labelsVersion: ctx.labelsVersion,
    natServices: natServices.result,
    natNodePorts: natNodePorts.result,
    filterServices: filterServices.result,
    filterExternal: filterExternal.result,
    filterNodePorts: filterNodePorts.result,
    filterFirewall: filterFirewall.result,
    chains: [...own].map(([name, l]) => ({ name, rules: l.result })),
    noLocalInternal,
    noLocalExternal,
  };
}
