// Issue 4 acceptance: scaling to 250 replicas splits the Service into three EndpointSlices
// (ES-4: 100/100/50); one pod deletion rewrites one slice (ES-5), while the legacy Endpoints
// object is rewritten whole — the bytes chart shows both writes.
import type { SimEvent } from '../src/engine/view/types.ts';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

/** Steps the paused clock 100 ms at a time until a slice event newer than `since` arrives; its slice's name. */
async function stepUntil(page: Page, since: number): Promise<string> {
  for (let i = 0; i < 600; i++) {
    const found = await page.evaluate((after) => {
      const e = window.__proxyscope!.store.getState().sim.events.find((x) => x.seq > after && x.kind === 'slice');
      return e && e.kind === 'slice' ? e.name : undefined;
    }, since);
    if (found) return found;
    const before = await page.evaluate(() => window.__proxyscope!.store.getState().sim.now);
    await page.evaluate(() => window.__proxyscope!.api!.step(100));
    // The step's batch has reached the store when the page's clock moved.
    await page.waitForFunction((t) => window.__proxyscope!.store.getState().sim.now >= t + 100, before, { polling: 20 });
  }
  throw new Error('no slice write within 60 s of virtual time after the deletion');
}

test('[ES-4][ES-5] scale to 250 → slices 100/100/50; deleting one pod pulses exactly its slice; the slice write is smaller than the Endpoints rewrite', async ({
  app,
  page,
  terminal,
  services,
  bytesChart,
}) => {
  await app.open({ traffic: 0 });
  await services.waitVisible();
  await expect.poll(() => services.sliceCounts('default', 'auth-service')).toEqual([3]);

  await terminal.run('kubectl scale deploy auth-service --replicas=250', 'deployment.apps/auth-service scaled');
  await expect.poll(() => services.sliceCounts('default', 'auth-service'), { timeout: 90_000 }).toEqual([100, 100, 50]);
  await app.screenshot('services-250');

  // A ready pod and the slice that holds it, from the engine's snapshot.
  const { pod, slice, ip } = await app.waitFor((s) => {
    const snap = s.sim.snapshot!;
    const ready = snap.slices.filter((x) => x.service === 'auth-service').reduce((n, x) => n + x.endpoints.filter((e) => e.ready).length, 0);
    if (ready !== 250) return undefined;
    const sl = snap.slices.find((x) => x.service === 'auth-service' && x.endpoints.length === 100)!;
    return { pod: sl.endpoints[0]!.pod!.split('/')[1]!, slice: sl.name, ip: sl.endpoints[0]!.ip };
  }, '250 ready endpoints in the slices');
  const lastSeq = await app.state((s) => s.sim.events.at(-1)?.seq ?? 0);

  // The clock is paused for the deletion and stepped 100 ms at a time, so the deletion's own
  // slice write is seen on its own: the ReplicaSet's replacement pod is a separate change that
  // lands a second or more later, in whichever slice has room (ES-3) — possibly another one.
  // `--wait=false`: kubectl's default wait would run the clock until the pod is gone, and with
  // it, the replacement's write.
  await page.evaluate(() => window.__proxyscope!.api!.pause());
  await terminal.run(`kubectl delete pod ${pod} --wait=false`, `pod "${pod}" deleted`);
  expect(await stepUntil(page, lastSeq), 'the first slice written after the deletion holds the deleted pod').toBe(slice);
  await expect.poll(() => services.pulsingSlices('default', 'auth-service'), { message: 'the slices pulsing after one pod deletion' }).toEqual([slice]);
  await app.screenshot('services-pulse');
  await page.evaluate(() => window.__proxyscope!.api!.play());

  // Settled: the pod is gone and its replacement is ready (250 ready endpoints again).
  await app.waitFor(
    (s, gone) => {
      const snap = s.sim.snapshot!;
      const eps = snap.slices.filter((x) => x.service === 'auth-service').flatMap((x) => x.endpoints);
      return !snap.pods.some((p) => p.name === gone) && eps.length === 250 && eps.every((e) => e.ready);
    },
    'the replacement pod ready in the slices',
    pod,
  );

  // The writes the deletion caused, as the engine reported them: the deleted pod's address
  // left exactly one slice (its own); the Endpoints object was rewritten whole each time.
  const writes = await app.waitFor(
    (s, since) => {
      const after = s.sim.events.filter((e) => e.seq > since);
      const slices = after.filter((e) => e.kind === 'slice' && e.verb === 'update');
      const eps = after.filter((e) => e.kind === 'write' && e.resource === 'endpoints' && e.name === 'auth-service' && e.verb === 'update');
      return slices.length > 0 && eps.length > 0 ? { slices, eps } : undefined;
    },
    'a slice update and an Endpoints update after the deletion',
    lastSeq,
  );
  const sliceWrites = writes.slices as Extract<SimEvent, { kind: 'slice' }>[];
  expect(new Set(sliceWrites.filter((e) => e.removed.includes(ip)).map((e) => e.name)), 'slices the deleted pod left').toEqual(new Set([slice]));
  const sliceBytes = new Set(sliceWrites.map((e) => e.bytes));
  const endpointsBytes = new Set((writes.eps as Extract<SimEvent, { kind: 'write' }>[]).map((e) => e.bytes));

  // The chart's newest change is one of those: one slice (≤100 endpoints) against the whole
  // Endpoints object (250 addresses).
  await expect(bytesChart.root).toBeVisible();
  await expect
    .poll(async () => {
      const n = await bytesChart.newest();
      return n !== undefined && sliceBytes.has(n.slice ?? -1) && endpointsBytes.has(n.endpoints ?? -1);
    }, { message: 'the newest bars of the bytes chart = a slice write and the Endpoints rewrite of the deletion' })
    .toBe(true);
  const newest = (await bytesChart.newest())!;
  expect(newest.slice!).toBeLessThan(newest.endpoints!);
  await bytesChart.root.scrollIntoViewIfNeeded();
  await app.screenshot('bytes-chart');
  app.expectNoErrors();
});
