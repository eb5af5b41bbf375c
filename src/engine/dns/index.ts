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
import { query } from './exchange.ts';
import { NSLOOKUP_HELP, runNslookup } from './nslookup.ts';
import { parseResolvConf, podResolvConf, searchCandidates } from './resolvconf.ts';

export { corednsAnswer, COREDNS_TTL, CLUSTER_DOMAIN } from './coredns.ts';
export { query, type ExchangeResult, type QueryOptions } from './exchange.ts';
export { CLUSTER_DNS, NODE_RESOLV_CONF, parseResolvConf, searchCandidates, type ResolvConf } from './resolvconf.ts';
export { DIG_VERSION } from './dig.ts';

/** /etc/resolv.conf of a pod as the kubelet writes it (DNS-2; dnsPolicy ClusterFirst, hostNetwork → the node's). */
export function resolvConfOf(sim: Simulation, pod: Pod): string {
  return podResolvConf(sim, pod);
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

/** What a program's getaddrinfo() would return for `name` from `from` with that resolv.conf:
 *  the first IPv4 address, or undefined (NXDOMAIN / no answer). Sends the real queries
 *  (A only; each unanswered try lets `timeout` seconds of virtual time pass). */
export function resolveHost(sim: Simulation, from: ConnectFrom, resolvConf: string, name: string): string | undefined {
  if (IPV4.test(name)) return name;
  if (name === 'localhost') return '127.0.0.1';
  const conf = parseResolvConf(resolvConf);
  for (const candidate of searchCandidates(conf, name)) {
    let answered = false;
    for (let attempt = 0; attempt < conf.attempts && !answered; attempt++) {
      for (const server of conf.nameservers) {
        const r = query(sim, from, server, candidate, 'A', { rd: true, source: 'resolver' });
        if (r.kind !== 'answer') {
          if (r.kind === 'timeout') sim.advance(conf.timeoutS * 1000);
          continue;
        }
        answered = true;
        // The A record at the end of a CNAME chain.
        const a = r.message.answer.find((rr) => rr.data.type === 'A');
        if (a && a.data.type === 'A') return a.data.ip;
        break;
      }
    }
    // No server answered at all: glibc gives up (EAI_AGAIN) rather than trying more names.
    if (!answered) return undefined;
  }
  return undefined;
}

/** `nslookup` and `dig` for a shell whose world W says where they run and with which resolv.conf. */
export function makeDnsCommands<W>(sourceOf: (world: W) => ConnectFrom, sim: (world: W) => Simulation, resolvConfOf: (world: W) => string): CommandDescriptor<W>[] {
  return [
    {
      name: 'nslookup',
      summary: 'query Internet name servers',
      help: NSLOOKUP_HELP,
      ownHelp: true,
      run: (ctx) => runNslookup(ctx, sourceOf(ctx.world), sim(ctx.world), resolvConfOf(ctx.world)),
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
