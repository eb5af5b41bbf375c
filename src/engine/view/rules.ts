// One netfilter rule as the Chains view draws it: the iptables-save text (the engine's own
// printer), where it leads, and a short label of what it matches for the graph's edges.

import { formatProbability, formatRule } from '../netfilter/rules/index.ts';
import type { AddrMatch, MatchSpec, PortRange, Rule } from '../netfilter/types.ts';
import type { RuleView } from './types.ts';

// Rule objects are replaced, never edited, when rules change (only their counters move), so
// the printed text can be kept per rule.
const texts = new WeakMap<Rule, string>();

export function ruleText(rule: Rule): string {
  let t = texts.get(rule);
  if (t === undefined) texts.set(rule, (t = formatRule(rule)));
  return t;
}

const addr = (a: AddrMatch): string => `${a.invert ? '!' : ''}${a.network}/${a.prefix < 0 ? (a.mask ?? '255.255.255.255') : a.prefix}`;
const ports = (r: PortRange): string => (r.from === r.to ? `${r.from}` : `${r.from}:${r.to}`);

function matchLabel(m: MatchSpec): string[] {
  const not = (inv: boolean): string => (inv ? '!' : '');
  switch (m.module) {
    case 'comment':
    case 'physdev':
      return [];
    case 'tcp':
    case 'udp':
    case 'sctp': {
      const o: string[] = [];
      if (m.sport) o.push(`spt${m.sport.from === m.sport.to ? '' : 's'}:${not(m.sport.invert)}${ports(m.sport)}`);
      if (m.dport) o.push(`dpt${m.dport.from === m.dport.to ? '' : 's'}:${not(m.dport.invert)}${ports(m.dport)}`);
      return o;
    }
    case 'multiport':
      return [`${not(m.invert)}${m.kind} ${m.ports.map(ports).join(',')}`];
    case 'statistic':
      return m.mode === 'random' ? [`${not(m.invert)}probability ${formatProbability(m.probability)}`] : [`${not(m.invert)}every ${m.every} packet ${m.packet}`];
    case 'mark':
      return [`${not(m.invert)}mark 0x${m.value.toString(16)}/0x${m.mask.toString(16)}`];
    case 'addrtype': {
      const o: string[] = [];
      if (m.srcType) o.push(`src-type ${not(m.srcType.invert)}${m.srcType.type}`);
      if (m.dstType) o.push(`dst-type ${not(m.dstType.invert)}${m.dstType.type}`);
      return o;
    }
    case 'conntrack':
      return m.ctstate ? [`ctstate ${not(m.ctstate.invert)}${m.ctstate.states.join(',')}`] : [];
    case 'state':
      return [`state ${not(m.invert)}${m.states.join(',')}`];
    case 'recent':
      return [`${not(m.invert)}recent ${m.command} ${m.name}`];
    case 'nfacct':
      return [`nfacct ${m.name}`];
  }
}

/** e.g. "10.96.241.179/32 tcp dpt:8080", "src !10.244.0.0/16", "probability 0.33333333349"; '' matches every packet. */
export function ruleMatchLabel(rule: Rule): string {
  const o: string[] = [];
  if (rule.source) o.push(`src ${addr(rule.source)}`);
  if (rule.destination) o.push(addr(rule.destination));
  if (rule.inInterface) o.push(`in ${rule.inInterface.invert ? '!' : ''}${rule.inInterface.name}`);
  if (rule.outInterface) o.push(`out ${rule.outInterface.invert ? '!' : ''}${rule.outInterface.name}`);
  if (rule.protocol) o.push(`${rule.protocol.invert ? '!' : ''}${rule.protocol.name}`);
  for (const m of rule.matches) o.push(...matchLabel(m));
  return o.join(' ');
}

export function ruleComment(rule: Rule): string | undefined {
  for (const m of rule.matches) if (m.module === 'comment') return m.comment;
  return undefined;
}

export function ruleView(rule: Rule, number: number): RuleView {
  const view: RuleView = { number, text: ruleText(rule), match: ruleMatchLabel(rule), packets: rule.counters.packets, bytes: rule.counters.bytes };
  const t = rule.target;
  if (t) {
    view.target = t.kind === 'jump' || t.kind === 'goto' ? t.chain : t.kind;
    if (t.kind === 'jump' || t.kind === 'goto') view.jumpTo = t.chain;
    if (t.kind === 'DNAT') view.toDestination = t.toIp + (t.toPort ? `:${t.toPort.from === t.toPort.to ? t.toPort.from : `${t.toPort.from}-${t.toPort.to}`}` : '');
  }
  for (const m of rule.matches) if (m.module === 'statistic' && m.mode === 'random') view.probability = formatProbability(m.probability);
  const comment = ruleComment(rule);
  if (comment !== undefined) view.comment = comment;
  return view;
}

/** "ns/name:port" from a kube-proxy comment ("default/auth-service:http cluster IP", "… -> 10.244.1.2:8080"). */
export function servicePortOfComment(comment: string | undefined): string | undefined {
  const first = comment?.split(' ')[0];
  return first && /^[a-z0-9-]+\/[a-z0-9.-]+(:[^ ]*)?$/.test(first) ? first : undefined;
}

/** "ns/name" of a service port name ("default/auth-service:http" → "default/auth-service"). */
export const serviceOfPort = (sp: string): string => {
  const i = sp.indexOf(':');
  return i < 0 ? sp : sp.slice(0, i);
};
