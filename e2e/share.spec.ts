// Share links: a session shared and opened in a fresh browser context replays to the same
// cluster (pod names and IPs); a link with one character changed is refused with a banner and
// the default scenario runs.
import { expect, test } from './fixtures.ts';
import { TerminalPanel } from './pages/TerminalPanel.ts';
import { SharePage, namesAndIps } from './pages/SharePage.ts';
import { AppPage } from './pages/AppPage.ts';

test('a shared session replays to the same pods and IPs in a fresh context', async ({ app, terminal, page, browser }, testInfo) => {
  await app.open({ traffic: 2, seed: 3 });
  await terminal.run('kubectl scale deployment auth-service --replicas=5', 'deployment.apps/auth-service scaled');
  await app.waitFor((s, want) => (s.sim.snapshot?.pods.filter((p) => p.name.startsWith('auth-service-') && p.ip).length ?? 0) >= want, 'five auth-service pods with IPs', 5);
  await terminal.run('kubectl get pods -o wide', 'auth-service-');
  const live = await terminal.run('kubectl get pods -o wide', 'auth-service-');
  const link = await new SharePage(page).share();
  expect(link).toMatch(/[?&]share=1\.[A-Za-z0-9_-]+\.[0-9a-f]{8}/);
  expect(link.length).toBeLessThan(16_000);

  const fresh = await browser.newContext();
  try {
    const page2 = await fresh.newPage();
    const app2 = new AppPage(page2, testInfo);
    await page2.goto(link);
    await app2.waitReady();
    const share2 = new SharePage(page2);
    await expect(share2.info).toContainText('Replayed a shared session: default, seed 3, 3 commands.');
    const terminal2 = new TerminalPanel(page2);
    const replayed = await terminal2.run('kubectl get pods -o wide', 'auth-service-');
    expect(namesAndIps(replayed)).toBe(namesAndIps(live));
    expect(namesAndIps(replayed).split('\n').filter((l) => l.startsWith('auth-service-'))).toHaveLength(5);
    app2.expectNoErrors();
  } finally {
    await fresh.close();
  }
  app.expectNoErrors();
});

test('a tampered link shows an error banner and the default scenario runs', async ({ app, terminal, page, browser }, testInfo) => {
  await app.open({ traffic: 0 });
  await terminal.run('kubectl scale deployment auth-service --replicas=4', 'scaled');
  const link = await new SharePage(page).share();
  const url = new URL(link);
  const value = url.searchParams.get('share')!;
  const i = Math.floor(value.length / 2);
  url.searchParams.set('share', value.slice(0, i) + (value[i] === 'A' ? 'B' : 'A') + value.slice(i + 1));

  const fresh = await browser.newContext();
  try {
    const page2 = await fresh.newPage();
    const app2 = new AppPage(page2, testInfo);
    await page2.goto(url.toString());
    await app2.waitReady();
    const share2 = new SharePage(page2);
    await expect(share2.error).toContainText('This share link cannot be opened: the link is damaged (its checksum does not match: was it cut or edited?). The default scenario runs instead.');
    await expect.poll(() => app2.state((s) => s.ui.scenario)).toBe('default');
    const out = await new TerminalPanel(page2).run('kubectl get deployment auth-service', 'auth-service');
    expect(out).toMatch(/auth-service\s+3\/3/);
    app2.expectNoErrors();
  } finally {
    await fresh.close();
  }
});

test('a hostile link is shown as text, never run as markup', async ({ page }, testInfo) => {
  const app = new AppPage(page, testInfo);
  const json = JSON.stringify({ s: '<img src=x onerror="window.__pwned=1">', n: 1, m: 'sandbox', t: 0, c: [] });
  const payload = Buffer.from(json).toString('base64url');
  let h = 0x811c9dc5;
  for (let k = 0; k < payload.length; k++) h = Math.imul(h ^ payload.charCodeAt(k), 0x01000193) >>> 0;
  await page.goto(`./?test=1&animate=0&traffic=0&share=1.${payload}.${h.toString(16).padStart(8, '0')}`);
  await app.waitReady();
  await expect(new SharePage(page).error).toContainText('the link names an unknown scenario "<img src=x onerror=');
  expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
  await expect(page.locator('.ps-share-banner img')).toHaveCount(0);
});
