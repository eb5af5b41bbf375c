// Issue 4 acceptance: the same build works when served from a sub-path of a static host
// (vite base './'): assets, the worker chunk and the scenario load relative to the page.
import { SUB_PATH } from './support/servers.ts';
import { expect, test } from './fixtures.ts';

test('served from a sub-path: the page loads, shows auth-service, and runs the engine in a Worker', async ({ app, services, terminal, chains, page }) => {
  await app.open();
  expect(new URL(page.url()).pathname).toBe(SUB_PATH);
  await expect(services.service('default', 'auth-service')).toBeVisible();

  // The engine runs in a module Worker loaded from under the sub-path (not the in-thread fallback).
  expect(await app.mode()).toBe('worker');
  await expect.poll(() => page.workers().map((w) => new URL(w.url()).pathname)).toContainEqual(expect.stringMatching(`^${SUB_PATH}`));

  await terminal.run('kubectl get svc auth-service', /auth-service\s+ClusterIP\s+10\.96\./);
  await app.showChains('kind-worker');
  await expect(chains.root.locator('[data-testid^="chain-KUBE-SVC-"]').first()).toBeVisible();
  await app.screenshot('chains');
  app.expectNoErrors();
});
