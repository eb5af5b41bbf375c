// Node objects as a kind cluster's kubelets register them (v1.33, containerd, Debian image).

import type { Node } from '../api/types.ts';
import type { Rng } from '../sim/rng.ts';
import type { Scenario, ScenarioNode } from './types.ts';

export function nodeObject(n: ScenarioNode, scenario: Scenario): Node {
  const controlPlane = n.roles.includes('control-plane');
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': n.name,
    'kubernetes.io/os': 'linux',
    ...(controlPlane ? { 'node-role.kubernetes.io/control-plane': '', 'node.kubernetes.io/exclude-from-external-load-balancers': '' } : {}),
    ...(n.zone ? { 'topology.kubernetes.io/zone': n.zone } : {}),
    ...(n.labels ?? {}),
  };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: n.name,
      labels,
      annotations: {
        'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///run/containerd/containerd.sock',
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec: {
      podCIDR: n.podCIDR,
      podCIDRs: [n.podCIDR],
      providerID: `kind://docker/${scenario.clusterName}/${n.name}`,
      ...(controlPlane ? { taints: [{ effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane' }] } : {}),
    },
    status: {},
  };
}

export function nodeStatus(n: ScenarioNode, scenario: Scenario, rng: Rng, now: string): Node['status'] {
  const resources = { cpu: '8', 'ephemeral-storage': '263174212Ki', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: '32827056Ki', pods: String(n.maxPods) };
  const condition = (type: string, status: 'True' | 'False', reason: string, message: string) => ({
    lastHeartbeatTime: now,
    lastTransitionTime: now,
    message,
    reason,
    status,
    type,
  });
  return {
    addresses: [
      { address: n.ip, type: 'InternalIP' },
      { address: n.name, type: 'Hostname' },
    ],
    allocatable: resources,
    capacity: resources,
    conditions: [
      condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
      condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
      condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
      condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
    nodeInfo: {
      architecture: 'amd64',
      bootID: rng.uuid(),
      containerRuntimeVersion: 'containerd://2.1.1',
      kernelVersion: '6.1.0-28-amd64',
      kubeProxyVersion: '',
      kubeletVersion: scenario.kubernetesVersion,
      machineID: rng.string('0123456789abcdef', 32),
      operatingSystem: 'linux',
      osImage: 'Debian GNU/Linux 12 (bookworm)',
      systemUUID: rng.uuid(),
    },
  };
}
