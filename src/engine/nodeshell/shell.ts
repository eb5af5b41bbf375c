// A root shell on a kind node (`docker exec -it kind-worker bash`): the standard utilities
// plus the node's own tools acting on its root network namespace.

import { NODE_NETFILTER_COMMANDS } from '../netfilter/cli/index.ts';
import { CommandRegistry, MemoryFileSystem, Shell, createStandardRegistry } from '../shell/index.ts';
import type { Simulation } from '../simulation.ts';
import { NODE_RESOLV_CONF } from '../dns/index.ts';
import { hostnameCommand, ipCommand, nodeDnsCommands } from './hostCommands.ts';
import { nodeState, scenarioNode, standaloneKernel } from './state.ts';
import { tcpdumpCommand } from './tcpdump/command.ts';
import type { NodeDeps, NodeWorld } from './types.ts';

/** The bash prompt of a node shell (kind's image: root, cwd /). */
export const nodePrompt = (node: string): string => `root@${node}:/# `;

/**
 * What the terminal shows when the node shell ends (`exit`, Ctrl-D): bash prints "exit" under
 * `docker exec -it`; over ssh the login shell prints "logout" and ssh reports the closed
 * connection.
 */
export function leaveText(via: 'docker' | 'ssh', node: string): string {
  return via === 'docker' ? 'exit\n' : `logout\nConnection to ${node} closed.\n`;
}

/** Loopback only: what a namespace without a modelled network shows. */
const LOOPBACK_ADDR = `1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
    inet 127.0.0.1/8 scope host lo
       valid_lft forever preferred_lft forever
    inet6 ::1/128 scope host 
       valid_lft forever preferred_lft forever
`;

export function createNodeWorld(sim: Simulation, node: string, deps: NodeDeps = {}): NodeWorld {
  return {
    sim,
    node,
    kernel: () => (deps.kernel ? deps.kernel(node) : standaloneKernel(sim, node)),
    ipAddr: () => deps.ipAddr?.(node) ?? LOOPBACK_ADDR,
    ipRoute: () => deps.ipRoute?.(node) ?? '',
    legacy: nodeState(sim, node).legacy,
  };
}

/** The commands of a node shell; `extra` (e.g. curl) is registered last and may replace one. */
export function createNodeRegistry(extra: NodeDeps['commands'] = []): CommandRegistry<NodeWorld> {
  const registry = createStandardRegistry<NodeWorld>();
  for (const d of NODE_NETFILTER_COMMANDS) registry.register(d);
  registry.register(ipCommand);
  registry.register(hostnameCommand);
  registry.register(tcpdumpCommand);
  for (const d of nodeDnsCommands) registry.register(d);
  for (const d of extra) registry.register(d);
  return registry;
}

/** /etc files a kind node has that people look at. */
function nodeFiles(sim: Simulation, node: string): Record<string, string> {
  const ip = scenarioNode(sim, node)?.ip;
  return {
    '/etc/hostname': `${node}\n`,
    '/etc/resolv.conf': NODE_RESOLV_CONF,
    '/etc/hosts':
      '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\n' +
      'ff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n' +
      (ip ? `${ip}\t${node}\n` : ''),
  };
}

export function createNodeShell(sim: Simulation, node: string, deps: NodeDeps = {}): Shell<NodeWorld> {
  const fs = new MemoryFileSystem({ files: nodeFiles(sim, node), now: () => sim.scenario.epochMs + sim.clock.now() });
  fs.chdir('/');
  return new Shell({
    registry: createNodeRegistry(deps.commands),
    world: createNodeWorld(sim, node, deps),
    fs,
    env: { HOSTNAME: node, PWD: '/' },
  });
}
