// Issue 4 acceptance: the Chains view draws kube-proxy's rules as the engine holds them
// (KC: KUBE-SVC → KUBE-SEP with statistic probabilities 1/n, 1/(n-1), …), and a traced
// connection's dot follows the KUBE-SEP chain the engine chose to the pod it reached.
import type { ChainView, PacketView } from '../src/engine/view/types.ts';
import type { AppPage } from './pages/AppPage.ts';
import { expect, test } from './fixtures.ts';

/** auth-service's KUBE-SVC chain on a node and the KUBE-SEP chains it jumps to, in rule order. */
async function authServiceChains(app: AppPage, node: string): Promise<{ svc: ChainView; seps: { chain: string; probability?: string }[] }> {
  const chains = await app.chainsOf(node);
  const nat = chains.tables.find((t) => t.name === 'nat')!;
  const svc = nat.chains.find((c) => c.name.startsWith('KUBE-SVC-') && c.servicePort?.startsWith('default/auth-service'));
  expect(svc, `auth-service's KUBE-SVC chain on ${node}`).toBeDefined();
  const seps = svc!.rules.filter((r) => r.jumpTo?.startsWith('KUBE-SEP-')).map((r) => ({ chain: r.jumpTo!, probability: r.probability }));
  return { svc: svc!, seps };
}

test('[KC] the chains view of kind-worker: auth-service KUBE-SVC → three KUBE-SEP with probabilities 0.33333333349, 0.50000000000', async ({
  app,
  chains,
}) => {
  await app.open({ view: 'chains', node: 'kind-worker', traffic: 0 });
  await expect(chains.root).toBeVisible();
  await app.waitFor((s) => s.ui.node === 'kind-worker', 'the chains view on kind-worker');

  // What the engine holds (wait for kube-proxy's sync with the three endpoints).
  await expect.poll(async () => (await authServiceChains(app, 'kind-worker')).seps.length, { timeout: 60_000 }).toBe(3);
  const { svc, seps } = await authServiceChains(app, 'kind-worker');
  expect(seps.map((s) => s.probability)).toEqual(['0.33333333349', '0.50000000000', undefined]);

  // What the view draws.
  await expect(chains.chain(svc.name)).toBeVisible();
  for (const s of seps) await expect(chains.chain(s.chain)).toBeVisible();
  await expect
    .poll(async () => (await chains.edgesFrom(svc.name, 'KUBE-SEP-')).sort((a, b) => a.to.localeCompare(b.to)))
    .toEqual(seps.map((s) => ({ to: s.chain, probability: s.probability ?? null })).sort((a, b) => a.to.localeCompare(b.to)));
  await app.screenshot('chains-kind-worker');
  app.expectNoErrors();
});

test('a traced packet passes through the KUBE-SEP the engine chose and ends at that pod; its hop list shows the DNAT', async ({
  app,
  terminal,
  chains,
}) => {
  await app.open({ view: 'chains', traffic: 0 });
  await expect(chains.root).toBeVisible();
  const snap = await app.waitFor(
    (s) => (s.sim.snapshot?.pods.filter((p) => p.name.startsWith('auth-service-') && p.state === 'ready').length === 3 ? s.sim.snapshot : undefined),
    'three ready auth-service pods',
  );
  const clusterIP = snap.services.find((s) => s.namespace === 'default' && s.name === 'auth-service')!.clusterIP!;
  const client = snap.pods.find((p) => p.name === 'client')!;
  // The client's node makes the load-balancing choice (its nat PREROUTING → KUBE-SVC → KUBE-SEP).
  const node = client.node!;
  if ((await app.state((s) => s.ui.node)) !== node) await app.pickNode(node);
  await expect.poll(async () => (await authServiceChains(app, node)).seps.length, { timeout: 60_000 }).toBe(3);
  const { seps } = await authServiceChains(app, node);
  const before = Object.fromEntries(await Promise.all(seps.map(async (s) => [s.chain, await chains.packetsOf(s.chain)] as const)));

  const lastId = await app.state((s) => s.sim.packets.at(-1)?.id ?? -1);
  await terminal.run(`trace pod/client ${clusterIP}:8080 | tail -1`);
  const fromStore = await app.waitFor(
    (s, after) => s.sim.packets.find((p) => p.id > after && p.source === 'trace'),
    'the traced packet in the store',
    lastId,
  );
  const packet = (await app.packet(fromStore.id)) as PacketView;
  expect(packet, 'api.packet(id)').toBeDefined();
  expect(packet.outcome).toBe('connected');
  expect(packet.to).toBe(`${clusterIP}:8080`);
  expect(packet.sepChain).toBe(fromStore.sepChain);
  expect(packet.destination).toEqual(fromStore.destination);
  const sep = packet.sepChain!;
  expect(seps.map((s) => s.chain)).toContain(sep);
  const pod = snap.pods.find((p) => `default/${p.name}` === packet.destination!.pod || p.name === packet.destination!.pod)!;
  expect(pod, 'the destination pod').toBeDefined();
  expect(packet.destination!.ip).toBe(pod.ip);

  // The view: the chosen SEP's counter went up by one, no other SEP's did.
  await expect.poll(() => chains.packetsOf(sep)).toBe(before[sep]! + 1);
  for (const s of seps) if (s.chain !== sep) expect(await chains.packetsOf(s.chain)).toBe(before[s.chain]);

  // The dot: drawn for this packet along the places the engine traced, through the chosen SEP;
  // with animation off it rests at the end of its path: the pod, drawn beside the pod's card.
  const dot = chains.dot(packet.id);
  await expect(dot).toBeVisible();
  const podId = `pod:default/${pod.name}`;
  const path = ((await dot.getAttribute('data-path')) ?? '').split(' ');
  expect(path, 'the dot passes through the chosen KUBE-SEP').toContain(sep);
  expect(path.at(-1), 'the dot path ends at the destination pod').toBe(podId);
  expect(path.indexOf(sep)).toBeLessThan(path.indexOf(podId));
  await expect(dot).toHaveAttribute('data-at', podId);
  const podCard = chains.pod('default', pod.name);
  await expect(podCard).toBeVisible();
  const [dotBox, podBox] = [(await dot.boundingBox())!, (await podCard.boundingBox())!];
  const dotY = dotBox.y + dotBox.height / 2;
  expect(dotY, 'the dot rests level with the pod card').toBeGreaterThanOrEqual(podBox.y);
  expect(dotY).toBeLessThanOrEqual(podBox.y + podBox.height);
  await app.screenshot('chains-traced-packet');

  // Clicking it lists its hops; the DNAT hop shows the ClusterIP rewritten to the pod's IP.
  await dot.dispatchEvent('click');
  await app.waitFor((s, id) => s.ui.selection?.kind === 'packet' && s.ui.selection.id === id, 'the packet selected', packet.id);
  await expect(chains.hopList).toBeVisible();
  await expect(chains.hops()).not.toHaveCount(0);
  const dnat = chains.dnatRows().first();
  await expect(dnat).toBeVisible();
  const text = (await dnat.innerText()).replace(/\s+/g, ' ');
  expect(text).toContain(clusterIP);
  expect(text).toContain(pod.ip!);
  expect(text.indexOf(clusterIP), 'ClusterIP before, pod IP after').toBeLessThan(text.lastIndexOf(pod.ip!));
  await app.screenshot('chains-hop-list');
  app.expectNoErrors();
});
