import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createSimulation, type Simulation } from '../../index.ts';
import { runKubectl } from '../testing.ts';

function newSim(): Simulation {
  const r = createSimulation({ scenario: readFileSync('content/scenarios/default.yaml', 'utf8'), seed: 1 });
  if (!r.ok) throw new Error(r.error);
  return r.sim;
}

const k = (sim: Simulation, line: string, opts: { stdin?: string; files?: Record<string, string> } = {}) => runKubectl(sim, line.split(' '), opts);

describe('kubectl delete', () => {
  it('deletes by TYPE NAME and TYPE/NAME (v1.33 prints no namespace)', () => {
    const sim = newSim();
    expect(k(sim, 'delete svc auth-service')).toMatchObject({ stdout: 'service "auth-service" deleted\n', stderr: '', exitCode: 0 });
    expect(sim.api.get('services', 'default', 'auth-service')).toBeUndefined();
    expect(k(sim, 'delete deployment.apps/auth-service').stdout).toBe('deployment.apps "auth-service" deleted\n');
    expect(k(sim, 'delete ns local-path-storage --wait=false').stdout).toBe('namespace "local-path-storage" deleted\n');
  });

  it('-l and --all select; an empty selection prints No resources found', () => {
    const sim = newSim();
    expect(k(sim, 'delete svc -l app=auth-service -o name').stdout).toBe('service/auth-service\n');
    expect(k(sim, 'delete svc -l app=auth-service')).toMatchObject({ stdout: 'No resources found\n', exitCode: 0 });
    expect(k(sim, 'delete deploy --all').stdout).toBe('deployment.apps "auth-service" deleted\n');
  });

  it('NotFound, unless --ignore-not-found', () => {
    const sim = newSim();
    expect(k(sim, 'delete pod nope')).toMatchObject({ stderr: 'Error from server (NotFound): pods "nope" not found\n', exitCode: 1 });
    expect(k(sim, 'delete pod nope --ignore-not-found')).toMatchObject({ stdout: '', stderr: '', exitCode: 0 });
    const r = k(sim, 'delete svc nope auth-service');
    expect(r.stdout).toBe('service "auth-service" deleted\n');
    expect(r.stderr).toBe('Error from server (NotFound): services "nope" not found\n');
  });

  it('--force deletes at once with a warning; --now and --grace-period', () => {
    const sim = newSim();
    const r = k(sim, 'delete pod client --force');
    expect(r.stderr).toBe(
      'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n',
    );
    expect(r.stdout).toBe('pod "client" force deleted\n');
    expect(sim.api.get('pods', 'default', 'client')).toBeUndefined();
    expect(k(sim, 'delete pod x --now --grace-period=5').stderr).toBe('error: --now and --grace-period cannot be specified together\n');
    expect(k(sim, 'delete pod x --force --grace-period=5').stderr).toBe('error: --force and --grace-period greater than 0 cannot be specified together\n');
  });

  it('dry runs', () => {
    const sim = newSim();
    expect(k(sim, 'delete svc auth-service --dry-run=client').stdout).toBe('service "auth-service" deleted (dry run)\n');
    expect(k(sim, 'delete svc auth-service --dry-run=server').stdout).toBe('service "auth-service" deleted (server dry run)\n');
    expect(sim.api.get('services', 'default', 'auth-service')).toBeDefined();
  });

  it('-f deletes what the file names', () => {
    const sim = newSim();
    const files = { '/root/svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: auth-service\n' };
    expect(k(sim, 'delete -f svc.yaml', { files }).stdout).toBe('service "auth-service" deleted\n');
    expect(k(sim, 'delete -f svc.yaml', { files }).stderr).toBe('Error from server (NotFound): error when deleting "svc.yaml": services "auth-service" not found\n');
  });

  it('--interactive asks first', () => {
    const sim = newSim();
    expect(k(sim, 'delete svc auth-service -i', { stdin: 'n\n' }).stdout).toBe(
      'You are about to delete the following 1 resource(s):\nservice/auth-service\nDo you want to continue? (y/n): deletion is cancelled\n',
    );
    expect(k(sim, 'delete svc auth-service -i', { stdin: 'y\n' }).stdout).toBe(
      'You are about to delete the following 1 resource(s):\nservice/auth-service\nDo you want to continue? (y/n): service "auth-service" deleted\n',
    );
  });

  it('argument errors', () => {
    const sim = newSim();
    expect(k(sim, 'delete').stderr).toBe(
      "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n",
    );
    expect(k(sim, 'delete pods').stderr).toBe('error: resource(s) were provided, but no name was specified\n');
    expect(k(sim, 'delete foos x').stderr).toBe('error: the server doesn\'t have a resource type "foos"\n');
    expect(k(sim, 'delete pods --all -l a=b').stderr).toBe('error: cannot set --all and --selector at the same time\n');
    expect(k(sim, 'delete pod client -o yaml').stderr).toBe("error: unexpected -o output mode: yaml. We only support '-o name'\n");
    expect(k(sim, 'delete pod/client svc').stderr).toContain('there is no need to specify a resource type as a separate argument');
  });
});
