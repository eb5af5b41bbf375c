// The chosen node's ChainsSnapshot from the worker: fetched when the node changes and again,
// at most 4 times a second, whenever the simulation reports anything (a sync for the node, new
// packets moving counters, a new world snapshot). Old data stays on screen until new arrives.

import { useEffect, useRef, useState } from 'react';
import type { ChainsSnapshot } from '../../engine/view/types.ts';
import { useStore } from '../store/index.ts';

const MIN_INTERVAL_MS = 250;

export function useChains(node: string): { chains?: ChainsSnapshot; error?: string } {
  const api = useStore((s) => s.api);
  // Anything new: the world snapshot's version or the newest event's sequence number.
  const signal = useStore((s) => `${s.sim.snapshot?.version ?? 0}:${s.sim.events[s.sim.events.length - 1]?.seq ?? 0}`);
  const [state, setState] = useState<{ node: string; chains?: ChainsSnapshot; error?: string }>({ node });
  const last = useRef(0);
  const seq = useRef(0);

  useEffect(() => {
    if (!api || !node) return;
    const run = () => {
      last.current = performance.now();
      const mine = ++seq.current;
      api.chains(node).then(
        (chains) => {
          // An answer to an older request (or for another node) is dropped.
          if (mine !== seq.current) return;
          setState((s) => (s.node === node && sameContent(s.chains, chains) ? s : { node, chains }));
        },
        (err: unknown) => {
          if (mine === seq.current) setState({ node, error: err instanceof Error ? err.message : String(err) });
        },
      );
    };
    // Anchored on the last fetch, so a stream of changes still fetches every MIN_INTERVAL_MS.
    const timer = setTimeout(run, Math.max(0, last.current + MIN_INTERVAL_MS - performance.now()));
    return () => clearTimeout(timer);
  }, [api, node, signal]);

  if (state.node !== node) return {};
  return { chains: state.chains, error: state.error };
}

/** Cheap check that nothing a view shows moved (rule counts and counters). */
function sameContent(a: ChainsSnapshot | undefined, b: ChainsSnapshot): boolean {
  if (!a || a.tables.length !== b.tables.length || a.lastSync?.at !== b.lastSync?.at) return false;
  for (let i = 0; i < a.tables.length; i++) {
    const ca = a.tables[i]!.chains;
    const cb = b.tables[i]!.chains;
    if (ca.length !== cb.length) return false;
    for (let j = 0; j < ca.length; j++) {
      const x = ca[j]!;
      const y = cb[j]!;
      if (x.name !== y.name || x.packets !== y.packets || x.rules.length !== y.rules.length) return false;
      for (let k = 0; k < x.rules.length; k++) if (x.rules[k]!.packets !== y.rules[k]!.packets || x.rules[k]!.text !== y.rules[k]!.text) return false;
    }
  }
  return true;
}
