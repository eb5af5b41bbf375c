// xterm's colours from the page's theme tokens (styles/theme.css through terminal.css), read
// again whenever <html data-theme> changes.

import type { ITheme } from '@xterm/xterm';

const VARS: Partial<Record<keyof ITheme, string>> = {
  background: '--ps-term-bg',
  foreground: '--ps-term-fg',
  cursor: '--ps-term-cursor',
  cursorAccent: '--ps-term-bg',
  selectionBackground: '--ps-term-selection',
  black: '--ps-term-black',
  red: '--ps-term-red',
  green: '--ps-term-green',
  yellow: '--ps-term-yellow',
  blue: '--ps-term-blue',
  magenta: '--ps-term-magenta',
  cyan: '--ps-term-cyan',
  white: '--ps-term-white',
  brightBlack: '--ps-term-bright-black',
  brightWhite: '--ps-term-bright-white',
};

export function readTheme(el: Element): ITheme {
  const style = getComputedStyle(el);
  const theme: Record<string, string> = {};
  for (const [key, name] of Object.entries(VARS)) {
    const value = name ? style.getPropertyValue(name).trim() : '';
    if (value) theme[key] = value;
  }
  return theme as ITheme;
}

export function readFont(el: Element): string {
  return getComputedStyle(el).getPropertyValue('--ps-mono').trim() || 'monospace';
}
