// What a kube-proxy full sync installs outside its restore payload (KP-14): the canary
// chains and the jumps from the built-in chains. Read back from the node's ruleset after
// Proxyscope's kube-proxy ran, as iptables-restore --noflush input that appends them in their
// final order (the same end state as kube-proxy's `-N` and `-C`/`-I … 1` calls).

import type { Rule, Ruleset } from '../../../src/engine/netfilter/types.ts';
import { BUILTIN_CHAINS } from '../../../src/engine/netfilter/types.ts';

const CANARY = 'KUBE-PROXY-CANARY';

export function setupFromRuleset(rs: Ruleset, formatRule: (r: Rule) => string): string {
  const out: string[] = [];
  for (const name of ['mangle', 'filter', 'nat'] as const) {
    const table = rs.tables.get(name);
    if (!table) continue;
    const builtins = BUILTIN_CHAINS[name] as string[];
    const declare = new Set<string>();
    if (table.chains.has(CANARY)) declare.add(CANARY);
    const rules: string[] = [];
    for (const chain of builtins) {
      for (const r of table.chains.get(chain)?.rules ?? []) {
        if (r.target?.kind === 'jump' || r.target?.kind === 'goto') declare.add(r.target.chain);
        rules.push(`-A ${chain} ${formatRule(r)}`);
      }
    }
    if (declare.size === 0 && rules.length === 0) continue;
    out.push(`*${name}`, ...[...declare].map((c) => `:${c} - [0:0]`), ...rules, 'COMMIT');
  }
  return out.length ? `${out.join('\n')}\n` : '';
}
