// Assembles the iptables-restore input of one sync (KP-10 … KP-21) in the order kube-proxy's own
// tests normalise to (KP-20, sortIPTablesRules in proxier_test.go): tables by name; chains
// KUBE-NODEPORTS, KUBE-SERVICES, then the other KUBE-* chains alphabetically; each chain's rules
// together in chain order; KUBE-NODEPORTS and KUBE-SERVICES rules by service name (the
// "must be the last rule" rule last); `-X` lines after all rules.

import type { ProxierConfig } from './config.ts';
import { CT_INVALID_NFACCT, type PortRules, type RuleText } from './portRules.ts';

/** The shared top-level chains' per-service rules, concatenated in service-name order. */
export interface Sections {
  filterNodePorts: RuleText;
  filterServices: RuleText;
  filterExternal: RuleText;
  filterFirewall: RuleText;
  natNodePorts: RuleText;
  natServices: RuleText;
}

const SECTION_KEYS = ['filterNodePorts', 'filterServices', 'filterExternal', 'filterFirewall', 'natNodePorts', 'natServices'] as const;

export function buildSections(ports: PortRules[]): Sections {
  const out = {} as Sections;
  for (const k of SECTION_KEYS) {
    const parts: string[] = [];
    let count = 0;
    for (const p of ports) {
      const r = p[k];
      if (r.count === 0) continue;
      parts.push(r.text);
      count += r.count;
    }
    out[k] = { text: parts.join(''), count };
  }
  return out;
}

/** Whether two versions of a port contribute the same top-level rules. */
export function sameSections(a: PortRules, b: PortRules): boolean {
  for (const k of SECTION_KEYS) if (a[k].text !== b[k].text) return false;
  return true;
}

export interface PayloadInput {
  config: ProxierConfig;
  /** Every service port's top-level rules. */
  sections: Sections;
  /** The ports whose own chains are written this sync (all of them on a full sync). */
  written: PortRules[];
  /** Rules in every port's own chains, written or not. */
  ownRulesTotal: number;
  /** Stale per-service chains to flush and delete. */
  deleted: string[];
  nfacctInvalid: boolean;
  /** The tail of nat KUBE-SERVICES: its jump(s) to KUBE-NODEPORTS (KP-18, nodePortAddresses.ts). */
  nodePortsJumps: RuleText;
  /** The chain order of the proxier's previous payload (reused when the chains are the same). */
  declared?: DeclaredChains;
}

/** The chains a payload declared: their names, payload order and `:CHAIN - [0:0]` lines. */
export interface DeclaredChains {
  names: string[];
  order: number[];
  declarations: string;
}

export interface Payload {
  text: string;
  filterChains: number;
  filterRules: number;
  natChains: number;
  /** Rule lines written to nat, `-X` lines excluded. */
  natRules: number;
  /** Rules in the nat table after this sync (written plus those of skipped chains). */
  natTotal: number;
  chainsWritten: string[];
  /** For the next sync's PayloadInput.declared. */
  declared: DeclaredChains;
}

function chainRank(c: string): number {
  return c === 'KUBE-NODEPORTS' ? 0 : c === 'KUBE-SERVICES' ? 1 : c.startsWith('KUBE-') ? 2 : 3;
}

/** The chain order of sortIPTablesRules. */
export function compareChains(a: string, b: string): number {
  const d = chainRank(a) - chainRank(b);
  if (d !== 0) return d;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function assemblePayload(input: PayloadInput): Payload {
  const { config, sections } = input;
  const mark = config.masqueradeMark;
  const out: string[] = [];

  // ---- filter -------------------------------------------------------------------------
  const withFirewall = config.localhostNodePorts; // IPv4 proxier
  const filterChainNames = ['KUBE-NODEPORTS', 'KUBE-SERVICES', 'KUBE-EXTERNAL-SERVICES', ...(withFirewall ? ['KUBE-FIREWALL'] : []), 'KUBE-FORWARD', 'KUBE-PROXY-FIREWALL'];
  out.push('*filter\n');
  for (const c of filterChainNames) out.push(`:${c} - [0:0]\n`);
  let filterRules = 0;
  const section = (r: RuleText): void => {
    if (r.count === 0) return;
    out.push(r.text);
    filterRules += r.count;
  };
  section(sections.filterNodePorts);
  section(sections.filterServices);
  section(sections.filterExternal);
  if (withFirewall) {
    out.push('-A KUBE-FIREWALL -m comment --comment "block incoming localnet connections" -d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP\n');
    filterRules++;
  }
  if (!config.tcpBeLiberal) {
    out.push(`-A KUBE-FORWARD -m conntrack --ctstate INVALID${input.nfacctInvalid ? ` -m nfacct --nfacct-name ${CT_INVALID_NFACCT}` : ''} -j DROP\n`);
    filterRules++;
  }
  out.push(`-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark ${mark}/${mark} -j ACCEPT\n`);
  out.push('-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n');
  filterRules += 2;
  section(sections.filterFirewall);
  out.push('COMMIT\n');

  // ---- nat ----------------------------------------------------------------------------
  // Every chain declared: names[i] with rules texts[i] (possibly ''), sorted below.
  const names: string[] = [];
  const texts: string[] = [];
  let natRules = sections.natNodePorts.count + sections.natServices.count;
  const topLevel = natRules;
  let ownWritten = 0;
  for (const p of input.written) {
    for (const c of p.chains) {
      names.push(c.name);
      texts.push(c.rules.text);
      ownWritten += c.rules.count;
    }
  }
  natRules += ownWritten;
  const tail = input.nodePortsJumps.text;
  natRules += input.nodePortsJumps.count;
  names.push('KUBE-POSTROUTING', 'KUBE-MARK-MASQ');
  texts.push(
    `-A KUBE-POSTROUTING -m mark ! --mark ${mark}/${mark} -j RETURN\n` +
      `-A KUBE-POSTROUTING -j MARK --xor-mark ${mark}\n` +
      `-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE${config.randomFully ? ' --random-fully' : ''}\n`,
    `-A KUBE-MARK-MASQ -j MARK --or-mark ${mark}\n`,
  );
  natRules += 4;
  const deleted = [...input.deleted].sort(compareChains);
  for (const d of deleted) {
    names.push(d);
    texts.push('');
  }
  const declared = declare(names, input.declared);
  const { order } = declared;

  out.push('*nat\n:KUBE-NODEPORTS - [0:0]\n:KUBE-SERVICES - [0:0]\n', declared.declarations);
  out.push(sections.natNodePorts.text, sections.natServices.text, tail);
  for (const i of order) if (texts[i] !== '') out.push(texts[i]!);
  for (const d of deleted) out.push(`-X ${d}\n`);
  out.push('COMMIT\n');

  const deletedSet = new Set(deleted);
  const written = ['KUBE-NODEPORTS', 'KUBE-SERVICES'];
  for (const i of order) if (deleted.length === 0 || !deletedSet.has(names[i]!)) written.push(names[i]!);
  return {
    text: out.join(''),
    filterChains: filterChainNames.length,
    filterRules,
    natChains: names.length + 2,
    natRules,
    natTotal: topLevel + input.nodePortsJumps.count + 4 + input.ownRulesTotal,
    chainsWritten: [...filterChainNames, ...written],
    declared,
  };
}

/**
 * The chains' payload order and declarations. KUBE-NODEPORTS and KUBE-SERVICES lead (written by
 * the caller); every other chain here is a KUBE-* one, so the rest is plain code-unit order.
 * Sorting indices keeps a 100,000-chain sync cheap, and a full sync with the chains of the
 * previous one (the usual case) reuses its order.
 */
function declare(names: string[], last: DeclaredChains | undefined): DeclaredChains {
  if (last && names.length === last.names.length && names.every((n, i) => n === last.names[i])) return last;
  const order = Array.from({ length: names.length }, (_, i) => i);
  order.sort((a, b) => (names[a]! < names[b]! ? -1 : 1));
  const lines: string[] = [];
  for (const i of order) lines.push(`:${names[i]!} - [0:0]\n`);
  return { names, order, declarations: lines.join('') };
}
