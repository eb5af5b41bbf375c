// The whole page: navigation with URL flags, the test hook (store and api), the top bar,
// console errors, and screenshots kept as test artifacts.
import { expect, type ConsoleMessage, type Locator, type Page, type TestInfo } from '@playwright/test';
import { join } from 'node:path';
import type { ChainsSnapshot, PacketView, SimEvent, WorldSnapshot } from '../../src/engine/view/types.ts';
import type { StoreState } from '../../src/ui/store/types.ts';
import { pageUrl, type PageFlags } from '../support/hook.ts';

export class AppPage {
  /** console.error messages and uncaught page errors since this object was made. */
  readonly errors: string[] = [];
  readonly root: Locator;

  constructor(
    readonly page: Page,
    private readonly testInfo: TestInfo,
  ) {
    this.root = page.getByTestId('app');
    page.on('console', (m: ConsoleMessage) => {
      if (m.type() === 'error') this.errors.push(`console.error: ${m.text()} (${m.location().url}:${m.location().lineNumber})`);
    });
    page.on('pageerror', (e) => this.errors.push(`pageerror: ${e.message}`));
    page.on('requestfailed', (r) => this.errors.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
    page.on('response', (r) => {
      if (r.status() >= 400) this.errors.push(`HTTP ${r.status()}: ${r.url()}`);
    });
  }

  /** Opens the page (relative to the project's baseURL) and waits for the first snapshot. */
  async open(flags: PageFlags = {}): Promise<void> {
    await this.page.goto(pageUrl(flags));
    await this.waitReady();
  }

  async reload(): Promise<void> {
    await this.page.reload();
    await this.waitReady();
  }

  async waitReady(): Promise<void> {
    await expect(this.root).toBeVisible({ timeout: 60_000 });
    await this.page.waitForFunction(() => window.__proxyscope?.store.getState().sim.snapshot !== undefined, undefined, {
      timeout: 60_000,
    });
    const error = await this.page.evaluate(() => window.__proxyscope!.store.getState().sim.error);
    expect(error, 'the simulation failed to start').toBeUndefined();
  }

  // ── Store and api (read-only views of what the page holds) ─────────────────────────────

  async state<T>(pick: (s: StoreState) => T): Promise<T> {
    // The picker is serialised and run in the page.
    return this.page.evaluate(`(${pick.toString()})(window.__proxyscope.store.getState())`) as Promise<T>;
  }

  snapshot(): Promise<WorldSnapshot> {
    return this.page.evaluate(() => window.__proxyscope!.store.getState().sim.snapshot!);
  }

  packets(): Promise<PacketView[]> {
    return this.page.evaluate(() => window.__proxyscope!.store.getState().sim.packets);
  }

  events(): Promise<SimEvent[]> {
    return this.page.evaluate(() => window.__proxyscope!.store.getState().sim.events);
  }

  /** Where the engine runs, as the page reports it ('worker' | 'in-thread'). */
  mode(): Promise<string | undefined> {
    return this.page.evaluate(() => {
      const h = window.__proxyscope!;
      return h.client?.mode ?? h.mode ?? h.store.getState().sim.mode;
    });
  }

  chainsOf(node: string): Promise<ChainsSnapshot> {
    return this.page.evaluate((n) => window.__proxyscope!.api!.chains(n), node);
  }

  packet(id: number): Promise<PacketView | undefined> {
    return this.page.evaluate((i) => window.__proxyscope!.api!.packet(i), id);
  }

  /**
   * Waits until `pick(state, arg)` is truthy (polled in the page) and returns its value.
   * `pick` is serialised: it may use only its parameters (pass outside values as `arg`).
   */
  async waitFor<T, A = undefined>(pick: (s: StoreState, arg: A) => T, message: string, arg?: A, timeout = 60_000): Promise<NonNullable<T>> {
    const expr = `(${pick.toString()})(window.__proxyscope.store.getState(), ${JSON.stringify(arg ?? null)})`;
    const handle = await this.page.waitForFunction(expr, undefined, { timeout, polling: 100 }).catch((e: Error) => {
      throw new Error(`timed out waiting for ${message}: ${e.message.split('\n')[0]}`);
    });
    return (await handle.jsonValue()) as NonNullable<T>;
  }

  // ── Top bar ────────────────────────────────────────────────────────────────────────────

  async showServices(): Promise<void> {
    await this.page.getByTestId('view-tab-services').click();
    await expect(this.page.getByTestId('services-view')).toBeVisible();
  }

  async showChains(node?: string): Promise<void> {
    await this.page.getByTestId('view-tab-chains').click();
    await expect(this.page.getByTestId('chains-view')).toBeVisible();
    if (node) await this.pickNode(node);
  }

  async pickNode(node: string): Promise<void> {
    const picker = this.page.getByTestId('node-picker');
    const tag = await picker.evaluate((el) => el.tagName);
    if (tag === 'SELECT') await picker.selectOption(node);
    else {
      await picker.click();
      await this.page.getByRole('option', { name: node }).click();
    }
    await this.page.waitForFunction((n) => window.__proxyscope!.store.getState().ui.node === n, node);
  }

  // ── Artifacts ──────────────────────────────────────────────────────────────────────────

  /** Keeps a screenshot of the page as a test artifact: test-results/e2e/screens/<project>-<name>.png. */
  async screenshot(name: string): Promise<void> {
    const path = join(this.testInfo.project.outputDir, 'screens', `${this.testInfo.project.name}-${name}.png`);
    await this.page.screenshot({ path, fullPage: false });
    await this.testInfo.attach(name, { path, contentType: 'image/png' });
  }

  /** Fails with every console error / page error / failed request seen so far. */
  expectNoErrors(): void {
    expect(this.errors, 'console errors, page errors or failed requests').toEqual([]);
  }
}
