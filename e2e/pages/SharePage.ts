// Share links: the Share button and its link field, and the banners a shared link opens with.
import { expect, type Locator, type Page } from '@playwright/test';

export class SharePage {
  readonly button: Locator;
  readonly url: Locator;
  readonly error: Locator;
  readonly info: Locator;

  constructor(page: Page) {
    this.button = page.getByTestId('share');
    this.url = page.getByTestId('share-url');
    this.error = page.getByTestId('share-error');
    this.info = page.getByTestId('share-info');
  }

  /** Clicks Share and returns the link it made. */
  async share(): Promise<string> {
    await this.button.click();
    await expect(this.url).toBeVisible();
    return this.url.inputValue();
  }
}

/** `kubectl get pods -o wide` reduced to NAME, IP and NODE (what a replay must reproduce; AGE
 *  and READY move with the clock, and the two tables are printed at different times). */
export function namesAndIps(table: string): string {
  return table
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const cols = l.trim().split(/\s+/);
      return [cols[0], cols[5], cols[6]].join(' ');
    })
    .join('\n');
}
