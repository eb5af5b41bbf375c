// The netfilter tools of a kind node as shell commands: iptables in its nft and legacy
// flavours (kind's `iptables` is the nft one), acting on the node's root namespace.

import type { CommandDescriptor } from '../../shell/types.ts';
import type { NodeWorld } from '../../nodeshell/types.ts';
import { createRuleset } from '../rules/index.ts';
import { iptablesHelp } from './help.ts';
import { runIptables, type IptablesEnv } from './iptables.ts';
import { createResolver, type NameResolver } from './names.ts';

export const NFT_VERSION = '1.8.9 (nf_tables)';
export const LEGACY_VERSION = '1.8.9 (legacy)';

/**
 * What the node resolves without -n: /etc/hosts (localhost, its own name) and docker's
 * embedded DNS, which answers PTR queries for the other node containers as NAME.kind.
 */
export function nodeResolver(world: NodeWorld): NameResolver {
  const hosts: Record<string, string> = { '127.0.0.1': 'localhost' };
  const dns: Record<string, string> = {};
  for (const n of world.sim.scenario.nodes) {
    if (n.name === world.node) hosts[n.ip] = n.name;
    else dns[n.ip] = `${n.name}.kind`;
  }
  return createResolver(hosts, dns);
}

/** The nft backend's view of the node, or the legacy tables. */
export function iptablesEnv(world: NodeWorld, legacy: boolean): IptablesEnv {
  const kernel = world.kernel();
  if (legacy) {
    return {
      ruleset: world.legacy.ruleset,
      names: nodeResolver(world),
      version: LEGACY_VERSION,
      legacyTablesPresent: false,
      onTableUsed: (t) => world.legacy.loaded.add(t),
    };
  }
  return {
    ruleset: kernel?.ruleset ?? createRuleset(),
    names: nodeResolver(world),
    version: NFT_VERSION,
    legacyTablesPresent: world.legacy.loaded.size > 0,
    nfacctExists: kernel ? (name) => kernel.nfacct.has(name) : undefined,
  };
}

function iptablesDescriptor(name: string, legacy: boolean): CommandDescriptor<NodeWorld> {
  return {
    name,
    summary: `administration tool for IPv4 packet filtering and NAT (${legacy ? 'legacy' : 'nf_tables'})`,
    help: iptablesHelp(legacy ? LEGACY_VERSION : NFT_VERSION),
    ownHelp: true,
    run: (ctx) => runIptables(ctx.args, iptablesEnv(ctx.world, legacy)),
  };
}

export const iptablesCommands: CommandDescriptor<NodeWorld>[] = [
  iptablesDescriptor('iptables', false),
  iptablesDescriptor('iptables-nft', false),
  iptablesDescriptor('iptables-legacy', true),
];
