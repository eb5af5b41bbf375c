// The Chains view of one node: hooks → KUBE-SERVICES → KUBE-SVC → KUBE-SEP → pod, with
// counters (data-packets), edge labels with probabilities, packet dots and the hop list.
import { type Locator, type Page } from '@playwright/test';

export interface EdgeInfo {
  to: string;
  probability: string | null;
}

export class ChainsView {
  readonly root: Locator;
  readonly packetDots: Locator;
  readonly hopList: Locator;

  constructor(private readonly page: Page) {
    this.root = page.getByTestId('chains-view');
    this.packetDots = this.root.getByTestId('packet-dot');
    // The hop list of the selected packet (in the view or the Inspector beside it).
    this.hopList = page.getByTestId('hop-list');
  }

  chain(name: string): Locator {
    return this.root.getByTestId(`chain-${name}`);
  }

  /** A DNAT destination pod's card (`chains-pod-<ns>-<name>`). */
  pod(namespace: string, name: string): Locator {
    return this.root.getByTestId(`chains-pod-${namespace}-${name}`);
  }

  edge(from: string, to: string): Locator {
    return this.root.getByTestId(`edge-${from}-${to}`);
  }

  /** Edge labels leaving `from` toward chains named `toPrefix…`, in DOM order. */
  async edgesFrom(from: string, toPrefix: string): Promise<EdgeInfo[]> {
    const prefix = `edge-${from}-${toPrefix}`;
    return this.root.locator(`[data-testid^="${prefix}"]`).evaluateAll(
      (els, f) =>
        els.map((e) => ({
          to: e.getAttribute('data-testid')!.slice(`edge-${f}-`.length),
          probability: e.getAttribute('data-probability'),
        })),
      from,
    );
  }

  /** The chain's packet counter as the view shows it (data-packets). */
  async packetsOf(chain: string): Promise<number> {
    return Number(await this.chain(chain).getAttribute('data-packets'));
  }

  dot(id: number): Locator {
    return this.root.locator(`[data-testid="packet-dot"][data-packet-id="${id}"]`);
  }

  hops(): Locator {
    return this.hopList.locator('[data-testid^="hop-"]:not([data-testid="hop-list"])');
  }

  dnatRows(): Locator {
    return this.hopList.locator('[data-dnat="true"]');
  }
}
