/// <reference types="vite/client" />
// The bundled demos (content/demos/*.yaml), parsed when the page loads: a bad file throws
// (and demoFormat.test.ts fails on it first, naming the file and field).
import { parseDemos, type Demo } from './demoFormat.ts';

const files = import.meta.glob('../../../content/demos/*.yaml', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
const scenarioFiles = import.meta.glob('../../../content/scenarios/*.yaml', { query: '?raw', import: 'default', eager: false });
const scenarioIds = Object.keys(scenarioFiles).map((p) => p.slice(p.lastIndexOf('/') + 1).replace(/\.yaml$/, ''));

export const DEMOS: Demo[] = parseDemos(files, scenarioIds);

export function findDemo(id: string): Demo | undefined {
  return DEMOS.find((d) => d.id === id);
}
