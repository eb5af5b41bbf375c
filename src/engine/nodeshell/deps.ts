// NodeDeps from the simulated network (CONTRACTS §3): the node's kernel and its interfaces
// and routes as `ip` prints them.

import { formatIpAddr, formatIpRoute, type Network } from '../network/index.ts';
import type { NodeDeps, NodeWorld } from './types.ts';
import type { CommandDescriptor } from '../shell/types.ts';

export function networkDeps(network: Network, commands: CommandDescriptor<NodeWorld>[] = []): NodeDeps {
  return {
    kernel: (node) => network.kernel(node),
    ipAddr: (node) => {
      const h = network.host(node);
      return h ? formatIpAddr(h) : '';
    },
    ipRoute: (node) => {
      const h = network.host(node);
      return h ? formatIpRoute(h) : '';
    },
    commands,
  };
}
