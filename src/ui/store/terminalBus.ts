// Output a still-running terminal command printed (SimBatch.terminal), forwarded from the
// bridge to whoever renders the terminal. Not stored: the terminal writes it straight to xterm.
export interface TerminalChunk {
  text: string;
  running: boolean;
  prompt: string;
}

type Listener = (chunk: TerminalChunk) => void;
const listeners = new Set<Listener>();

/** Registers a listener; returns the function that removes it. */
export function onTerminalOutput(fn: Listener): () => void {
  listeners.add(fn);
  return () => {
    listeners.delete(fn);
  };
}

export function emitTerminalOutput(chunk: TerminalChunk): void {
  for (const fn of listeners) fn(chunk);
}
