// Issue 4 acceptance: the terminal's line editing — history (↑, kept across a reload) and tab
// completion as the engine's shell completes (resource types, pod names).
import { expect, test } from './fixtures.ts';

test('history: ↑ recalls the previous commands, also after a reload', async ({ app, terminal }) => {
  await app.open({ traffic: 0 });
  await terminal.run('kubectl get nodes', 'kind-worker2');
  await terminal.run('kubectl get svc auth-service', 'auth-service');

  await terminal.focus();
  await terminal.press('ArrowUp');
  await expect.poll(() => terminal.currentLine()).toBe('$ kubectl get svc auth-service');
  await terminal.press('ArrowUp');
  await expect.poll(() => terminal.currentLine()).toBe('$ kubectl get nodes');
  await terminal.press('ArrowDown');
  await expect.poll(() => terminal.currentLine()).toBe('$ kubectl get svc auth-service');
  // Running a recalled line runs it again.
  await terminal.press('Enter');
  await expect.poll(async () => (await terminal.text()).split('ClusterIP').length - 1).toBe(2);
  await app.screenshot('terminal-history');

  await app.reload();
  await terminal.waitForPrompt();
  await terminal.focus();
  await terminal.press('ArrowUp');
  await expect.poll(() => terminal.currentLine()).toBe('$ kubectl get svc auth-service');
  await terminal.press('ArrowUp');
  await expect.poll(() => terminal.currentLine()).toBe('$ kubectl get nodes');
  app.expectNoErrors();
});

test('tab completion: `kubectl get dep<Tab>` completes the resource, `kubectl get pods auth<Tab>` a pod name', async ({ app, terminal }) => {
  await app.open({ traffic: 0 });
  await terminal.waitForPrompt();

  // A resource type, completed as the engine completes it (kubectl offers "deployments.apps").
  const line = 'kubectl get dep';
  const completion = await app.page.evaluate((l) => window.__proxyscope!.api!.complete(l, l.length), line);
  expect(completion.candidates).toHaveLength(1);
  expect(completion.candidates[0]).toMatch(/^deploy/);
  await terminal.type(line);
  await terminal.press('Tab');
  const completed = `$ ${line.slice(0, completion.from)}${completion.candidates[0]}`;
  await expect.poll(() => terminal.currentLine()).toBe(completed);
  await terminal.press('Enter');
  await expect.poll(() => terminal.text()).toMatch(/auth-service\s+3\/3\s+3\s+3/);
  await terminal.waitForPrompt();

  // A pod name: the three auth-service pods share a prefix; Tab extends to it, then one more
  // character picks a pod and Tab completes its whole name.
  const pods = await app.waitFor(
    (s) => {
      const names = (s.sim.snapshot?.pods ?? []).filter((p) => p.name.startsWith('auth-service-')).map((p) => p.name);
      return names.length === 3 ? names.sort() : undefined;
    },
    'three auth-service pods',
  );
  let common = pods[0]!;
  for (const n of pods) while (!n.startsWith(common)) common = common.slice(0, -1);
  const target = pods.find((n) => pods.filter((m) => m[common.length] === n[common.length]).length === 1)!;
  expect(target, 'a pod with a unique character after the common prefix').toBeDefined();

  await terminal.type('kubectl get pods auth');
  await terminal.press('Tab');
  await expect.poll(() => terminal.currentLine()).toBe(`$ kubectl get pods ${common}`);
  await terminal.type(target[common.length]!);
  await terminal.press('Tab');
  await expect.poll(() => terminal.currentLine()).toBe(`$ kubectl get pods ${target}`);
  await terminal.press('Enter');
  await expect.poll(() => terminal.text()).toMatch(new RegExp(`${target}\\s+1/1\\s+Running`));
  await app.screenshot('terminal-completion');
  app.expectNoErrors();
});
