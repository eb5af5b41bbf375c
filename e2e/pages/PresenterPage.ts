// Presenter mode: the banner (demo step, what to say, last command, status), the toggle and the
// demo picker; keys are pressed with focus outside the terminal (presenter keys' rule).
import { expect, type Locator, type Page, type TestInfo } from '@playwright/test';
import { join } from 'node:path';

export class PresenterPage {
  readonly banner: Locator;
  readonly step: Locator;
  readonly say: Locator;
  readonly lastCommand: Locator;
  readonly status: Locator;
  readonly toggle: Locator;
  readonly picker: Locator;

  constructor(readonly page: Page) {
    this.banner = page.getByTestId('presenter-banner');
    this.step = page.getByTestId('demo-step');
    this.say = page.getByTestId('demo-say');
    this.lastCommand = page.getByTestId('presenter-last-command');
    this.status = page.getByTestId('presenter-status');
    this.toggle = page.getByTestId('presenter-toggle');
    this.picker = page.getByTestId('demo-picker');
  }

  /** Moves focus off the terminal and controls (the page itself), then presses `key`. */
  async key(key: string): Promise<void> {
    await this.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await this.page.keyboard.press(key);
  }

  async expectStep(n: number): Promise<void> {
    await expect(this.step).toHaveAttribute('data-step', String(n));
    await expect(this.step).toHaveAttribute('data-busy', 'false');
  }

  /** test-results/e2e/screens/presenter-<name>.png at the current viewport. */
  async screenshot(testInfo: TestInfo, name: string): Promise<void> {
    const path = join(testInfo.project.outputDir, 'screens', `presenter-${name}.png`);
    await this.page.screenshot({ path });
    await testInfo.attach(`presenter-${name}`, { path, contentType: 'image/png' });
  }
}
