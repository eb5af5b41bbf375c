// One DNS query as a real UDP exchange: the datagram goes through the network (pod → kube-dns
// ClusterIP → KUBE chains → a CoreDNS pod) and the pod it lands on builds the reply. A node's
// own resolver (Docker's embedded DNS, which kind reaches by DNAT inside the node's namespace)
// answers without leaving the node.

import type { Pod } from '../api/types.ts';
import type { ConnectFrom, ConnectionTrace } from '../network/types.ts';
import type { Simulation } from '../simulation.ts';
import { corednsAnswer, dockerDnsAnswer, type Answer } from './coredns.ts';
import { absolute, type DnsMessage, type RRType } from './message.ts';
import { DOCKER_GATEWAY_DNS } from './resolvconf.ts';
import { recordDnsQuery, recordDnsReply } from '../nodeshell/tcpdump/payloads.ts';

export type ExchangeResult =
  | { kind: 'answer'; message: DnsMessage; rttUs: number; trace?: ConnectionTrace }
  | { kind: 'timeout' | 'refused' | 'unreachable'; trace?: ConnectionTrace; error: string };

export interface QueryOptions {
  /** Sends an OPT record with a client cookie (dig does; nslookup and libc do not). */
  edns?: boolean;
  rd?: boolean;
  /** Who asks (for network observers). */
  source?: string;
  /** Server port (53). */
  port?: number;
}

const isCoreDns = (pod: Pod | undefined): boolean =>
  pod !== undefined && (pod.metadata.labels?.['k8s-app'] === 'kube-dns' || pod.spec.containers.some((c) => c.image.includes('coredns/coredns')));

/** Is `from` the root namespace of a node (a node shell or a hostNetwork pod)? */
function onNode(sim: Simulation, from: ConnectFrom): boolean {
  if ('node' in from) return true;
  if ('pod' in from) return sim.api.get<Pod>('pods', from.pod.namespace, from.pod.name)?.spec.hostNetwork === true;
  return false;
}

/** Microseconds for the exchange: a little per hop the datagrams took, plus the server's work. */
function rttOf(trace: ConnectionTrace | undefined): number {
  const hops = trace ? trace.hops.filter((h) => h.step === 'transmit').length : 0;
  return 120 + 25 * hops;
}

export function query(sim: Simulation, from: ConnectFrom, server: string, name: string, type: RRType, opts: QueryOptions = {}): ExchangeResult {
  const id = sim.rng.int(0x10000);
  const cookie = opts.edns ? Array.from({ length: 8 }, () => sim.rng.int(256).toString(16).padStart(2, '0')).join('') : undefined;
  const build = (a: Answer, trace?: ConnectionTrace): ExchangeResult => {
    const message: DnsMessage = {
      id,
      rd: opts.rd ?? true,
      ...a,
      question: { name: absolute(name), type },
      ...(opts.edns ? { edns: { udpSize: 1232, ...(cookie ? { cookie } : {}) } } : {}),
    };
    return { kind: 'answer', message, rttUs: rttOf(trace), ...(trace ? { trace } : {}) };
  };
  if (server === DOCKER_GATEWAY_DNS && (opts.port ?? 53) === 53 && onNode(sim, from)) return build(dockerDnsAnswer(sim, name, type));
  const trace = sim.network.connect({ from, to: server, port: opts.port ?? 53, proto: 'udp', source: opts.source ?? 'dns' });
  // What the datagrams carry, for tcpdump on the nodes they cross.
  recordDnsQuery(trace, { id, rd: opts.rd ?? true, name: absolute(name), type, ...(opts.edns ? { edns: { udpSize: 1232, ...(cookie ? { cookie } : {}) } } : {}) });
  if (trace.outcome === 'refused') return { kind: 'refused', trace, error: 'connection refused' };
  if (trace.outcome === 'unreachable') return { kind: 'unreachable', trace, error: 'host unreachable' };
  const dest = trace.destination?.pod;
  const pod = dest ? sim.api.get<Pod>('pods', dest.namespace, dest.name) : undefined;
  if (trace.outcome !== 'connected' || !isCoreDns(pod)) return { kind: 'timeout', trace, error: 'timed out' };
  const answered = build(corednsAnswer(sim, name, type), trace);
  if (answered.kind === 'answer') recordDnsReply(trace, answered.message);
  return answered;
}
