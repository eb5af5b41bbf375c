// The kernel conformance scenarios, as data. Each names the rules it is about; its probes say
// what the facts require (EP-3, EP-4, KP-15), and the suite checks that the real kernel and
// Proxyscope both do exactly that — and agree with each other.

import { clientPod, netexecPod, type KernelScenario } from './harness/scenario.ts';

const web = { app: 'web' };
const svc = (name: string, spec: string) => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: default
spec:
${spec.trim().split('\n').map((l) => `  ${l}`).join('\n')}
`;
const docs = (...d: string[]) => d.join('---\n');
const HTTP = `ports:
- name: http
  port: 80
  targetPort: 8080
  protocol: TCP`;

export const SCENARIOS: KernelScenario[] = [
  {
    name: 'clusterip-3-endpoints',
    rules: ['KP-15A', 'KP-15F', 'KP-15I', 'EP-4'],
    description: 'A ClusterIP Service with three endpoints on two nodes.',
    outsideRoutes: [{ to: '10.96.0.0/12', viaNode: 'kind-worker' }],
    manifests: docs(netexecPod('web-1', 'kind-worker', web), netexecPod('web-2', 'kind-worker2', web), netexecPod('web-3', 'kind-worker2', web), clientPod('client', 'kind-worker'), svc('web', `selector:\n  app: web\n${HTTP}`)),
    probes: [
      { name: 'pod → ClusterIP', from: { pod: 'client' }, to: { service: 'web', via: 'clusterIP' }, count: 30, expect: { outcome: 'connected', pods: ['web-1', 'web-2', 'web-3'], masquerade: false } },
      { name: 'node → ClusterIP', from: { node: 'kind-control-plane' }, to: { service: 'web', via: 'clusterIP' }, count: 30, expect: { outcome: 'connected', pods: ['web-1', 'web-2', 'web-3'], masquerade: true } },
      { name: 'outside → ClusterIP routed via a node', from: { outside: true }, to: { service: 'web', via: 'clusterIP' }, count: 30, expect: { outcome: 'connected', pods: ['web-1', 'web-2', 'web-3'], masquerade: true } },
    ],
    distribution: { name: '3,000 connections from a pod', from: { pod: 'client' }, to: { service: 'web', via: 'clusterIP' }, count: 3000, expect: { outcome: 'connected', pods: ['web-1', 'web-2', 'web-3'], masquerade: false } },
  },
  {
    name: 'no-endpoints-reject',
    rules: ['KP-15', 'KP-15A'],
    description: 'Services whose selector matches no pod: REJECT in filter KUBE-SERVICES.',
    manifests: docs(
      clientPod('client', 'kind-worker'),
      svc('empty', `selector:\n  app: nothing\n${HTTP}`),
      svc('empty-udp', `selector:\n  app: nothing\nports:\n- name: dns\n  port: 53\n  protocol: UDP`),
    ),
    probes: [
      { name: 'pod → ClusterIP (tcp)', from: { pod: 'client' }, to: { service: 'empty', via: 'clusterIP' }, expect: { outcome: 'refused' } },
      { name: 'node → ClusterIP (tcp)', from: { node: 'kind-worker2' }, to: { service: 'empty', via: 'clusterIP' }, expect: { outcome: 'refused' } },
      { name: 'pod → ClusterIP (udp)', from: { pod: 'client' }, to: { service: 'empty-udp', via: 'clusterIP' }, expect: { outcome: 'refused' } },
    ],
  },
  {
    name: 'multiport-tcp-udp',
    rules: ['KP-1', 'KP-15A', 'KP-15I', 'EP-4'],
    description: 'One Service, a named TCP port and a named UDP port, two endpoints.',
    manifests: docs(
      netexecPod('web-1', 'kind-worker', web),
      netexecPod('web-2', 'kind-worker2', web),
      clientPod('client', 'kind-control-plane'),
      svc('multi', `selector:\n  app: web\nports:\n- name: http\n  port: 80\n  targetPort: 8080\n  protocol: TCP\n- name: udp\n  port: 5353\n  targetPort: 8081\n  protocol: UDP`),
    ),
    probes: [
      { name: 'pod → ClusterIP tcp', from: { pod: 'client' }, to: { service: 'multi', port: 'http', via: 'clusterIP' }, count: 20, expect: { outcome: 'connected', pods: ['web-1', 'web-2'], masquerade: false } },
      { name: 'pod → ClusterIP udp', from: { pod: 'client' }, to: { service: 'multi', port: 'udp', via: 'clusterIP' }, count: 20, expect: { outcome: 'connected', pods: ['web-1', 'web-2'], masquerade: false } },
      { name: 'node → ClusterIP udp', from: { node: 'kind-control-plane' }, to: { service: 'multi', port: 'udp', via: 'clusterIP' }, count: 20, expect: { outcome: 'connected', pods: ['web-1', 'web-2'], masquerade: true } },
    ],
  },
  {
    name: 'nodeport-etp-cluster',
    rules: ['KP-15D', 'KP-15G', 'KP-18', 'EP-4'],
    description: 'A NodePort Service (externalTrafficPolicy Cluster) with one endpoint on kind-worker.',
    manifests: docs(netexecPod('web-1', 'kind-worker', web), clientPod('client', 'kind-control-plane'), svc('np', `type: NodePort\nselector:\n  app: web\n${HTTP}`)),
    probes: [
      { name: 'outside → node without endpoint', from: { outside: true }, to: { service: 'np', via: 'nodePort', node: 'kind-worker2' }, count: 3, expect: { outcome: 'connected', pods: ['web-1'], masquerade: true } },
      { name: 'outside → node with endpoint', from: { outside: true }, to: { service: 'np', via: 'nodePort', node: 'kind-worker' }, count: 3, expect: { outcome: 'connected', pods: ['web-1'], masquerade: true } },
      { name: 'pod → another node’s NodePort', from: { pod: 'client' }, to: { service: 'np', via: 'nodePort', node: 'kind-worker2' }, count: 3, expect: { outcome: 'connected', pods: ['web-1'], masquerade: true } },
      { name: 'node → 127.0.0.1:NodePort', from: { node: 'kind-worker2' }, to: { service: 'np', via: 'localhostNodePort' }, count: 3, expect: { outcome: 'connected', pods: ['web-1'], masquerade: true } },
    ],
  },
  {
    name: 'loadbalancer-source-ranges',
    rules: ['KP-15C', 'KP-15H', 'KP-15D'],
    description: 'A LoadBalancer Service whose loadBalancerSourceRanges admit only the pods of kind-worker.',
    outsideRoutes: [{ to: '172.18.255.200/32', viaNode: 'kind-worker' }],
    loadBalancerIPs: { lb: ['172.18.255.200'] },
    manifests: docs(
      netexecPod('web-1', 'kind-worker2', web),
      clientPod('client-a', 'kind-worker'),
      clientPod('client-b', 'kind-worker2'),
      svc('lb', `type: LoadBalancer\nselector:\n  app: web\nloadBalancerSourceRanges:\n- 10.244.1.0/24\n${HTTP}`),
    ),
    probes: [
      { name: 'pod inside the source range → LB IP', from: { pod: 'client-a' }, to: { service: 'lb', via: 'loadBalancer' }, count: 3, expect: { outcome: 'connected', pods: ['web-1'], masquerade: true } },
      { name: 'pod outside the source range → LB IP is dropped', from: { pod: 'client-b' }, to: { service: 'lb', via: 'loadBalancer' }, expect: { outcome: 'timeout' } },
      { name: 'outside client (not in the range) → LB IP is dropped', from: { outside: true }, to: { service: 'lb', via: 'loadBalancer' }, expect: { outcome: 'timeout' } },
      { name: 'outside client → NodePort (source ranges do not apply)', from: { outside: true }, to: { service: 'lb', via: 'nodePort', node: 'kind-worker' }, count: 3, expect: { outcome: 'connected', pods: ['web-1'], masquerade: true } },
    ],
  },
  {
    name: 'externalips',
    rules: ['KP-15B', 'KP-15G', 'EP-4'],
    description: 'externalIPs with and without endpoints.',
    outsideRoutes: [{ to: '172.18.100.0/24', viaNode: 'kind-worker' }],
    manifests: docs(
      netexecPod('web-1', 'kind-worker2', web),
      clientPod('client', 'kind-worker'),
      svc('eip', `selector:\n  app: web\nexternalIPs:\n- 172.18.100.10\n${HTTP}`),
      svc('eip-empty', `selector:\n  app: nothing\nexternalIPs:\n- 172.18.100.11\n${HTTP}`),
    ),
    probes: [
      { name: 'outside → external IP', from: { outside: true }, to: { service: 'eip', via: 'externalIP' }, count: 3, expect: { outcome: 'connected', pods: ['web-1'], masquerade: true } },
      { name: 'pod → external IP', from: { pod: 'client' }, to: { service: 'eip', via: 'externalIP' }, count: 3, expect: { outcome: 'connected', pods: ['web-1'], masquerade: true } },
      { name: 'outside → external IP without endpoints', from: { outside: true }, to: { service: 'eip-empty', via: 'externalIP' }, expect: { outcome: 'refused' } },
    ],
  },
  {
    name: 'etp-local',
    rules: ['KP-15C', 'KP-15D', 'KP-15E', 'KP-15G', 'EP-3'],
    description: 'LoadBalancer Services with externalTrafficPolicy Local, their only endpoint on kind-worker; the LB sends one IP to that node, the other to kind-worker2.',
    outsideRoutes: [
      { to: '172.18.255.201/32', viaNode: 'kind-worker' },
      { to: '172.18.255.202/32', viaNode: 'kind-worker2' },
    ],
    loadBalancerIPs: { local: ['172.18.255.201'], 'local-elsewhere': ['172.18.255.202'] },
    manifests: docs(
      netexecPod('web-1', 'kind-worker', web),
      clientPod('client', 'kind-worker2'),
      svc('local', `type: LoadBalancer\nexternalTrafficPolicy: Local\nselector:\n  app: web\n${HTTP}`),
      svc('local-elsewhere', `type: LoadBalancer\nexternalTrafficPolicy: Local\nselector:\n  app: web\n${HTTP}`),
    ),
    probes: [
      { name: 'outside → NodePort on the endpoint’s node keeps the source', from: { outside: true }, to: { service: 'local', via: 'nodePort', node: 'kind-worker' }, count: 3, expect: { outcome: 'connected', pods: ['web-1'], masquerade: false } },
      { name: 'outside → NodePort on a node without endpoint is dropped', from: { outside: true }, to: { service: 'local', via: 'nodePort', node: 'kind-worker2' }, expect: { outcome: 'timeout' } },
      { name: 'outside → LB IP sent to the endpoint’s node', from: { outside: true }, to: { service: 'local', via: 'loadBalancer' }, count: 3, expect: { outcome: 'connected', pods: ['web-1'], masquerade: false } },
      { name: 'outside → LB IP sent to a node without endpoint is dropped', from: { outside: true }, to: { service: 'local-elsewhere', via: 'loadBalancer' }, expect: { outcome: 'timeout' } },
      { name: 'node → its own NodePort without local endpoint (route LOCAL traffic)', from: { node: 'kind-worker2' }, to: { service: 'local', via: 'nodePort', node: 'kind-worker2' }, count: 3, expect: { outcome: 'connected', pods: ['web-1'], masquerade: true } },
      { name: 'pod → its node’s NodePort (pod traffic short-circuit)', from: { pod: 'client' }, to: { service: 'local', via: 'nodePort', node: 'kind-worker2' }, count: 3, expect: { outcome: 'connected', pods: ['web-1'], masquerade: false } },
    ],
  },
  {
    name: 'etp-cluster-loadbalancer',
    rules: ['KP-15C', 'KP-15G', 'EP-4'],
    description: 'A LoadBalancer Service with externalTrafficPolicy Cluster, endpoints on one node, LB traffic arriving at another.',
    outsideRoutes: [{ to: '172.18.255.202/32', viaNode: 'kind-worker2' }],
    loadBalancerIPs: { lbc: ['172.18.255.202'] },
    manifests: docs(netexecPod('web-1', 'kind-worker', web), netexecPod('web-2', 'kind-worker', web), svc('lbc', `type: LoadBalancer\nselector:\n  app: web\n${HTTP}`)),
    probes: [
      { name: 'outside → LB IP (masqueraded, any endpoint)', from: { outside: true }, to: { service: 'lbc', via: 'loadBalancer' }, count: 20, expect: { outcome: 'connected', pods: ['web-1', 'web-2'], masquerade: true } },
      { name: 'outside → NodePort', from: { outside: true }, to: { service: 'lbc', via: 'nodePort', node: 'kind-control-plane' }, count: 20, expect: { outcome: 'connected', pods: ['web-1', 'web-2'], masquerade: true } },
    ],
  },
  {
    name: 'itp-local',
    rules: ['KP-15A', 'KP-15F', 'EP-3'],
    description: 'internalTrafficPolicy Local: ClusterIP traffic only to endpoints on the client’s node.',
    manifests: docs(
      netexecPod('web-1', 'kind-worker', web),
      netexecPod('web-2', 'kind-worker', web),
      clientPod('client-a', 'kind-worker'),
      clientPod('client-b', 'kind-worker2'),
      svc('itl', `internalTrafficPolicy: Local\nselector:\n  app: web\n${HTTP}`),
    ),
    probes: [
      { name: 'pod on the endpoints’ node → ClusterIP', from: { pod: 'client-a' }, to: { service: 'itl', via: 'clusterIP' }, count: 20, expect: { outcome: 'connected', pods: ['web-1', 'web-2'], masquerade: false } },
      { name: 'pod on a node without endpoints → ClusterIP is dropped', from: { pod: 'client-b' }, to: { service: 'itl', via: 'clusterIP' }, expect: { outcome: 'timeout' } },
      { name: 'node with endpoints → ClusterIP', from: { node: 'kind-worker' }, to: { service: 'itl', via: 'clusterIP' }, count: 20, expect: { outcome: 'connected', pods: ['web-1', 'web-2'], masquerade: true } },
    ],
  },
  {
    name: 'session-affinity-clientip',
    rules: ['KP-15I', 'KP-15J', 'NF-3'],
    description: 'sessionAffinity ClientIP: every connection of one client lands on the same endpoint.',
    manifests: docs(
      netexecPod('web-1', 'kind-worker', web),
      netexecPod('web-2', 'kind-worker2', web),
      netexecPod('web-3', 'kind-worker2', web),
      clientPod('client-a', 'kind-worker'),
      clientPod('client-b', 'kind-control-plane'),
      svc('sticky', `sessionAffinity: ClientIP\nsessionAffinityConfig:\n  clientIP:\n    timeoutSeconds: 600\nselector:\n  app: web\n${HTTP}`),
    ),
    probes: [
      { name: 'client-a, 15 connections in a row', from: { pod: 'client-a' }, to: { service: 'sticky', via: 'clusterIP' }, count: 15, sequential: true, expect: { outcome: 'connected', distinctPods: 1, masquerade: false } },
      { name: 'client-b, 15 connections in a row', from: { pod: 'client-b' }, to: { service: 'sticky', via: 'clusterIP' }, count: 15, sequential: true, expect: { outcome: 'connected', distinctPods: 1, masquerade: false } },
    ],
  },
  {
    name: 'hairpin',
    rules: ['KP-15J', 'EP-4'],
    description: 'A pod reaching itself through its own Service is masqueraded (hairpin).',
    manifests: docs(netexecPod('web-1', 'kind-worker', web), svc('hp', `selector:\n  app: web\n${HTTP}`)),
    probes: [
      { name: 'pod → its own ClusterIP', from: { pod: 'web-1' }, to: { service: 'hp', via: 'clusterIP' }, count: 3, expect: { outcome: 'connected', pods: ['web-1'], masquerade: true } },
    ],
  },
  {
    name: 'endpoint-churn',
    rules: ['KP-21', 'KP-22', 'KP-15I'],
    description: 'After the first syncs a Service is deleted, one endpoint goes and another comes: partial syncs and stale-chain deletion, replayed on the kernel.',
    manifests: docs(
      netexecPod('web-1', 'kind-worker', web),
      netexecPod('web-2', 'kind-worker2', web),
      clientPod('client', 'kind-control-plane'),
      svc('web', `selector:\n  app: web\n${HTTP}`),
      svc('gone', `type: NodePort\nselector:\n  app: web\n${HTTP}`),
    ),
    changes: {
      delete: [
        { resource: 'services', name: 'gone' },
        { resource: 'pods', name: 'web-2' },
      ],
      create: netexecPod('web-3', 'kind-worker', web),
    },
    probes: [
      { name: 'pod → ClusterIP after the churn', from: { pod: 'client' }, to: { service: 'web', via: 'clusterIP' }, count: 20, expect: { outcome: 'connected', pods: ['web-1', 'web-3'], masquerade: false } },
      { name: 'node → ClusterIP after the churn', from: { node: 'kind-worker2' }, to: { service: 'web', via: 'clusterIP' }, count: 20, expect: { outcome: 'connected', pods: ['web-1', 'web-3'], masquerade: true } },
    ],
  },
];
