// The page's test hook (src/ui/CONTRACTS.md "Test hooks"), as the e2e code sees it.
// Functions passed to page.evaluate run in the page: they may only use their arguments and
// `window`, never this module's imports (types are fine: they are erased).
import type { StoreState } from '../../src/ui/store/types.ts';
import type { AsyncSimApi } from '../../src/worker/contract.ts';

export interface HookInPage {
  store: { getState(): StoreState };
  api: AsyncSimApi | undefined;
  terminalText?: () => string;
  client?: { mode?: string };
  mode?: string;
}

declare global {
  interface Window {
    __proxyscope?: HookInPage;
  }
}

/** URL flags every test uses: the hook on, animation off (CONTRACTS.md "URL flags"). */
export interface PageFlags {
  animate?: boolean;
  traffic?: number;
  view?: 'services' | 'chains';
  node?: string;
  scenario?: string;
  seed?: number;
}

/** A query string relative to the base URL ("./?test=1&animate=0…"), so sub-paths work. */
export function pageUrl(flags: PageFlags = {}): string {
  const q = new URLSearchParams({ test: '1', animate: flags.animate ? '1' : '0' });
  if (flags.traffic !== undefined) q.set('traffic', String(flags.traffic));
  if (flags.view) q.set('view', flags.view);
  if (flags.node) q.set('node', flags.node);
  if (flags.scenario) q.set('scenario', flags.scenario);
  if (flags.seed !== undefined) q.set('seed', String(flags.seed));
  return `./?${q}`;
}
