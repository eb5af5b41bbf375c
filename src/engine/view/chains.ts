// chainsOf: one node's netfilter tables as the Chains view draws them, with live counters, and
// chainText: one chain as `iptables-save -c -t TABLE` prints its lines.

import { SAVE_ORDER, builtinChains, isBuiltin, userChainsSorted } from '../netfilter/rules/ruleset.ts';
import type { Chain, Table, TableName } from '../netfilter/types.ts';
import type { Simulation } from '../simulation.ts';
import { ruleComment, ruleText, ruleView, servicePortOfComment } from './rules.ts';
import { lastSyncOf } from './syncs.ts';
import type { ChainView, ChainsSnapshot, TableView } from './types.ts';

const SERVICE_CHAIN = /^KUBE-(SVC|SVL|EXT|FW|SEP)-/;

/** Chains that exist, in iptables-save order: built-ins in hook order, then user chains by name. */
function existingChains(t: Table): Chain[] {
  return [...builtinChains(t).filter((c) => !c.absent), ...userChainsSorted(t)];
}

/** Packets and bytes counted by the rules that jump or go to each chain. */
function enteredCounters(t: Table): Map<string, { packets: number; bytes: number }> {
  const m = new Map<string, { packets: number; bytes: number }>();
  for (const c of t.chains.values()) {
    for (const r of c.rules) {
      const to = r.target && (r.target.kind === 'jump' || r.target.kind === 'goto') ? r.target.chain : undefined;
      if (!to) continue;
      const e = m.get(to) ?? { packets: 0, bytes: 0 };
      e.packets += r.counters.packets;
      e.bytes += r.counters.bytes;
      m.set(to, e);
    }
  }
  return m;
}

function tableView(t: Table): TableView {
  const entered = enteredCounters(t);
  const chains = existingChains(t).map((c): ChainView => {
    const builtin = isBuiltin(t.name, c.name);
    // nf_tables keeps no counters on user chains: what entered them is what the jumps to them counted.
    const counters = builtin ? c.counters : (entered.get(c.name) ?? { packets: 0, bytes: 0 });
    const view: ChainView = { name: c.name, builtin, packets: counters.packets, bytes: counters.bytes, rules: c.rules.map((r, i) => ruleView(r, i + 1)) };
    if (builtin) view.policy = c.policy ?? 'ACCEPT';
    if (SERVICE_CHAIN.test(c.name)) {
      for (const r of c.rules) {
        const sp = servicePortOfComment(ruleComment(r));
        if (sp) {
          view.servicePort = sp;
          break;
        }
      }
    }
    return view;
  });
  return { name: t.name, chains };
}

/** The node's tables that exist, in iptables-save order (mangle, raw, filter, nat). Empty for an unknown node. */
export function chainsOf(sim: Simulation, node: string, version = 0): ChainsSnapshot {
  const rs = sim.network.kernel(node)?.ruleset;
  const tables: TableView[] = [];
  if (rs) {
    for (const name of SAVE_ORDER) {
      const t = rs.tables.get(name);
      if (t && t.exists !== false) tables.push(tableView(t));
    }
  }
  const snap: ChainsSnapshot = { node, version, tables };
  const last = lastSyncOf(sim, node);
  if (last) snap.lastSync = last;
  return snap;
}

/** `:CHAIN POLICY [p:b]` and `[p:b] -A CHAIN …` lines of one chain ('' when it does not exist). */
export function chainText(sim: Simulation, node: string, table: string, chain: string): string {
  const t = sim.network.kernel(node)?.ruleset.tables.get(table as TableName);
  const c = t && t.exists !== false ? t.chains.get(chain) : undefined;
  // A built-in chain nf_tables has not instantiated still has its line, as iptables-save prints it.
  if (!t || !c) return '';
  const builtin = isBuiltin(t.name, c.name);
  let out = builtin ? `:${c.name} ${c.policy ?? 'ACCEPT'} [${c.counters.packets}:${c.counters.bytes}]\n` : `:${c.name} - [0:0]\n`;
  for (const r of c.rules) {
    const text = ruleText(r);
    out += `[${r.counters.packets}:${r.counters.bytes}] -A ${c.name}${text ? ` ${text}` : ''}\n`;
  }
  return out;
}
