// The store's public face: import from here.
export { useStore, type Store } from './store.ts';
export type { Pulse, Selection, SimState, StoreState, TerminalState, Theme, UiState, ViewName } from './types.ts';
export * from './actions.ts';
export { onTerminalOutput, type TerminalChunk } from './terminalBus.ts';
export { PANEL_MS, useThrottledStore } from './throttle.ts';
