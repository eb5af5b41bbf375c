// `iptables -L [CHAIN [RULENUM]]`: chain headers, the column header line and the rules, as
// iptables 1.8.9 (nf_tables) prints them (print_header in xshared.c, nft_rule_list in nft.c).

import type { Chain, Ruleset, Table, TableName } from '../types.ts';
import { BUILTIN_CHAINS } from '../types.ts';
import type { NameResolver } from './names.ts';
import { formatListRule, printNum, type ListFormat } from './ruleText.ts';

/** Chains in the order iptables lists them: built-ins in hook order, then user chains by name. */
export function orderedChains(table: Table): Chain[] {
  const builtins = BUILTIN_CHAINS[table.name] as string[];
  const out: Chain[] = [];
  for (const name of builtins) {
    const c = table.chains.get(name);
    if (c) out.push(c);
  }
  // a base chain renamed away from its hook name is not listed (iptables cannot show it)
  const user = [...table.chains.values()].filter((c) => !builtins.includes(c.name) && c.policy === undefined);
  user.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return out.concat(user);
}

/** Rules of the table that jump or go to `chain` (the "(N references)" of a user chain). */
export function countReferences(table: Table, chain: string): number {
  let n = 0;
  for (const c of table.chains.values()) {
    for (const r of c.rules) {
      if ((r.target?.kind === 'jump' || r.target?.kind === 'goto') && r.target.chain === chain) n++;
    }
  }
  return n;
}

export function columnHeader(fmt: ListFormat): string {
  let s = '';
  if (fmt.lineNumbers) s += 'num  ';
  if (fmt.verbose) s += fmt.exact ? `${'pkts'.padStart(8)} ${'bytes'.padStart(10)} ` : ' pkts bytes ';
  s += 'target     prot opt';
  if (fmt.verbose) s += ` ${'in'.padEnd(6)} ${'out'.padEnd(6)} `;
  return `${s} ${'source'.padEnd(19)}  ${'destination'.padEnd(19)} \n`;
}

function chainHeader(table: Table, chain: Chain, fmt: ListFormat): string {
  let s = `Chain ${chain.name}`;
  if (chain.policy) {
    s += ` (policy ${chain.policy}`;
    if (fmt.verbose) {
      s += ` ${printNum(chain.counters.packets, fmt.exact, true)}packets, ${printNum(chain.counters.bytes, fmt.exact, true)}bytes`;
    }
    s += ')\n';
  } else {
    s += ` (${countReferences(table, chain.name)} references)\n`;
  }
  return s + columnHeader(fmt);
}

export interface ListRequest {
  table: TableName;
  /** One chain (it must exist: the caller reports the error). */
  chain?: string;
  /** With a chain: just this rule (1-based), without headers; beyond the end prints nothing. */
  ruleNumber?: number;
}

/** stdout of `iptables [-t T] -L [CHAIN [N]]` with the given flags. */
export function listChains(rs: Ruleset, req: ListRequest, fmt: ListFormat, names: NameResolver): string {
  const table = rs.tables.get(req.table);
  if (!table) return '';
  const chains = req.chain === undefined ? orderedChains(table) : [table.chains.get(req.chain)].filter((c): c is Chain => !!c);
  const parts: string[] = [];
  for (const chain of chains) {
    if (req.ruleNumber !== undefined) {
      const rule = chain.rules[req.ruleNumber - 1];
      parts.push(rule ? formatListRule(rule, req.ruleNumber, fmt, names) : '');
      continue;
    }
    parts.push(chainHeader(table, chain, fmt) + chain.rules.map((r, i) => formatListRule(r, i + 1, fmt, names)).join(''));
  }
  return parts.join('\n');
}
