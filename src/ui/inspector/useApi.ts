// Asking the worker for what the Inspector shows, and asking again (at most every `ms` of real
// time) while the simulation changes — counters and YAML move as the cluster runs.
import { useEffect, useRef, useState } from 'react';
import type { AsyncSimApi } from '../../worker/contract.ts';
import { useStore } from '../store/index.ts';

/** A value that changes whenever the simulation reported anything (snapshot or events), throttled. */
export function useChangeTick(ms = 500): number {
  const signal = useStore((s) => `${s.sim.snapshot?.version ?? 0}:${s.sim.events[s.sim.events.length - 1]?.seq ?? 0}`);
  const [tick, setTick] = useState(0);
  const last = useRef(0);
  useEffect(() => {
    const wait = Math.max(0, last.current + ms - performance.now());
    const timer = setTimeout(() => {
      last.current = performance.now();
      setTick((t) => t + 1);
    }, wait);
    return () => clearTimeout(timer);
  }, [signal, ms]);
  return tick;
}

export interface Query<T> {
  data?: T;
  error?: string;
  /** The first answer for this identity has not arrived yet. */
  loading: boolean;
}

/**
 * Runs `fetch` when `identity` changes (clearing the old answer) and again on every `tick`
 * (keeping the old answer on screen until the new one arrives, so nothing flickers).
 */
export function useApiQuery<T>(identity: string, fetch: (api: AsyncSimApi) => Promise<T>, tick: number): Query<T> {
  const api = useStore((s) => s.api);
  const [state, setState] = useState<{ identity: string; data?: T; error?: string }>({ identity });
  const fetchRef = useRef(fetch);
  fetchRef.current = fetch;
  useEffect(() => {
    if (!api) return;
    let live = true;
    fetchRef.current(api).then(
      (data) => live && setState({ identity, data }),
      (err: unknown) => live && setState({ identity, error: err instanceof Error ? err.message : String(err) }),
    );
    return () => {
      live = false;
    };
  }, [api, identity, tick]);
  if (state.identity !== identity) return { loading: true };
  return { data: state.data, error: state.error, loading: state.data === undefined && state.error === undefined };
}
