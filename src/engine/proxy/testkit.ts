// Test support modelled on kube-proxy's own test helpers (pkg/util/iptables/testing fake.go and
// parse.go, NewFakeProxier / makeTestService / makeTestEndpointSlice in proxier_test.go): a
// text-level iptables fake that applies restore input with --noflush semantics and rejects
// dangling jumps or the deletion of referenced chains atomically, like iptables-restore.

import type { EndpointSlice, Service } from '../api/types.ts';
import type { ProxierConfig } from './config.ts';
import type { NetfilterPort, PortTable, RestoreOutcome } from './port.ts';
import { Proxier, type ProxierDeps } from './proxier.ts';

const BUILTINS: Record<PortTable, string[]> = {
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
};
const TARGETS = new Set(['ACCEPT', 'DROP', 'REJECT', 'RETURN', 'MARK', 'DNAT', 'SNAT', 'MASQUERADE', 'LOG']);

type Tables = Map<string, Map<string, string[]>>;

function cloneTables(t: Tables): Tables {
  const out: Tables = new Map();
  for (const [name, chains] of t) out.set(name, new Map([...chains].map(([c, r]) => [c, [...r]])));
  return out;
}

const jumpOf = (rule: string): string | undefined => /(?:^| )-[jg] (\S+)/.exec(rule)?.[1];

export class FakeIptables implements NetfilterPort {
  tables: Tables = new Map();
  readonly nfacct = new Set<string>();
  restores: string[] = [];

  constructor() {
    for (const [t, chains] of Object.entries(BUILTINS)) this.tables.set(t, new Map(chains.map((c) => [c, []])));
  }

  restore(payload: string): RestoreOutcome {
    this.restores.push(payload);
    const next = cloneTables(this.tables);
    let table: Map<string, string[]> | undefined;
    const lines = payload.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      const n = i + 1;
      const fail = (why: string): RestoreOutcome => ({ ok: false, exitCode: 1, stderr: `iptables-restore v1.8.9 (nf_tables): line ${n}: ${why}\n` });
      if (line === '' || line.startsWith('#')) continue;
      if (line.startsWith('*')) {
        table = next.get(line.slice(1));
        if (!table) return fail(`table '${line.slice(1)}' does not exist`);
      } else if (!table) {
        return fail('no command specified');
      } else if (line.startsWith(':')) {
        table.set(line.slice(1).split(' ')[0]!, []); // declaring a chain creates or flushes it
      } else if (line.startsWith('-A ')) {
        const chain = line.split(' ')[1]!;
        const rules = table.get(chain);
        if (!rules) return fail(`chain ${chain} does not exist`);
        rules.push(line.slice(4 + chain.length));
      } else if (line.startsWith('-X ')) {
        const chain = line.slice(3);
        if (!table.has(chain)) return fail(`chain ${chain} does not exist`);
        for (const [c, rules] of table) {
          if (c !== chain && rules.some((r) => jumpOf(r) === chain)) return fail(`CHAIN_DEL failed (Device or resource busy): chain ${chain}`);
        }
        table.delete(chain);
      } else if (line === 'COMMIT') {
        for (const [c, rules] of table) {
          for (const r of rules) {
            const j = jumpOf(r);
            if (j && !TARGETS.has(j) && !table.has(j)) return fail(`rule in chain ${c} jumps to a non-existent chain ${j}`);
          }
        }
        table = undefined;
      } else {
        return fail('unknown command');
      }
    }
    this.tables = next;
    return { ok: true };
  }

  chainNames(table: PortTable): Iterable<string> {
    return this.tables.get(table)!.keys();
  }
  chainExists(table: PortTable, chain: string): boolean {
    return this.tables.get(table)!.has(chain);
  }
  ensureChain(table: PortTable, chain: string): void {
    const t = this.tables.get(table)!;
    if (!t.has(chain)) t.set(chain, []);
  }
  ensureRuleFirst(table: PortTable, chain: string, args: string[]): void {
    const rule = args.map((a) => (a.includes(' ') ? `"${a}"` : a)).join(' ');
    const rules = this.tables.get(table)!.get(chain)!;
    if (!rules.includes(rule)) rules.unshift(rule);
  }
  /** EnsureRule(Append) as the upstream test uses to plant a dangling reference. */
  appendRule(table: PortTable, chain: string, rule: string): void {
    this.tables.get(table)!.get(chain)!.push(rule);
  }
  ensureNfacct(name: string): boolean {
    this.nfacct.add(name);
    return true;
  }
  deleteChain(table: PortTable, chain: string): void {
    this.tables.get(table)!.delete(chain);
  }
}

/**
 * The fake network of NewFakeProxier (proxyutiltest.NewFakeNetwork): lo 127.0.0.1/8 and ::1/128;
 * eth0 testNodeIP, testNodeIPAlt, testExternalIP, testNodeIPv6, testNodeIPv6Alt.
 */
export const FAKE_INTERFACE_ADDRS: readonly string[] = ['127.0.0.1', '::1', '192.168.0.2', '192.168.1.2', '192.168.99.11', '2001:db8::1', '2001:db8:1::2'];

/** NewFakeProxier: node test-node (192.168.0.2), pods 10.0.0.0/8, mark 0x4000, no --random-fully. */
export function newFakeProxier(over: Partial<ProxierConfig> = {}, deps: Partial<ProxierDeps> = {}): { fp: Proxier; ipt: FakeIptables; clock: { t: number } } {
  const ipt = new FakeIptables();
  const clock = { t: 0 };
  const config: ProxierConfig = {
    ipFamily: 'IPv4',
    nodeName: 'test-node',
    nodeIP: '192.168.0.2',
    clusterCIDR: '10.0.0.0/8',
    masqueradeMark: '0x4000',
    masqueradeAll: false,
    localhostNodePorts: true,
    nodePortAddresses: [],
    nfacct: true,
    randomFully: false,
    tcpBeLiberal: false,
    minSyncPeriodMs: 0,
    syncPeriodMs: 30_000,
    burstSyncs: 1,
    fullSyncPeriodMs: 3_600_000,
    verbosity: 0,
    ...over,
  };
  const fp = new Proxier({ config, port: () => ipt, now: () => clock.t, interfaceAddrs: () => FAKE_INTERFACE_ADDRS, ...deps });
  fp.setInitialized();
  return { fp, ipt, clock };
}

/** makeTestService: a Service with empty spec, shaped by `fn`. */
export function makeTestService(namespace: string, name: string, fn: (svc: Service) => void): Service {
  const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace, annotations: {} }, spec: {}, status: {} } as Service;
  fn(svc);
  return svc;
}

/** makeTestEndpointSlice: "<name>-<n>" labelled with its service. */
export function makeTestEndpointSlice(namespace: string, name: string, n: number, fn: (eps: EndpointSlice) => void): EndpointSlice {
  const eps = {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: `${name}-${n}`, namespace, annotations: {}, labels: { 'kubernetes.io/service-name': name } },
    addressType: 'IPv4',
    endpoints: [],
    ports: [],
  } as unknown as EndpointSlice;
  fn(eps);
  return eps;
}

/** The expected text of a golden file, without its leading comment lines. */
export function stripComments(text: string): string {
  return text.split('\n').filter((l) => !l.startsWith('#')).join('\n');
}

/**
 * sortIPTablesRules (proxier_test.go): the order assertIPTablesRulesEqual compares in. Used to
 * check that the proxier already emits that order.
 */
export function sortIPTablesRules(data: string): string {
  const tables: { name: string; chains: string[]; rules: Map<string, string[]>; deleted: Set<string> }[] = [];
  let cur: (typeof tables)[number] | undefined;
  for (const line of data.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('*')) tables.push((cur = { name: line.slice(1), chains: [], rules: new Map(), deleted: new Set() }));
    else if (line.startsWith(':')) {
      const c = line.slice(1).split(' ')[0]!;
      cur!.chains.push(c);
      cur!.rules.set(c, []);
    } else if (line.startsWith('-A ')) cur!.rules.get(line.split(' ')[1]!)!.push(line);
    else if (line.startsWith('-X ')) cur!.deleted.add(line.slice(3));
  }
  const rank = (c: string): number => (c === 'KUBE-NODEPORTS' ? 0 : c === 'KUBE-SERVICES' ? 1 : c.startsWith('KUBE-') ? 2 : 3);
  const svcName = (rule: string): string | undefined => {
    const m = / --comment ("[^"]*"|\S+)/.exec(rule);
    if (!m) return undefined;
    const v = m[1]!.replace(/^"|"$/g, '');
    const i = v.search(/[ :]/);
    return i < 0 ? v : v.slice(0, i);
  };
  const stable = (rules: string[], last = false): string[] =>
    rules
      .map((r, i) => ({ r, i, k: svcName(r), last: last && r.includes('must be the last rule') }))
      .sort((a, b) => (a.last !== b.last ? (a.last ? 1 : -1) : a.k !== undefined && b.k !== undefined && a.k !== b.k ? (a.k < b.k ? -1 : 1) : a.i - b.i))
      .map((x) => x.r);
  let out = '';
  tables.sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const t of tables) {
    t.chains.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
    out += `*${t.name}\n`;
    for (const c of t.chains) out += `:${c} - [0:0]\n`;
    for (const c of t.chains) {
      const rules = c === 'KUBE-NODEPORTS' || c === 'KUBE-SERVICES' ? stable(t.rules.get(c)!, t.name === 'nat' && c === 'KUBE-SERVICES') : t.rules.get(c)!;
      for (const r of rules) out += r + '\n';
    }
    for (const c of t.chains) if (t.deleted.has(c)) out += `-X ${c}\n`;
    out += 'COMMIT\n';
  }
  return out;
}
