/// <reference types="vite/client" />
// The scenario files (content/scenarios/*.yaml), bundled as text by Vite. Ids are the file
// names; "default" comes first. The engine never imports this: it takes scenario text.

import { loadScenario } from '../engine/index.ts';
import type { ScenarioInfo } from './contract.ts';

const files = import.meta.glob('../../content/scenarios/*.yaml', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

/** id → file text. */
export const SCENARIO_FILES: Record<string, string> = Object.fromEntries(
  Object.entries(files).map(([path, text]) => [path.slice(path.lastIndexOf('/') + 1).replace(/\.yaml$/, ''), text]),
);

/** Scenario ids in menu order: "default" first, then by id. */
export function scenarioIds(texts: Record<string, string>): string[] {
  return Object.keys(texts).sort((a, b) => (a === 'default' ? -1 : b === 'default' ? 1 : a < b ? -1 : a > b ? 1 : 0));
}

export function scenarioInfos(texts: Record<string, string>): ScenarioInfo[] {
  return scenarioIds(texts).flatMap((id) => {
    const loaded = loadScenario(texts[id]!);
    return loaded.ok ? [{ id, name: loaded.scenario.name, description: loaded.scenario.description }] : [];
  });
}
