// The terminal panel: the engine's shell in xterm. xterm loads with this panel's chunk on
// first use; keys go to the line editor, lines to the worker's shell (SimApi.execute), and a
// running watch's output arrives with the frame batches.

import { useEffect, useRef, useState } from 'react';
import { onTerminalInput, onTerminalOutput } from '../store/terminalBus.ts';
import { useStore } from '../store/index.ts';
import type { StoreState } from '../store/types.ts';
import type { AsyncSimApi } from '../../worker/contract.ts';
import type { MountedTerminal } from './xtermAdapter.ts';
import './terminal.css';

/** The shell, once the worker is connected and the simulation has started. */
function whenReady(): Promise<AsyncSimApi> {
  const ready = (s: StoreState) => (s.api && s.sim.snapshot ? s.api : undefined);
  const now = ready(useStore.getState());
  if (now) return Promise.resolve(now);
  return new Promise((resolve) => {
    const off = useStore.subscribe((s) => {
      const api = ready(s);
      if (!api) return;
      off();
      resolve(api);
    });
  });
}

/** A new simulation (reset, another scenario or seed): virtual time went back, or the scenario changed. */
function onRestart(fn: () => void): () => void {
  return useStore.subscribe((s, prev) => {
    if (s.sim.now < prev.sim.now || s.ui.scenario !== prev.ui.scenario || s.ui.seed !== prev.ui.seed) fn();
  });
}

/** e2e: window.__proxyscope.terminalText() (CONTRACTS.md "Test hooks"), where the hook exists. */
function exposeText(mounted: MountedTerminal | undefined): void {
  const hook = (window as { __proxyscope?: Record<string, unknown> }).__proxyscope;
  if (!hook) return;
  if (mounted) hook['terminalText'] = (all?: boolean | 'all') => mounted.text(all === true || all === 'all');
  else delete hook['terminalText'];
}

export function TerminalPanel() {
  const host = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string>();

  useEffect(() => {
    let cancelled = false;
    let mounted: MountedTerminal | undefined;
    import('./xtermAdapter.ts')
      .then(({ mountTerminal }) => {
        if (cancelled || !host.current) return;
        mounted = mountTerminal(host.current, {
          shell: whenReady,
          onOutput: onTerminalOutput,
          onStatus: (terminal) => useStore.setState({ terminal }),
          onRestart,
          onInput: onTerminalInput,
        });
        exposeText(mounted);
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
    return () => {
      cancelled = true;
      mounted?.dispose();
      exposeText(undefined);
    };
  }, []);

  if (error) {
    return (
      <div className="ps-terminal-error" role="alert">
        The terminal could not load: {error}
      </div>
    );
  }
  return <div ref={host} className="ps-terminal" data-testid="terminal" role="region" aria-label="Terminal" />;
}
