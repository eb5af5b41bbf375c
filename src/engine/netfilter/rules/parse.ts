// parseRuleSpec(): the rule part of "iptables -A CHAIN <spec>", normalised as the kernel
// hands it back.
import type { Rule } from '../types.ts';
import { renderError } from './errors.ts';
import { parseIptablesArgs } from './commands.ts';

export type RuleSpecResult =
  | { ok: true; rule: Rule; /** one rule per source × destination (`-s a,b`) */ rules: Rule[] }
  | { ok: false; /** stderr as `iptables` prints it */ error: string; exitCode: number };

// a neutral chain name: no -i/-o restrictions of built-in chains apply
const SPEC_CHAIN = 'RULESPEC';

export function parseRuleSpec(args: string[]): RuleSpecResult {
  const r = parseIptablesArgs(['-A', SPEC_CHAIN, ...args], { restore: false });
  if (!r.ok) return { ok: false, error: renderError(r.error, 'iptables'), exitCode: r.error.exitCode };
  const rules = r.cmd.rules;
  return { ok: true, rule: rules[0] as Rule, rules };
}
