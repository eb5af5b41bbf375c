// The bytes-per-change chart: for each change, the EndpointSlice write(s) beside the legacy
// Endpoints rewrite (bars with data-kind and data-bytes; data-change "ns/service@seq" names the
// change a bar belongs to, seq being its first write's journal sequence number).
import { type Locator, type Page } from '@playwright/test';

export interface BarInfo {
  kind: string;
  bytes: number;
  change: string;
  seq: number;
}

export class BytesChart {
  readonly root: Locator;

  constructor(page: Page) {
    this.root = page.getByTestId('bytes-chart');
  }

  bars(kind?: 'slice' | 'endpoints'): Locator {
    return this.root.locator(kind ? `[data-testid="bytes-bar"][data-kind="${kind}"]` : '[data-testid="bytes-bar"]');
  }

  async all(): Promise<BarInfo[]> {
    return this.bars().evaluateAll((els) =>
      els.map((e) => {
        const change = e.getAttribute('data-change') ?? '';
        return { kind: e.getAttribute('data-kind') ?? '', bytes: Number(e.getAttribute('data-bytes')), change, seq: Number(change.split('@')[1] ?? NaN) };
      }),
    );
  }

  /** The newest change's two bars (the highest sequence number), or undefined while there is none. */
  async newest(): Promise<{ slice?: number; endpoints?: number; change: string } | undefined> {
    const bars = await this.all();
    if (!bars.length) return undefined;
    const top = Math.max(...bars.map((b) => b.seq));
    const of = bars.filter((b) => b.seq === top);
    return { change: of[0]!.change, slice: of.find((b) => b.kind === 'slice')?.bytes, endpoints: of.find((b) => b.kind === 'endpoints')?.bytes };
  }
}
