// The Chains view's graph, derived purely from one node's ChainsSnapshot (the engine's view of
// its nat table) and the pods it knows: hook chains → KUBE-SERVICES → KUBE-SVC-… → KUBE-SEP-…
// → pod, plus KUBE-NODEPORTS / KUBE-EXT / KUBE-FW / KUBE-POSTROUTING / KUBE-MARK-MASQ and any
// other chain a shown chain jumps to. Nothing here decides networking: every edge is a rule the
// engine reported, labelled with the rule's own match text and probability.

import type { ChainView, ChainsSnapshot, NodeView, PodView, RuleView, SliceView } from '../../engine/view/types.ts';

export type ChainNodeKind =
  | 'hook' // a built-in chain (PREROUTING, OUTPUT, POSTROUTING)
  | 'services' // KUBE-SERVICES
  | 'nodeports' // KUBE-NODEPORTS
  | 'svc' // KUBE-SVC-… / KUBE-SVL-…
  | 'ext' // KUBE-EXT-…
  | 'fw' // KUBE-FW-…
  | 'sep' // KUBE-SEP-…
  | 'mark' // KUBE-MARK-MASQ / KUBE-MARK-DROP
  | 'postrouting' // KUBE-POSTROUTING
  | 'other' // any other chain a shown chain jumps to
  | 'pod' // where a SEP's DNAT sends the packet (a pod, or an address outside the pod list)
  | 'more'; // "+N endpoints" standing for SEPs not drawn

export interface ChainGraphNode {
  /** Chain name; `pod:<ns>/<name>` or `ep:<ip>` for DNAT destinations; `more:<SVC chain>`. */
  id: string;
  kind: ChainNodeKind;
  label: string;
  /** Second line: the Service port, the DNAT destination, the pod's node … */
  sub?: string;
  /** Packets that entered the node: for a user chain the sum of the counters of the rules
   *  jumping to it, for a built-in chain its policy counter, for a pod the DNAT rules' counters. */
  packets: number;
  /** Rules in the chain (chains only). */
  rules?: number;
  servicePort?: string;
  /** Side notes shown in the node: jumps not drawn as edges (to KUBE-MARK-MASQ). */
  notes?: string[];
  pod?: { namespace: string; name: string; node?: string; ip?: string; state: string };
}

export interface ChainGraphEdge {
  /** `<source>-><target>#<rule>` (unique even when two rules jump to the same chain). */
  id: string;
  source: string;
  target: string;
  /** The rule of `source` that makes the jump (1-based); undefined for synthetic edges. */
  rule?: number;
  label: string;
  /** As iptables-save prints it, when the rule has `-m statistic --probability`. */
  probability?: string;
  kind: 'jump' | 'goto' | 'dnat' | 'more';
  packets: number;
}

export interface ServicePortEntry {
  servicePort: string;
  /** KUBE-SVC (or KUBE-SVL) chain. */
  chain?: string;
  endpoints: number;
  shown: boolean;
}

export interface ChainGraph {
  nodes: ChainGraphNode[];
  edges: ChainGraphEdge[];
  /** Every Service port with chains on the node, in display order. */
  servicePorts: ServicePortEntry[];
  /** Chains not drawn, mapped to the node that stands for them (SEPs beyond the cap → "more"). */
  alias: Record<string, string>;
}

export interface ChainGraphOptions {
  /** Case-insensitive substring of a Service port ("default/auth-service:http") or chain name.
   *  Empty: the Service ports that have endpoints. */
  filter?: string;
  /** SEPs drawn per Service port before the rest collapse into one "+N" node (default 12). */
  maxEndpoints?: number;
  /** Service ports drawn at most (default 12). */
  maxServices?: number;
  /** Without a filter, include kube-system's Service ports (default true). */
  showSystem?: boolean;
  nodes?: NodeView[];
  /** EndpointSlices: their targetRefs name the pod behind an address (host-network pods share
   *  their node's address, so an IP alone cannot). */
  slices?: SliceView[];
}

const HOOKS = ['PREROUTING', 'OUTPUT', 'POSTROUTING'];
const FIXED = ['KUBE-SERVICES', 'KUBE-NODEPORTS', 'KUBE-POSTROUTING', 'KUBE-MARK-MASQ'];
const PER_SERVICE = /^KUBE-(SVC|SVL|EXT|FW|SEP|XLB)-/;

export function kindOf(chain: string, builtin: boolean): ChainNodeKind {
  if (builtin) return 'hook';
  if (chain === 'KUBE-SERVICES') return 'services';
  if (chain === 'KUBE-NODEPORTS') return 'nodeports';
  if (chain === 'KUBE-POSTROUTING') return 'postrouting';
  if (chain.startsWith('KUBE-MARK-')) return 'mark';
  if (chain.startsWith('KUBE-SVC-') || chain.startsWith('KUBE-SVL-')) return 'svc';
  if (chain.startsWith('KUBE-EXT-') || chain.startsWith('KUBE-XLB-')) return 'ext';
  if (chain.startsWith('KUBE-FW-')) return 'fw';
  if (chain.startsWith('KUBE-SEP-')) return 'sep';
  return 'other';
}

/** "default/auth-service:http cluster IP" / "… -> 10.244.1.2:8080" → "default/auth-service:http". */
function servicePortOf(chain: ChainView): string | undefined {
  if (chain.servicePort) return chain.servicePort;
  if (!PER_SERVICE.test(chain.name)) return undefined;
  for (const r of chain.rules) {
    const m = r.comment?.match(/^([a-z0-9.-]+\/[a-z0-9.-]+(?::[a-z0-9-]+)?)/i);
    if (m) return m[1];
  }
  return undefined;
}

/** Service ports of the user's namespaces first (default first), kube-system last; then by name. */
function serviceOrder(a: string, b: string): number {
  const rank = (sp: string) => (sp.startsWith('default/') ? 0 : sp.startsWith('kube-') ? 2 : 1);
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

const jumpOf = (r: RuleView): string | undefined => r.jumpTo ?? (r.target && /^[A-Z][A-Z0-9-]*$/.test(r.target) && !TERMINAL.has(r.target) ? r.target : undefined);
const TERMINAL = new Set(['ACCEPT', 'DROP', 'REJECT', 'RETURN', 'DNAT', 'SNAT', 'MASQUERADE', 'MARK', 'LOG', 'TRACE', 'CONNMARK', 'NOTRACK', 'CT']);

/** The edge label: what the rule matches, without the probability (shown on its own). */
export function edgeLabel(r: RuleView): string {
  const match = r.match.replace(/\s*probability\s+[0-9.]+\s*/, ' ').trim();
  if (r.probability) return match ? `p=${r.probability} ${match}` : `p=${r.probability}`;
  return match;
}

export function toChainGraph(chains: ChainsSnapshot, pods: PodView[], opts: ChainGraphOptions = {}): ChainGraph {
  const nat = chains.tables.find((t) => t.name === 'nat');
  const byName = new Map<string, ChainView>((nat?.chains ?? []).map((c) => [c.name, c]));
  const maxEndpoints = opts.maxEndpoints ?? 12;
  const maxServices = opts.maxServices ?? 12;
  const filter = (opts.filter ?? '').trim().toLowerCase();

  // Service ports and their per-service chains.
  const chainsOfPort = new Map<string, string[]>();
  for (const c of byName.values()) {
    if (!PER_SERVICE.test(c.name)) continue;
    const sp = servicePortOf(c);
    if (!sp) continue;
    const list = chainsOfPort.get(sp) ?? [];
    list.push(c.name);
    chainsOfPort.set(sp, list);
  }
  const servicePorts: ServicePortEntry[] = [...chainsOfPort.keys()].sort(serviceOrder).map((sp) => {
    const svc = chainsOfPort.get(sp)!.find((n) => n.startsWith('KUBE-SVC-') || n.startsWith('KUBE-SVL-'));
    const endpoints = svc ? byName.get(svc)!.rules.filter((r) => jumpOf(r)?.startsWith('KUBE-SEP-')).length : 0;
    const names = chainsOfPort.get(sp)!;
    const hit = filter
      ? sp.toLowerCase().includes(filter) || names.some((n) => n.toLowerCase().includes(filter))
      : endpoints > 0 && (opts.showSystem !== false || !sp.startsWith('kube-system/'));
    return { servicePort: sp, chain: svc, endpoints, shown: hit };
  });
  let count = 0;
  for (const e of servicePorts) if (e.shown && ++count > maxServices) e.shown = false;
  const shownPorts = new Set(servicePorts.filter((e) => e.shown).map((e) => e.servicePort));
  const hiddenChain = (name: string): boolean => {
    if (!PER_SERVICE.test(name)) return false;
    const sp = servicePortOf(byName.get(name)!);
    return !sp || !shownPorts.has(sp);
  };

  // Which chains to draw: hooks, the fixed KUBE chains, the shown services' chains (SEPs capped),
  // and whatever a drawn chain jumps to (KIND-MASQ-AGENT, KUBE-FW-…), except hidden services.
  const alias: Record<string, string> = {};
  const shown = new Set<string>();
  const more = new Map<string, string[]>(); // SVC chain → SEPs not drawn
  for (const h of HOOKS) if (byName.has(h)) shown.add(h);
  for (const f of FIXED) if (byName.has(f)) shown.add(f);
  for (const sp of shownPorts) {
    for (const name of chainsOfPort.get(sp)!) if (!name.startsWith('KUBE-SEP-')) shown.add(name);
    const svc = servicePorts.find((e) => e.servicePort === sp)!.chain;
    const seps = svc ? byName.get(svc)!.rules.map(jumpOf).filter((j): j is string => !!j?.startsWith('KUBE-SEP-')) : [];
    // SEPs a KUBE-SVL or KUBE-EXT chain reaches are also drawn, in rule order, deduplicated.
    const all = [...new Set([...seps, ...chainsOfPort.get(sp)!.filter((n) => n.startsWith('KUBE-SEP-'))])];
    all.forEach((sep, i) => {
      if (i < maxEndpoints) shown.add(sep);
      else if (svc) {
        alias[sep] = `more:${svc}`;
        more.set(svc, [...(more.get(svc) ?? []), sep]);
      }
    });
  }
  const queue = [...shown];
  while (queue.length) {
    const c = byName.get(queue.pop()!);
    for (const r of c?.rules ?? []) {
      const j = jumpOf(r);
      if (j && byName.has(j) && !shown.has(j) && !alias[j] && !hiddenChain(j)) {
        shown.add(j);
        queue.push(j);
      }
    }
  }

  // Packets into each chain: the counters of every rule that jumps there (hidden ones too).
  const into = new Map<string, number>();
  for (const c of byName.values()) for (const r of c.rules) {
    const j = jumpOf(r);
    if (j) into.set(j, (into.get(j) ?? 0) + r.packets);
  }
  const jumpsToMark = new Map<string, number>();
  for (const c of byName.values()) for (const r of c.rules) if (jumpOf(r) === 'KUBE-MARK-MASQ') jumpsToMark.set(c.name, (jumpsToMark.get(c.name) ?? 0) + 1);

  const nodes: ChainGraphNode[] = [];
  const edges: ChainGraphEdge[] = [];
  const podNodes = new Map<string, ChainGraphNode>();
  const nodeByIp = new Map((opts.nodes ?? []).map((n) => [n.ip, n.name]));
  const podByKey = new Map(pods.map((p) => [`${p.namespace}/${p.name}`, p]));
  const podByIp = new Map<string, PodView | null>(); // null: several pods share it (host network)
  for (const p of pods) if (p.ip && !nodeByIp.has(p.ip)) podByIp.set(p.ip, podByIp.has(p.ip) ? null : p);
  for (const s of opts.slices ?? []) for (const e of s.endpoints) {
    const p = e.pod ? podByKey.get(e.pod) : undefined;
    if (p) podByIp.set(e.ip, p);
  }

  // Display order (dagre keeps it where it can): hooks, KUBE-SERVICES and the fixed chains, then
  // each shown Service port's chains in Service order (auth-service first), SEPs in rule order.
  const rank = new Map<string, number>();
  [...HOOKS, ...FIXED].forEach((n, i) => rank.set(n, i));
  let r = HOOKS.length + FIXED.length;
  for (const e of servicePorts) {
    if (!e.shown) continue;
    const names = chainsOfPort.get(e.servicePort)!;
    const svc = e.chain ? [e.chain] : [];
    const seps = e.chain ? byName.get(e.chain)!.rules.map(jumpOf).filter((j): j is string => !!j?.startsWith('KUBE-SEP-')) : [];
    for (const n of [...svc, ...names.filter((x) => !x.startsWith('KUBE-SEP-') && x !== e.chain), ...seps, ...names]) if (!rank.has(n)) rank.set(n, r++);
  }
  const order = (name: string) => rank.get(name) ?? Number.MAX_SAFE_INTEGER;
  const ordered = (nat?.chains ?? []).filter((c) => shown.has(c.name)).sort((a, b) => order(a.name) - order(b.name));
  for (const c of ordered) {
    const kind = kindOf(c.name, c.builtin);
    const sp = servicePortOf(c);
    const node: ChainGraphNode = {
      id: c.name,
      kind,
      label: c.name,
      packets: c.builtin ? c.packets : (into.get(c.name) ?? 0),
      rules: c.rules.length,
    };
    if (sp && kind !== 'services') node.servicePort = sp;
    const notes: string[] = [];
    for (const r of c.rules) {
      const j = jumpOf(r);
      if (j === 'KUBE-MARK-MASQ' && c.name !== 'KUBE-MARK-MASQ') notes.push(`#${r.number} ${r.match || 'all'} → MARK-MASQ`);
    }
    if (kind === 'sep') {
      const dnat = c.rules.find((r) => r.toDestination);
      node.sub = dnat ? `DNAT → ${dnat.toDestination}` : sp;
    } else if (kind === 'mark') {
      const n = [...jumpsToMark.values()].reduce((a, b) => a + b, 0);
      node.sub = c.rules[0]?.match || c.rules[0]?.text;
      if (n) notes.push(`jumped to by ${n} rules`);
    } else node.sub = sp;
    if (notes.length) node.notes = notes;
    nodes.push(node);

    for (const r of c.rules) {
      const j = jumpOf(r);
      if (!j || j === 'KUBE-MARK-MASQ') continue;
      const target = shown.has(j) ? j : alias[j];
      if (!target) continue;
      if (target.startsWith('more:') && edges.some((e) => e.source === c.name && e.target === target)) continue;
      const e: ChainGraphEdge = {
        id: `${c.name}->${target}#${r.number}`,
        source: c.name,
        target,
        rule: r.number,
        label: target.startsWith('more:') ? `${more.get(target.slice(5))?.length ?? 0} more rules` : edgeLabel(r) || (kind === 'svc' ? 'otherwise' : 'all'),
        kind: target.startsWith('more:') ? 'more' : / -g /.test(` ${r.text} `) ? 'goto' : 'jump',
        packets: r.packets,
      };
      if (r.probability && !target.startsWith('more:')) e.probability = r.probability;
      edges.push(e);
    }

    // SEP → where its DNAT sends the packet.
    const dnat = kind === 'sep' ? c.rules.find((r) => r.toDestination) : undefined;
    if (dnat?.toDestination) {
      const ip = dnat.toDestination.replace(/:\d+$/, '');
      const pod = podByIp.get(ip);
      const id = pod ? `pod:${pod.namespace}/${pod.name}` : `ep:${ip}`;
      let pn = podNodes.get(id);
      if (!pn) {
        pn = pod
          ? { id, kind: 'pod', label: pod.name, sub: `${pod.ip}${pod.node ? ` · ${pod.node}` : ''}`, packets: 0, pod: { namespace: pod.namespace, name: pod.name, node: pod.node, ip: pod.ip, state: pod.state } }
          : { id, kind: 'pod', label: ip, sub: nodeByIp.has(ip) ? `node ${nodeByIp.get(ip)} (host network)` : 'not a known pod', packets: 0 };
        podNodes.set(id, pn);
      }
      pn.packets += dnat.packets;
      edges.push({ id: `${c.name}->${id}#${dnat.number}`, source: c.name, target: id, rule: dnat.number, label: `DNAT ${dnat.toDestination}`, kind: 'dnat', packets: dnat.packets });
    }
  }
  for (const [svc, seps] of more) {
    const id = `more:${svc}`;
    nodes.push({ id, kind: 'more', label: `+${seps.length} endpoints`, sub: `KUBE-SEP chains of ${svc} not drawn`, packets: seps.reduce((a, s) => a + (into.get(s) ?? 0), 0) });
  }
  nodes.push(...podNodes.values());
  return { nodes, edges, servicePorts, alias };
}

/** Node and edge ids, for deciding when the layout must be recomputed (counters don't count). */
export function structureKey(g: ChainGraph): string {
  return `${g.nodes.map((n) => n.id).join(',')}|${g.edges.map((e) => e.id).join(',')}`;
}
