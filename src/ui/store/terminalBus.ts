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

// Text for the terminal to take as if typed (lesson chips): the mounted terminal listens.
type InputListener = (text: string) => void;
const inputs = new Set<InputListener>();

export function onTerminalInput(fn: InputListener): () => void {
  inputs.add(fn);
  return () => {
    inputs.delete(fn);
  };
}

/**
 * Types `command` at the prompt and presses Enter, as the learner would: a running watch is
 * stopped first (Ctrl-C) and what was typed on the line is cleared (Ctrl-E, Ctrl-U). False
 * when no terminal is listening.
 */
export function typeInTerminal(command: string, running = false): boolean {
  if (inputs.size === 0) return false;
  const keys = `${running ? '\x03' : ''}\x05\x15${command}\r`;
  for (const fn of inputs) fn(keys);
  return true;
}
