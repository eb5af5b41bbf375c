// The stub resolver of a pod's or node's programs (getaddrinfo): the resolv.conf search list
// and ndots, each name asked of each nameserver over the network, timeouts on the virtual clock.

import type { ConnectFrom } from '../network/index.ts';
import type { Simulation } from '../simulation.ts';
import { query } from './exchange.ts';
import { parseResolvConf, searchCandidates } from './resolvconf.ts';

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
