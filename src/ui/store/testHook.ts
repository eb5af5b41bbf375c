// window.__proxyscope: the e2e hook (CONTRACTS.md "Test hooks"). Present in dev and test
// builds, and always with ?test=1. Others add to it (the terminal adds terminalText()).
import type { AsyncSimApi } from '../../worker/contract.ts';
import type { Store } from './store.ts';

export interface ProxyscopeHook {
  store: Store;
  readonly api: AsyncSimApi | undefined;
  /** The terminal's screen text (set by the terminal panel). */
  terminalText?: () => string;
  [extra: string]: unknown;
}

declare global {
  interface Window {
    __proxyscope?: ProxyscopeHook;
  }
}

export function hookWanted(testFlag: boolean): boolean {
  return import.meta.env.DEV || import.meta.env.MODE === 'test' || testFlag;
}

export function installTestHook(store: Store): void {
  const hook = (window.__proxyscope ?? {}) as ProxyscopeHook;
  Object.defineProperty(hook, 'store', { value: store, enumerable: true, configurable: true });
  Object.defineProperty(hook, 'api', { get: () => store.getState().api, enumerable: true, configurable: true });
  window.__proxyscope = hook;
}
