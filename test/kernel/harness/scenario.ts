// A kernel conformance scenario, as data: the cluster (nodes, manifests, LoadBalancer IPs an
// external controller would publish), outside clients, and the connections to make with what
// the facts (EP-3, EP-4, KP-15) say must happen.

export interface ScenarioNodeDef {
  name: string;
  ip: string;
  podCIDR: string;
}

/** The outside client is Proxyscope's: one container on the kind network, 172.18.0.100. */
export type Source = { pod: string } | { node: string } | { outside: true };

export const OUTSIDE_IP = '172.18.0.100';

export type Target =
  /** A Service address; `port` is the service port's name or number (default: its first port). */
  | { service: string; port?: string | number; via: 'clusterIP' | 'externalIP' | 'loadBalancer' }
  | { service: string; port?: string | number; via: 'nodePort'; node: string }
  /** 127.0.0.1:<nodePort> from the node itself (localhost NodePorts, KP-15 D). */
  | { service: string; port?: string | number; via: 'localhostNodePort' };

export interface Expectation {
  outcome: 'connected' | 'refused' | 'timeout';
  /** Exactly these pods answer (over all connections of the probe). */
  pods?: string[];
  /** How many different pods answer (session affinity: 1). */
  distinctPods?: number;
  /** The server sees another source than the client's own address. */
  masquerade?: boolean;
}

export interface ProbeDef {
  name: string;
  from: Source;
  to: Target;
  /** Connections to make (default 1; enough to see every endpoint when > 1). */
  count?: number;
  /** One after another (session affinity), instead of in parallel. */
  sequential?: boolean;
  expect: Expectation;
}

export interface KernelScenario {
  name: string;
  /** Rule ids this scenario is about (KP-15 letters, EP-n). */
  rules: string[];
  description: string;
  nodes?: ScenarioNodeDef[];
  /** Static routes of the outside client (a ClusterIP range, a LoadBalancer IP, … via a node). */
  outsideRoutes?: { to: string; viaNode: string }[];
  /** Pods (pinned with spec.nodeName) and Services, as YAML documents. */
  manifests: string;
  /** status.loadBalancer.ingress IPs per Service name (namespace default). */
  loadBalancerIPs?: Record<string, string[]>;
  probes: ProbeDef[];
  /**
   * After the cluster settled: objects deleted (as `kubectl delete` does) and created, then
   * settled again. kube-proxy's partial syncs and stale-chain deletions (KP-21, KP-22) are then
   * among the restores the kernel replays.
   */
  changes?: { delete?: { resource: 'pods' | 'services'; name: string }[]; create?: string };
  /** Many connections whose spread over the endpoints is measured (KP-16, NF-1 probabilities). */
  distribution?: ProbeDef;
}

export const KIND_NODES: ScenarioNodeDef[] = [
  { name: 'kind-control-plane', ip: '172.18.0.2', podCIDR: '10.244.0.0/24' },
  { name: 'kind-worker', ip: '172.18.0.3', podCIDR: '10.244.1.0/24' },
  { name: 'kind-worker2', ip: '172.18.0.4', podCIDR: '10.244.2.0/24' },
];

export const CLUSTER_CIDR = '10.244.0.0/16';
export const SERVICE_CIDR = '10.96.0.0/12';

/** An agnhost netexec pod (TCP 8080, UDP 8081) pinned to a node. */
export function netexecPod(name: string, node: string, labels: Record<string, string>): string {
  const lines = Object.entries(labels).map(([k, v]) => `    ${k}: ${v}`);
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: default
  labels:
${lines.join('\n')}
spec:
  nodeName: ${node}
  containers:
  - name: netexec
    image: registry.k8s.io/e2e-test-images/agnhost:2.53
    args: ["netexec", "--http-port=8080", "--udp-port=8081"]
    ports:
    - containerPort: 8080
      name: http
    - containerPort: 8081
      name: udp
      protocol: UDP
`;
}

/** A client pod (netshoot, listens on nothing) pinned to a node. */
export function clientPod(name: string, node: string): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: default
  labels:
    role: client
spec:
  nodeName: ${node}
  containers:
  - name: client
    image: nicolaka/netshoot:v0.13
    command: ["sleep", "infinity"]
`;
}
