// The xyflow node and edge types of the Chains view (data carried by each).

import type { Edge, Node } from '@xyflow/react';
import type { ChainGraphEdge, ChainGraphNode } from './graph.ts';
import type { Band } from './layout.ts';

export type ChainNodeData = {
  node: ChainGraphNode;
  /** Hooks sit above KUBE-SERVICES (edges leave at the bottom); the rest flows left to right. */
  band: Band;
  /** In the node's newest kube-proxy sync's chainsWritten. */
  lastSync: boolean;
  /** Glowing: just rewritten by a sync (stays on without animation). */
  written: boolean;
  /** On the path of the packet whose hop list is open. */
  onPath: boolean;
  onOpen: (n: ChainGraphNode) => void;
};

export type ChainEdgeData = {
  edge: ChainGraphEdge;
  onPath: boolean;
};

export type ChainFlowNode = Node<ChainNodeData, 'chain'>;
export type ChainFlowEdge = Edge<ChainEdgeData, 'rule'>;

/** A graph id as a data-testid suffix: "pod:default/x" → "pod-default-x". */
export const testIdOf = (id: string): string => id.replace(/[:/]/g, '-');

/** data-testid of a node: `chain-<CHAIN>` for chains, `chains-pod-<ns>-<name>`, `chains-ep-<ip>`, `chains-more-<SVC>`. */
export function nodeTestId(n: ChainGraphNode): string {
  if (n.kind === 'pod' || n.kind === 'more') return `chains-${testIdOf(n.id)}`;
  return `chain-${n.id}`;
}
