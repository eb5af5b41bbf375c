// The headless CLI as a person runs it: `npm run -s lab -- …`.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function lab(args: string[], input?: string) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/lab.ts', ...args], { input, encoding: 'utf8', timeout: 60_000 });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

describe('npm run lab', () => {
  it("[KC-1] -c 'kubectl get nodes' prints three Ready nodes in kubectl's format", () => {
    const r = lab(['-c', 'kubectl get nodes']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      [
        'NAME                 STATUS   ROLES           AGE   VERSION',
        'kind-control-plane   Ready    control-plane   25s   v1.33.1',
        'kind-worker          Ready    <none>          10s   v1.33.1',
        'kind-worker2         Ready    <none>          10s   v1.33.1',
        '',
      ].join('\n'),
    );
  });

  it('reads commands from standard input, keeps heredocs together, and returns the last status', () => {
    const script = 'kubectl apply -f - <<EOF\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a\nEOF\nkubectl get ns team-a -o name\nkubectl get pods nope\n';
    const r = lab(['--echo'], script);
    expect(r.stdout).toBe('$ kubectl apply -f - <<EOF\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a\nEOF\nnamespace/team-a created\n$ kubectl get ns team-a -o name\nnamespace/team-a\n$ kubectl get pods nope\n');
    expect(r.stderr).toBe('Error from server (NotFound): pods "nope" not found\n');
    expect(r.status).toBe(1);
  });

  it('is byte-identical across runs with the same seed', () => {
    const args = ['--seed', '5', '-c', 'kubectl get pods -A -o wide', '-c', 'kubectl get endpointslices -A -o yaml'];
    const a = lab(args);
    const b = lab(args);
    expect(a.status).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).toContain('auth-service-');
  });

  it('rejects bad options with a usage message', () => {
    const r = lab(['--seed', 'x']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('lab: --seed takes a non-negative integer, not "x"\n');
    expect(lab(['--scenario', 'nope']).stderr).toBe('lab: no scenario "nope" (looked for a .yaml file and content/scenarios/nope.yaml)\n');
  });
});
