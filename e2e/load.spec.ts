// Issue 4 acceptance: the page loads cleanly and shows the default scenario live.
// Runs in both projects: at the server's root and from a sub-path.
import { expect, test } from './fixtures.ts';

const WORKERS = ['kind-worker', 'kind-worker2'];

test('the page loads with no console errors; auth-service has one slice and three pods over both workers; packets move', async ({
  app,
  services,
}) => {
  await app.open();
  await services.waitVisible();
  await expect(services.service('default', 'auth-service')).toBeVisible();

  // The engine's view: three ready auth-service pods, on the two workers.
  const snap = await app.waitFor(
    (s) => {
      const pods = (s.sim.snapshot?.pods ?? []).filter((p) => p.name.startsWith('auth-service-') && p.state === 'ready');
      return pods.length === 3 ? s.sim.snapshot : undefined;
    },
    'three ready auth-service pods in the snapshot',
  );
  const authPods = snap.pods.filter((p) => p.name.startsWith('auth-service-'));
  expect(new Set(authPods.map((p) => p.node))).toEqual(new Set(WORKERS));

  // The view: one slice holding three endpoints, three ready pods, each drawn inside its node.
  await expect(services.slices('default', 'auth-service')).toHaveCount(1);
  await expect.poll(() => services.sliceCounts('default', 'auth-service')).toEqual([3]);
  await expect(services.pods('default', 'auth-service-')).toHaveCount(3);
  for (const p of authPods) {
    await expect(services.pod('default', p.name)).toHaveAttribute('data-state', 'ready');
  }
  for (const n of WORKERS) await expect(services.nodeGroup(n)).toBeVisible();
  const placement = await services.podPlacement('default', 'auth-service-', WORKERS);
  expect(placement).toEqual(Object.fromEntries(authPods.map((p) => [p.name, p.node])));

  // Packets move: new packet events keep arriving, and dots are drawn for them.
  const first = await app.waitFor((s) => s.sim.packets.at(-1)?.id, 'a packet event');
  const newer = await app.waitFor((s, after) => (s.sim.packets.at(-1)?.id ?? -1) > after && s.sim.packets.at(-1)!.id, 'a newer packet event', first);
  expect(newer).toBeGreaterThan(first);
  await expect(services.packetDots.first()).toBeAttached();
  expect(await services.packetDots.first().getAttribute('data-packet-id')).toMatch(/^\d+$/);

  await app.screenshot('services');
  app.expectNoErrors();
});
