// The e2e test function with the page objects as fixtures.
import { test as base } from '@playwright/test';
import { AppPage } from './pages/AppPage.ts';
import { BytesChart } from './pages/BytesChart.ts';
import { ChainsView } from './pages/ChainsView.ts';
import { Inspector } from './pages/Inspector.ts';
import { ServicesView } from './pages/ServicesView.ts';
import { TerminalPanel } from './pages/TerminalPanel.ts';

interface Pages {
  app: AppPage;
  terminal: TerminalPanel;
  services: ServicesView;
  chains: ChainsView;
  bytesChart: BytesChart;
  inspector: Inspector;
}

export const test = base.extend<Pages>({
  app: async ({ page }, use, testInfo) => {
    await use(new AppPage(page, testInfo));
  },
  terminal: async ({ page }, use) => {
    await use(new TerminalPanel(page));
  },
  services: async ({ page }, use) => {
    await use(new ServicesView(page));
  },
  chains: async ({ page }, use) => {
    await use(new ChainsView(page));
  },
  bytesChart: async ({ page }, use) => {
    await use(new BytesChart(page));
  },
  inspector: async ({ page }, use) => {
    await use(new Inspector(page));
  },
});

export { expect } from '@playwright/test';
