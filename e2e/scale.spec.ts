// Issue 4 acceptance: scaling to 250 replicas splits the Service into three EndpointSlices
// (ES-4: 100/100/50); one pod deletion rewrites one slice (ES-5), while the legacy Endpoints
// object is rewritten whole — the bytes chart shows both writes.
import type { SimEvent } from '../src/engine/view/types.ts';
import { expect, test } from './fixtures.ts';

test('[ES-4][ES-5] scale to 250 → slices 100/100/50; deleting one pod pulses exactly its slice; the slice write is smaller than the Endpoints rewrite', async ({
  app,
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
  const { pod, slice } = await app.waitFor((s) => {
    const snap = s.sim.snapshot!;
    const ready = snap.slices.filter((x) => x.service === 'auth-service').reduce((n, x) => n + x.endpoints.filter((e) => e.ready).length, 0);
    if (ready !== 250) return undefined;
    const sl = snap.slices.find((x) => x.service === 'auth-service' && x.endpoints.length === 100)!;
    return { pod: sl.endpoints[0]!.pod!.split('/')[1]!, slice: sl.name };
  }, '250 ready endpoints in the slices');
  const lastSeq = await app.state((s) => s.sim.events.at(-1)?.seq ?? 0);

  await terminal.run(`kubectl delete pod ${pod}`, `pod "${pod}" deleted`);

  // Exactly one slice pulses: the one that held the deleted pod. (Soft: when it fails, the
  // bytes checks below still run and report.)
  await expect
    .configure({ soft: true })
    .poll(() => services.pulsingSlices('default', 'auth-service'), { message: 'the slices pulsing after one pod deletion', timeout: 60_000 })
    .toEqual([slice]);
  await app.screenshot('services-pulse');

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

  // The writes the deletion caused, as the engine reported them.
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
  expect(new Set(sliceWrites.map((e) => e.name)), 'slices written after one pod deletion').toEqual(new Set([slice]));
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
