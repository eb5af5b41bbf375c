// The details panel: YAML of an API object, a chain's rules, a packet's hops.
import { type Locator, type Page } from '@playwright/test';

export class Inspector {
  readonly root: Locator;
  readonly yaml: Locator;
  readonly rules: Locator;

  constructor(page: Page) {
    this.root = page.getByTestId('inspector');
    this.yaml = page.getByTestId('inspector-yaml');
    this.rules = page.getByTestId('inspector-rules');
  }
}
