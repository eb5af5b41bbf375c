// The Services view: Service → EndpointSlices (+ legacy Endpoints) → Pods grouped in Nodes,
// packet dots, slice pulses (data-testids from src/ui/CONTRACTS.md).
import { expect, type Locator, type Page } from '@playwright/test';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const centre = (b: Box) => ({ x: b.x + b.width / 2, y: b.y + b.height / 2 });
const inside = (p: { x: number; y: number }, b: Box) => p.x >= b.x && p.x <= b.x + b.width && p.y >= b.y && p.y <= b.y + b.height;

export class ServicesView {
  readonly root: Locator;
  readonly packetDots: Locator;

  constructor(private readonly page: Page) {
    this.root = page.getByTestId('services-view');
    this.packetDots = this.root.getByTestId('packet-dot');
  }

  service(namespace: string, name: string): Locator {
    return this.root.getByTestId(`svc-${namespace}-${name}`);
  }

  /** The EndpointSlices of a Service (their names are the Service's name + "-" + 5 characters). */
  slices(namespace: string, service: string): Locator {
    return this.root.locator(`[data-testid^="slice-${namespace}-${service}-"]`);
  }

  slice(namespace: string, name: string): Locator {
    return this.root.getByTestId(`slice-${namespace}-${name}`);
  }

  endpoints(namespace: string, name: string): Locator {
    return this.root.getByTestId(`endpoints-${namespace}-${name}`);
  }

  /** Pod elements whose name starts with `prefix` (e.g. "auth-service-"). */
  pods(namespace: string, prefix: string): Locator {
    return this.root.locator(`[data-testid^="pod-${namespace}-${prefix}"]`);
  }

  pod(namespace: string, name: string): Locator {
    return this.root.getByTestId(`pod-${namespace}-${name}`);
  }

  nodeGroup(node: string): Locator {
    return this.root.getByTestId(`node-group-${node}`);
  }

  /** data-count of each slice of the Service, sorted descending (e.g. [100, 100, 50]). */
  async sliceCounts(namespace: string, service: string): Promise<number[]> {
    const counts = await this.slices(namespace, service).evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-count'))));
    return counts.sort((a, b) => b - a);
  }

  /** Names (testid without "slice-<ns>-") of the slices with data-pulsing="true". */
  async pulsingSlices(namespace: string, service: string): Promise<string[]> {
    const prefix = `slice-${namespace}-`;
    return this.slices(namespace, service).evaluateAll(
      (els, p) => els.filter((e) => e.getAttribute('data-pulsing') === 'true').map((e) => e.getAttribute('data-testid')!.slice(p.length)),
      prefix,
    );
  }

  /** For each pod element with the prefix: the node group whose box holds the pod's centre. */
  async podPlacement(namespace: string, prefix: string, nodes: string[]): Promise<Record<string, string | undefined>> {
    const groups: [string, Box][] = [];
    for (const n of nodes) {
      const box = await this.nodeGroup(n).boundingBox();
      if (box) groups.push([n, box]);
    }
    const out: Record<string, string | undefined> = {};
    for (const pod of await this.pods(namespace, prefix).all()) {
      const id = (await pod.getAttribute('data-testid'))!.slice(`pod-${namespace}-`.length);
      const box = await pod.boundingBox();
      out[id] = box ? groups.find(([, g]) => inside(centre(box), g))?.[0] : undefined;
    }
    return out;
  }

  async waitVisible(): Promise<void> {
    await expect(this.root).toBeVisible();
  }
}
