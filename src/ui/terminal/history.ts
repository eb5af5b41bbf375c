// The terminal's command history, kept across reloads in localStorage (at most 500 lines).

import { HISTORY_LIMIT } from './lineEditor.ts';

export const HISTORY_KEY = 'proxyscope.history';

export function loadHistory(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): string[] {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(HISTORY_KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((l): l is string => typeof l === 'string').slice(-HISTORY_LIMIT) : [];
  } catch {
    // Unreadable or blocked storage: start without history.
    return [];
  }
}

export function saveHistory(history: string[], storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage): void {
  try {
    storage?.setItem(HISTORY_KEY, JSON.stringify(history.slice(-HISTORY_LIMIT)));
  } catch {
    // Full or blocked storage (private mode): the history lives for this page only.
  }
}
