// The xterm.js side of the terminal: creates the Terminal in its host element, fits it to the
// panel, and connects keys and output to the controller. Loaded lazily by TerminalPanel.

import { FitAddon } from '@xterm/addon-fit';
import { Terminal, type IBuffer } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import type { TerminalChunk } from '../store/terminalBus.ts';
import { TerminalController, type ShellApi } from './controller.ts';
import { loadHistory, saveHistory } from './history.ts';
import { readFont, readTheme } from './theme.ts';

export interface MountOptions {
  shell: () => Promise<ShellApi>;
  /** Subscribes to what a running command prints; returns the unsubscribe. */
  onOutput: (fn: (chunk: TerminalChunk) => void) => () => void;
  onStatus?: (status: { prompt: string; running: boolean }) => void;
  /** Subscribes to restarts of the simulation (a new shell); returns the unsubscribe. */
  onRestart?: (fn: () => void) => () => void;
  /** Subscribes to text to take as if typed (lesson chips); returns the unsubscribe. */
  onInput?: (fn: (text: string) => void) => () => void;
}

export interface MountedTerminal {
  /** The screen's text (or the whole buffer with scrollback), soft-wrapped rows joined. */
  text(all?: boolean): string;
  focus(): void;
  dispose(): void;
}

/** Lines of the buffer from `start` to `end`, rows xterm wrapped joined back into one line. */
export function bufferText(buffer: IBuffer, start: number, end: number): string {
  const lines: string[] = [];
  for (let y = start; y < end; y++) {
    const line = buffer.getLine(y);
    if (!line) continue;
    const wrapsOn = buffer.getLine(y + 1)?.isWrapped ?? false;
    const text = line.translateToString(!wrapsOn);
    if (line.isWrapped && lines.length > 0 && y > start) lines[lines.length - 1] += text;
    else lines.push(text);
  }
  while (lines.length > 0 && lines.at(-1) === '') lines.pop();
  return lines.join('\n');
}

async function copy(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // No clipboard permission (plain http, old browser): the selection stays for the menu's Copy.
  }
}

export function mountTerminal(host: HTMLElement, opts: MountOptions): MountedTerminal {
  const term = new Terminal({
    fontFamily: readFont(host),
    fontSize: 13,
    lineHeight: 1.15,
    cursorBlink: true,
    scrollback: 5000,
    theme: readTheme(host),
  });
  const fit = new FitAddon();
  term.loadAddon(fit);
  term.open(host);
  const refit = () => {
    try {
      if (host.clientWidth > 0 && host.clientHeight > 0) fit.fit();
    } catch {
      // Not laid out yet (hidden panel): the next resize fits it.
    }
  };
  refit();

  const controller = new TerminalController({
    screen: {
      write: (data) => new Promise<void>((resolve) => term.write(data, resolve)),
      cursorColumn: () => term.buffer.active.cursorX,
      cols: () => term.cols,
    },
    shell: opts.shell,
    history: loadHistory(),
    saveHistory: (h) => saveHistory(h),
    ...(opts.onStatus ? { onStatus: opts.onStatus } : {}),
  });

  // Copy: Ctrl/Cmd+C (or Ctrl+Shift+C) with a selection copies instead of interrupting.
  // Paste: Ctrl/Cmd+V is left to the browser, whose paste event xterm turns into input.
  term.attachCustomKeyEventHandler((e) => {
    if (e.type !== 'keydown') return true;
    const mod = e.ctrlKey || e.metaKey;
    const key = e.key.toLowerCase();
    if (mod && key === 'c' && term.hasSelection()) {
      void copy(term.getSelection());
      term.clearSelection();
      e.preventDefault();
      return false;
    }
    if (mod && key === 'v') return false;
    return true;
  });

  const disposables = [term.onData((d) => void controller.input(d)), term.onResize(() => controller.resized())];
  const offOutput = opts.onOutput((chunk) => void controller.output(chunk));
  const offRestart = opts.onRestart?.(() => void controller.restarted());
  const offInput = opts.onInput?.((text) => {
    term.focus();
    void controller.input(text);
  });

  let frame = 0;
  const observer = new ResizeObserver(() => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(refit);
  });
  observer.observe(host);
  const themeWatch = new MutationObserver(() => {
    term.options.theme = readTheme(host);
  });
  themeWatch.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });

  void controller.start();

  return {
    text(all = false) {
      const b = term.buffer.active;
      return all ? bufferText(b, 0, b.length) : bufferText(b, b.viewportY, b.viewportY + term.rows);
    },
    focus: () => term.focus(),
    dispose() {
      cancelAnimationFrame(frame);
      observer.disconnect();
      themeWatch.disconnect();
      offOutput();
      offRestart?.();
      offInput?.();
      for (const d of disposables) d.dispose();
      term.dispose();
    },
  };
}
