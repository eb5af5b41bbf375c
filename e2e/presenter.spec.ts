// Presenter mode driven by the keyboard alone (Space, →, ←, +, −, N, S; Esc leaves the
// terminal), and a scripted demo stepped forward and back like slides. Screenshots at 1280×720.
import { expect, test } from './fixtures.ts';
import { PresenterPage } from './pages/PresenterPage.ts';

test.use({ viewport: { width: 1280, height: 720 } });

test('presenter mode by keyboard: play/pause, step, speed, slow motion; not while typing', async ({ app, terminal, page }, testInfo) => {
  await page.goto('./?test=1&animate=1&traffic=2&mode=present');
  await app.waitReady();
  const p = new PresenterPage(page);
  await expect(page.locator('html')).toHaveClass(/ps-present/);
  await expect(p.toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(p.banner).toBeVisible();

  // Space pauses (the clock was playing), Space plays again.
  await expect.poll(() => app.state((s) => s.ui.playing)).toBe(true);
  await p.key('Space');
  await expect.poll(() => app.state((s) => s.ui.playing)).toBe(false);
  await expect(p.status).toHaveAttribute('data-playing', 'false');
  // → while paused: one virtual second. The page's clock is the last batch's: wait until the
  // worker's pause has reached the page (the clock stops moving) before reading it.
  let before = -1;
  await expect
    .poll(async () => {
      const a = await app.state((s) => s.sim.now);
      await page.waitForTimeout(250);
      const b = await app.state((s) => s.sim.now);
      before = b;
      return a === b;
    })
    .toBe(true);
  await p.key('ArrowRight');
  await expect.poll(() => app.state((s) => s.sim.now)).toBe(before + 1000);
  // ← in the sandbox: a hint, nothing else.
  await p.key('ArrowLeft');
  await expect(p.status).toContainText('← steps back in demos only');
  expect(await app.state((s) => s.sim.now)).toBe(before + 1000);
  // + and − walk the speed menu.
  await p.key('+');
  await expect.poll(() => app.state((s) => s.ui.speed)).toBe(2);
  await p.key('+');
  await expect.poll(() => app.state((s) => s.ui.speed)).toBe(4);
  await p.key('-');
  await expect.poll(() => app.state((s) => s.ui.speed)).toBe(2);
  await expect(p.status).toHaveAttribute('data-speed', '2');
  // N without a demo or lesson: a hint.
  await p.key('n');
  await expect(p.status).toContainText('open a demo or a lesson first');
  // S: slow motion for packet dots.
  await p.key('s');
  await expect(page.locator('html')).toHaveAttribute('data-packet-motion', 'slow');
  await expect(p.status).toHaveAttribute('data-slow', 'true');

  // Typing in the terminal: Space and + are text, not presenter keys; the banner shows the command.
  await terminal.run('echo a + b', 'a + b');
  expect(await app.state((s) => [s.ui.playing, s.ui.speed])).toEqual([false, 2]);
  await expect(p.lastCommand).toHaveText('$ echo a + b');
  // Esc leaves the terminal; then Space plays.
  await page.keyboard.press('Escape');
  await expect(p.status).toContainText('Left the terminal');
  await page.keyboard.press('Space');
  await expect.poll(() => app.state((s) => s.ui.playing)).toBe(true);
  await p.screenshot(testInfo, 'sandbox');

  // The toggle leaves presenter mode; keys do nothing then.
  await p.toggle.click();
  await expect(page.locator('html')).not.toHaveClass(/ps-present/);
  await p.key('Space');
  await page.waitForTimeout(300); // nothing to wait for: the key must not act
  expect(await app.state((s) => s.ui.playing)).toBe(true);
  app.expectNoErrors();
});

test('a demo steps forward, back (replayed) and on, by keys', async ({ app, terminal, page }, testInfo) => {
  await page.goto('./?test=1&animate=1&traffic=2&demo=01-scale-to-250');
  await app.waitReady();
  const p = new PresenterPage(page);
  await expect(page.locator('html')).toHaveClass(/ps-present/);
  await p.expectStep(0);
  await expect(p.say).toContainText('Scale to 250 and watch the slices — press → or Space to start');
  await p.screenshot(testInfo, 'demo-start');

  // → runs step 1 in the terminal.
  await p.key('ArrowRight');
  await p.expectStep(1);
  await expect(p.say).toContainText('auth-service has 3 pods');
  await expect(p.lastCommand).toHaveText('$ kubectl get endpointslice -l kubernetes.io/service-name=auth-service');
  await expect.poll(() => terminal.text()).toMatch(/auth-service-\w{5}\s+IPv4\s+8080/);

  // N runs step 2: the scale to 250.
  await p.key('n');
  await p.expectStep(2);
  await expect(p.lastCommand).toHaveText('$ kubectl scale deployment auth-service --replicas=250');
  await expect.poll(() => terminal.text()).toContain('deployment.apps/auth-service scaled');
  // The demo waits paused: let a few virtual seconds pass for the ReplicaSet to create pods.
  for (let i = 0; i < 3; i++) await page.getByTestId('step').click();
  await app.waitFor((s) => (s.sim.snapshot?.pods.filter((x) => x.name.startsWith('auth-service-')).length ?? 0) > 100, 'more than 100 auth-service pods');
  await p.screenshot(testInfo, 'demo-scaled');

  // ← steps back: the cluster is replayed to before the scale (3 pods again).
  await p.key('ArrowLeft');
  await p.expectStep(1);
  await expect(p.say).toContainText('auth-service has 3 pods');
  await app.waitFor((s) => s.sim.snapshot?.pods.filter((x) => x.name.startsWith('auth-service-')).length === 3, 'three auth-service pods after stepping back');
  expect(await app.state((s) => s.ui.playing)).toBe(false);

  // Space plays: the demo runs the next step by itself.
  await p.key('Space');
  await p.expectStep(2);
  await expect(p.lastCommand).toHaveText('$ kubectl scale deployment auth-service --replicas=250');
  app.expectNoErrors();
});
