// A scenario: the cluster's topology plus ordinary Kubernetes manifests (content/scenarios/).

import type { KubeObject } from '../api/types.ts';

export interface ScenarioNode {
  name: string;
  /** InternalIP on the node network (kind: 172.18.0.0/16). */
  ip: string;
  podCIDR: string;
  roles: string[];
  /** kubelet maxPods (allocatable pods). */
  maxPods: number;
  zone?: string;
  labels?: Record<string, string>;
  /** kind joins workers after the control plane is up: system pods land on it first. */
  joinAfterSeconds?: number;
}

export interface Scenario {
  name: string;
  description: string;
  /** Calendar time of virtual t=0 (ms since the Unix epoch). */
  epochMs: number;
  clusterName: string;
  kubernetesVersion: string;
  serviceCIDR: string;
  clusterCIDR: string;
  nodePortRange: [number, number];
  nodes: ScenarioNode[];
  /** Objects created at start, in order, after namespaces and nodes. */
  objects: KubeObject[];
}
