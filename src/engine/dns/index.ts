// Cluster DNS: CoreDNS answering from the API (DNS-1), each pod's resolv.conf (DNS-2), and the
// stub resolver a pod's programs use (search domains, ndots). Lookups are real UDP exchanges
// through the network (pod → kube-dns ClusterIP → KUBE chains → a coredns pod → back).
// CONTRACT: the exported names and signatures below are what the pod shell (kubectl exec) and
// node shells import.

import type { Pod } from '../api/types.ts';
import type { ConnectFrom } from '../network/index.ts';
import type { CommandDescriptor } from '../shell/types.ts';
import type { Simulation } from '../simulation.ts';
import { DIG_HELP, runDig } from './dig.ts';
import { NSLOOKUP_HELP, runNslookup } from './nslookup.ts';
import { runBusyboxNslookup } from './nslookupBusybox.ts';
import { podResolvConf } from './resolvconf.ts';

export { corednsAnswer, COREDNS_TTL, CLUSTER_DOMAIN } from './coredns.ts';
export { query, type ExchangeResult, type QueryOptions } from './exchange.ts';
export { CLUSTER_DNS, NODE_RESOLV_CONF, parseResolvConf, searchCandidates, type ResolvConf } from './resolvconf.ts';
export { DIG_VERSION } from './dig.ts';
export { resolveHost } from './resolver.ts';

/** /etc/resolv.conf of a pod as the kubelet writes it (DNS-2; dnsPolicy ClusterFirst, hostNetwork → the node's). */
export function resolvConfOf(sim: Simulation, pod: Pod): string {
  return podResolvConf(sim, pod);
}

/** Which program `nslookup` is: BIND's (bind-tools, dnsutils) or busybox's applet. */
export type NslookupKind = 'bind' | 'busybox';

/** `nslookup` and `dig` for a shell whose world W says where they run, with which resolv.conf
 *  and (for nslookup) which implementation the image ships; BIND's by default. */
export function makeDnsCommands<W>(
  sourceOf: (world: W) => ConnectFrom,
  sim: (world: W) => Simulation,
  resolvConfOf: (world: W) => string,
  nslookupOf: (world: W) => NslookupKind = () => 'bind',
): CommandDescriptor<W>[] {
  return [
    {
      name: 'nslookup',
      summary: 'query Internet name servers',
      help: NSLOOKUP_HELP,
      ownHelp: true,
      run: (ctx) =>
        nslookupOf(ctx.world) === 'busybox'
          ? runBusyboxNslookup(ctx, sourceOf(ctx.world), sim(ctx.world), resolvConfOf(ctx.world))
          : runNslookup(ctx, sourceOf(ctx.world), sim(ctx.world), resolvConfOf(ctx.world)),
    },
    {
      name: 'dig',
      summary: 'DNS lookup utility',
      help: DIG_HELP,
      ownHelp: true,
      run: (ctx) => runDig(ctx, sourceOf(ctx.world), sim(ctx.world), resolvConfOf(ctx.world)),
    },
  ];
}
