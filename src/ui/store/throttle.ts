// A store selector for panels that need not follow every batch (the event list, the time strip):
// with traffic the bridge applies a batch every frame, and re-rendering those panels each time
// costs frames. The value follows the store at most once per `ms` (the first change after a quiet
// spell at once, later ones at the end of the window), so the newest state is always shown
// within `ms`. Selection and other user input stay on plain `useStore` (instant).
import { useEffect, useRef, useState } from 'react';
import { useStore } from './store.ts';
import type { StoreState } from './types.ts';

/** How often throttled panels follow the store: 5 updates a second. */
export const PANEL_MS = 200;

export function useThrottledStore<T>(selector: (s: StoreState) => T, ms = PANEL_MS): T {
  const [value, setValue] = useState(() => selector(useStore.getState()));
  const select = useRef(selector);
  select.current = selector;
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let last = -Infinity;
    const flush = () => {
      timer = undefined;
      last = performance.now();
      // The same value (Object.is) renders nothing.
      setValue(() => select.current(useStore.getState()));
    };
    flush(); // what changed between the first render and this effect
    const unsubscribe = useStore.subscribe((s, prev) => {
      if (timer !== undefined || Object.is(select.current(s), select.current(prev))) return;
      const wait = last + ms - performance.now();
      if (wait <= 0) flush();
      else timer = setTimeout(flush, wait);
    });
    return () => {
      unsubscribe();
      clearTimeout(timer);
    };
  }, [ms]);
  return value;
}
