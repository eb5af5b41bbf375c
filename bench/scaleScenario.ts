// A synthetic cluster for benchmarks: `services` Deployments × `podsPerService` replicas, each
// behind its own ClusterIP Service, spread over enough nodes (250 pods per node).

import type { KubeObject } from '../src/engine/api/types.ts';
import type { Scenario, ScenarioNode } from '../src/engine/scenario/types.ts';

export function scaleScenario(services: number, podsPerService: number): Scenario {
  const nodeCount = Math.max(2, Math.ceil((services * podsPerService * 1.1) / 250));
  const nodes: ScenarioNode[] = [{ name: 'bench-control-plane', ip: '192.168.0.2', podCIDR: '10.128.0.0/24', roles: ['control-plane'], maxPods: 110 }];
  for (let i = 1; i <= nodeCount; i++) {
    // Pod CIDRs are /24s of 10.128.0.0/9, far from the 10.96.0.0/12 service range.
    nodes.push({ name: `bench-worker-${i}`, ip: `192.168.${1 + (i >> 8)}.${i & 255}`, podCIDR: `10.${128 + (i >> 8)}.${i & 255}.0/24`, roles: [], maxPods: 250 });
  }
  const objects: KubeObject[] = [];
  for (let i = 0; i < services; i++) {
    const name = `svc-${i}`;
    objects.push({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: 'default', labels: { app: name } },
      spec: {
        replicas: podsPerService,
        selector: { matchLabels: { app: name } },
        template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image: 'proxyscope/echo-server:1.0', ports: [{ containerPort: 8080 }] }] } },
      },
    });
    objects.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace: 'default' },
      spec: { selector: { app: name }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
    });
  }
  return {
    name: `scale-${services}x${podsPerService}`,
    description: 'benchmark cluster',
    epochMs: Date.UTC(2026, 10, 21, 9),
    clusterName: 'bench',
    kubernetesVersion: 'v1.33.1',
    serviceCIDR: '10.96.0.0/12',
    clusterCIDR: '10.128.0.0/9',
    nodePortRange: [30000, 32767],
    nodes,
    objects,
  };
}
