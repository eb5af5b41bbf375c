import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createSimulation, type Simulation } from '../../index.ts';
import { runKubectl } from '../testing.ts';

function newSim(): Simulation {
  const r = createSimulation({ scenario: readFileSync('content/scenarios/default.yaml', 'utf8'), seed: 1, settle: false });
  if (!r.ok) throw new Error(r.error);
  return r.sim;
}
const k = (line: string) => runKubectl(newSim(), line.split(' '));

describe('kubectl api-resources', () => {
  it('lists the served resources by group, then name', () => {
    expect(k('api-resources').stdout).toBe(
      [
        'NAME             SHORTNAMES   APIVERSION            NAMESPACED   KIND',
        'endpoints        ep           v1                    true         Endpoints',
        'events           ev           v1                    true         Event',
        'namespaces       ns           v1                    false        Namespace',
        'nodes            no           v1                    false        Node',
        'pods             po           v1                    true         Pod',
        'services         svc          v1                    true         Service',
        'daemonsets       ds           apps/v1               true         DaemonSet',
        'deployments      deploy       apps/v1               true         Deployment',
        'replicasets      rs           apps/v1               true         ReplicaSet',
        'endpointslices                discovery.k8s.io/v1   true         EndpointSlice',
        '',
      ].join('\n'),
    );
  });

  it('filters: --namespaced=false, --api-group, -o name, --verbs, --categories', () => {
    expect(k('api-resources --namespaced=false --no-headers').stdout).toBe('namespaces   ns    v1    false   Namespace\nnodes        no    v1    false   Node\n');
    expect(k('api-resources --api-group=apps -o name').stdout).toBe('daemonsets.apps\ndeployments.apps\nreplicasets.apps\n');
    expect(k('api-resources --categories=all -o name').stdout).toBe('pods\nservices\ndaemonsets.apps\ndeployments.apps\nreplicasets.apps\n');
    expect(k('api-resources --verbs=deletecollection -o name --sort-by=kind').stdout).toBe('daemonsets.apps\ndeployments.apps\nendpointslices.discovery.k8s.io\nendpoints\nevents\nnodes\npods\nreplicasets.apps\nservices\n');
  });

  it('-o wide adds VERBS and CATEGORIES', () => {
    const lines = k('api-resources -o wide').stdout.split('\n');
    expect(lines[0]).toBe('NAME             SHORTNAMES   APIVERSION            NAMESPACED   KIND            VERBS                                                        CATEGORIES');
    expect(lines[5]).toBe('pods             po           v1                    true         Pod             create,delete,deletecollection,get,list,patch,update,watch   all');
  });

  it('errors', () => {
    expect(k('api-resources -o yaml').stderr).toBe('error: --output yaml is not available\n');
    expect(k('api-resources --sort-by=x').stderr).toBe('error: --sort-by accepts only name or kind\n');
    expect(k('api-resources x').stderr).toBe("error: unexpected arguments: [x]\nSee 'kubectl api-resources -h' for help and examples\n");
  });
});
