// Commands a person runs on a node (CONTRACTS §5): iptables, iptables-save, iptables-restore,
// conntrack, and the printers behind them.

import type { CommandDescriptor } from '../../shell/types.ts';
import type { NodeWorld } from '../../nodeshell/types.ts';
import { iptablesCommands } from './commands.ts';
import { conntrackCommand } from './conntrack.ts';
import { saveRestoreCommands } from './saveRestore.ts';

export { listChains, orderedChains, countReferences, columnHeader } from './list.ts';
export { formatListRule, printNum, type ListFormat } from './ruleText.ts';
export { createResolver, serviceName, type NameResolver } from './names.ts';
export { listRuleSpecs, runIptables, type IptablesEnv } from './iptables.ts';
export { iptablesEnv, nodeResolver, NFT_VERSION, LEGACY_VERSION } from './commands.ts';
export { conntrackCommand } from './conntrack.ts';
export { ctime } from './saveRestore.ts';

/** Every netfilter tool of a kind node. */
export const NODE_NETFILTER_COMMANDS: CommandDescriptor<NodeWorld>[] = [...iptablesCommands, ...saveRestoreCommands, conntrackCommand];
