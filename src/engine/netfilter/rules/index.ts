// §1 Rules: the netfilter rule model operations of iptables 1.8.9 (nf_tables backend, IPv4) and
// of ip6tables for a ruleset of family 'ipv6'.
export { createRuleset, toolName, chainReferences, cloneTable, isBuiltin, userChainsSorted, builtinChains, SAVE_ORDER } from './ruleset.ts';
export { parseRuleSpec, type RuleSpecResult } from './parse.ts';
export { formatRule, formatRuleLine, formatProbability, saveString } from './format.ts';
export { restore, tokenizeRestoreLine, type RestoreOptions, type RestoreResult } from './restore.ts';
export { save, type SaveOptions } from './save.ts';
export {
  appendRule, insertRule, replaceRule, deleteRule, deleteRuleNum, checkRule, flushChain, zeroCounters,
  newChain, deleteChain, renameChain, setPolicy, type EditOptions,
} from './edit.ts';
export {
  runIptables, parseIptablesArgs, commandOps, renderTxnFailure,
  type IptablesOutcome, type ParsedIptables, type ParseResult, type CommandOutput,
} from './commands.ts';
export { CMD, OPT, type ParsedCommand } from './command.ts';
export { runTransaction, type Op, type TxnResult, type TxnOptions } from './txn.ts';
export { renderError, VERSION, XtError, type OpResult } from './errors.ts';
