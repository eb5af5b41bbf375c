// The ruleset of one network namespace: creation, copying, lookups and chain references.
import { BUILTIN_CHAINS, type Chain, type Family, type Rule, type Ruleset, type Table, type TableName } from '../types.ts';

export const TABLE_NAMES: TableName[] = ['raw', 'mangle', 'nat', 'filter'];
/** nft_for_each_table() order: the order iptables-nft-save prints existing tables in. */
export const SAVE_ORDER: TableName[] = ['mangle', 'raw', 'filter', 'nat'];

export const isTableName = (s: string): s is TableName => (TABLE_NAMES as string[]).includes(s);

/** A built-in chain as nf_tables lacks it until a command instantiates it. */
export function builtinChain(name: string): Chain {
  return { name, policy: 'ACCEPT', counters: { packets: 0, bytes: 0 }, rules: [], absent: true };
}

/** A table as nf_tables has it before anything touched it: built-in chains, policy ACCEPT. */
export function emptyTable(name: TableName): Table {
  return { name, chains: new Map(BUILTIN_CHAINS[name].map((c) => [c, builtinChain(c)])), exists: false };
}

/**
 * raw/mangle/nat/filter with their built-in chains, policy ACCEPT. Like a fresh network
 * namespace, no table exists yet for iptables-save until a command writes to it.
 * `family` 'ipv6' makes it the namespace's ip6tables tables.
 */
export function createRuleset(family: Family = 'ipv4'): Ruleset {
  const tables = new Map(TABLE_NAMES.map((t) => [t, emptyTable(t)]));
  // IPv4 rulesets keep their old shape (no family key): tests compare them structurally
  return family === 'ipv6' ? { tables, family } : { tables };
}

/** The program names of a ruleset's tools: "iptables" or "ip6tables". */
export const toolName = (rs: Pick<Ruleset, 'family'>): string => (rs.family === 'ipv6' ? 'ip6tables' : 'iptables');

export const cloneRule = (r: Rule): Rule => JSON.parse(JSON.stringify(r)) as Rule;

/**
 * A working copy for a transaction: chains and rule lists are copied, rule objects are shared
 * (a transaction replaces a rule object instead of changing it in place).
 */
export function cloneTable(t: Table): Table {
  const chains = new Map<string, Chain>();
  for (const [n, c] of t.chains) chains.set(n, { ...c, counters: { ...c.counters }, rules: [...c.rules] });
  return { ...t, chains };
}

export function getTable(rs: Ruleset, name: TableName): Table {
  let t = rs.tables.get(name);
  if (!t) {
    t = emptyTable(name);
    rs.tables.set(name, t);
  }
  return t;
}

export const isBuiltin = (table: TableName, chain: string): boolean =>
  (BUILTIN_CHAINS[table] as string[]).includes(chain);

/** Chain a rule jumps or goes to, if any. */
export const jumpTarget = (r: Rule): string | undefined =>
  r.target && (r.target.kind === 'jump' || r.target.kind === 'goto') ? r.target.chain : undefined;

/** Number of rules (in any chain of the table) that jump or go to `chain` — the "(N references)" of -L. */
export function chainReferences(rs: Ruleset, table: TableName, chain: string): number {
  const t = rs.tables.get(table);
  if (!t) return 0;
  let n = 0;
  for (const c of t.chains.values()) for (const r of c.rules) if (jumpTarget(r) === chain) n++;
  return n;
}

/** User chains sorted as iptables-save lists them (strcmp order, built-ins excluded). */
export function userChainsSorted(t: Table): Chain[] {
  return [...t.chains.values()]
    .filter((c) => !isBuiltin(t.name, c.name))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Built-in chains in hook order. */
export const builtinChains = (t: Table): Chain[] =>
  BUILTIN_CHAINS[t.name].map((n) => t.chains.get(n) ?? builtinChain(n));
