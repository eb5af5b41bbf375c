// The terminal's line editor as a pure state machine (readline's emacs keys): a key and the
// state give the next state, the text to write to xterm (characters and cursor moves), and an
// effect the adapter carries out with the engine (run the line, complete a word, interrupt).
// Lines may wrap: positions are counted from the start of the prompt's row, `cols` wide.

import type { Key } from './keys.ts';

/** bash's PS2. */
export const CONTINUATION_PROMPT = '> ';

export interface EditorState {
  /** The shell's prompt (PS1); PS2 shows instead while `pending` holds earlier lines. */
  prompt: string;
  buffer: string;
  cursor: number;
  /** Earlier lines of a command the shell found incomplete (open quote, here-document…). */
  pending: string[];
  /** Oldest first. */
  history: string[];
  /** history.length: editing the draft, not a history line. */
  historyIndex: number;
  draft: string;
  cols: number;
  /** Column where the input starts, counted from the start of the prompt's row (it may pass `cols` when the prompt wrapped). */
  origin: number;
  /** edit: keys edit the line; wait: the engine is answering; run: a command keeps printing (only Ctrl-C counts). */
  mode: 'edit' | 'wait' | 'run';
  /** The last text killed (Ctrl-U/K/W), for Ctrl-Y. */
  kill: string;
  /** The previous key was Tab: another Tab lists the candidates. */
  tabbed: boolean;
}

export type Effect =
  /** Enter: the adapter asks whether `text` is a complete command (run it) or not (`continueLine`). */
  | { kind: 'submit'; text: string }
  /** Tab: the adapter asks the engine for candidates, then `applyCompletion`. */
  | { kind: 'complete'; line: string; cursor: number; again: boolean }
  /** Ctrl-C while editing: the line is gone; `$?` becomes 130. */
  | { kind: 'cancel' }
  /** Ctrl-C while a command runs: stop it. */
  | { kind: 'interrupt' }
  /** Ctrl-D on an empty line. */
  | { kind: 'eof' };

export interface Step {
  state: EditorState;
  write: string;
  effect?: Effect;
}

export const HISTORY_LIMIT = 500;

export function createEditor(opts: { prompt: string; cols: number; history?: string[]; origin?: number }): EditorState {
  const history = (opts.history ?? []).slice(-HISTORY_LIMIT);
  return {
    prompt: opts.prompt,
    buffer: '',
    cursor: 0,
    pending: [],
    history,
    historyIndex: history.length,
    draft: '',
    cols: Math.max(1, opts.cols),
    origin: opts.origin ?? opts.prompt.length,
    mode: 'edit',
    kill: '',
    tabbed: false,
  };
}

/** The prompt shown in front of the line being edited. */
export const shownPrompt = (s: EditorState): string => (s.pending.length > 0 ? CONTINUATION_PROMPT : s.prompt);

// ── Cursor arithmetic ────────────────────────────────────────────────────────────────────

/** Relative cursor moves between two positions (row-major, `cols` wide). */
export function moveCursor(from: number, to: number, cols: number): string {
  const fr = Math.floor(from / cols);
  const tr = Math.floor(to / cols);
  const fc = from % cols;
  const tc = to % cols;
  let out = '';
  if (tr < fr) out += `\x1b[${fr - tr}A`;
  else if (tr > fr) out += `\x1b[${tr - fr}B`;
  if (tc < fc) out += `\x1b[${fc - tc}D`;
  else if (tc > fc) out += `\x1b[${tc - fc}C`;
  return out;
}

/**
 * After writing up to the end of a row, xterm keeps the cursor on that row until the next
 * character ("pending wrap"); a space and a carriage return put it where the next row starts,
 * so relative moves stay right.
 */
const wrapFix = (end: number, cols: number): string => (end > 0 && end % cols === 0 ? ' \r' : '');

const at = (s: EditorState, i: number): number => s.origin + i;

/** Rewrites the input from its start and puts the cursor where `next` has it. */
export function redraw(prev: EditorState, next: EditorState): string {
  const end = at(next, next.buffer.length);
  return moveCursor(at(prev, prev.cursor), at(next, 0), next.cols) + next.buffer + wrapFix(end, next.cols) + '\x1b[J' + moveCursor(end, at(next, next.cursor), next.cols);
}

function update(prev: EditorState, patch: Partial<EditorState>): Step {
  const next = { ...prev, tabbed: false, ...patch };
  if (next.buffer === prev.buffer && next.cursor === prev.cursor) return { state: next, write: '' };
  // Typing at the end of the line: just the characters.
  if (prev.cursor === prev.buffer.length && next.cursor === next.buffer.length && next.buffer.startsWith(prev.buffer)) {
    const end = at(next, next.buffer.length);
    const fix = wrapFix(end, next.cols);
    return { state: next, write: next.buffer.slice(prev.buffer.length) + fix + (fix ? '\x1b[K' : '') };
  }
  if (next.buffer === prev.buffer) return { state: next, write: moveCursor(at(prev, prev.cursor), at(next, next.cursor), next.cols) };
  return { state: next, write: redraw(prev, next) };
}

// ── Words (readline: a word is letters and digits; unix-word-rubout stops at spaces) ──────

const isWordChar = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9]/.test(c);

function wordLeft(b: string, i: number): number {
  while (i > 0 && !isWordChar(b[i - 1])) i--;
  while (i > 0 && isWordChar(b[i - 1])) i--;
  return i;
}

function wordRight(b: string, i: number): number {
  while (i < b.length && !isWordChar(b[i])) i++;
  while (i < b.length && isWordChar(b[i])) i++;
  return i;
}

function spaceWordLeft(b: string, i: number): number {
  while (i > 0 && b[i - 1] === ' ') i--;
  while (i > 0 && b[i - 1] !== ' ') i--;
  return i;
}

// ── Keys ──────────────────────────────────────────────────────────────────────────────────

function insert(s: EditorState, text: string): Step {
  return update(s, { buffer: s.buffer.slice(0, s.cursor) + text + s.buffer.slice(s.cursor), cursor: s.cursor + text.length });
}

function killRange(s: EditorState, from: number, to: number): Step {
  if (from === to) return update(s, {});
  return update(s, { buffer: s.buffer.slice(0, from) + s.buffer.slice(to), cursor: from, kill: s.buffer.slice(from, to) });
}

function recall(s: EditorState, index: number): Step {
  if (index < 0 || index > s.history.length || index === s.historyIndex) return update(s, {});
  const draft = s.historyIndex === s.history.length ? s.buffer : s.draft;
  const buffer = index === s.history.length ? draft : s.history[index]!;
  return update(s, { historyIndex: index, draft, buffer, cursor: buffer.length });
}

/** Moves past the end of the input to the start of the next row. */
export const leaveLine = (s: EditorState): string => moveCursor(at(s, s.cursor), at(s, s.buffer.length), s.cols) + '\r\n';

function enter(s: EditorState): Step {
  const write = leaveLine(s);
  const line = s.buffer;
  const history = line.trim() === '' || s.history.at(-1) === line ? s.history : [...s.history, line].slice(-HISTORY_LIMIT);
  const text = [...s.pending, line].join('\n');
  const state: EditorState = { ...s, history, historyIndex: history.length, draft: '', cursor: line.length, mode: 'wait', tabbed: false };
  return { state, write, effect: { kind: 'submit', text } };
}

/** Ctrl-L: clear the screen, then the prompt and the line at the top. */
function clearScreen(s: EditorState): Step {
  const prompt = shownPrompt(s);
  const state = { ...s, origin: prompt.length, tabbed: false };
  const end = at(state, s.buffer.length);
  const write = '\x1b[H\x1b[2J' + prompt + s.buffer + wrapFix(end, s.cols) + moveCursor(end, at(state, s.cursor), s.cols);
  return { state, write };
}

export function press(s: EditorState, key: Key): Step {
  if (s.mode === 'run') return key.kind === 'ctrl' && key.key === 'c' ? { state: s, write: '', effect: { kind: 'interrupt' } } : { state: s, write: '' };
  if (s.mode === 'wait') return { state: s, write: '' };
  const b = s.buffer;
  const c = s.cursor;
  switch (key.kind) {
    case 'text':
      return insert(s, key.text);
    case 'enter':
      return enter(s);
    case 'tab':
      return { state: { ...s, tabbed: true }, write: '', effect: { kind: 'complete', line: b, cursor: c, again: s.tabbed } };
    case 'backspace':
      return c > 0 ? update(s, { buffer: b.slice(0, c - 1) + b.slice(c), cursor: c - 1 }) : update(s, {});
    case 'delete':
      return c < b.length ? update(s, { buffer: b.slice(0, c) + b.slice(c + 1) }) : update(s, {});
    case 'left':
      return update(s, { cursor: Math.max(0, c - 1) });
    case 'right':
      return update(s, { cursor: Math.min(b.length, c + 1) });
    case 'home':
      return update(s, { cursor: 0 });
    case 'end':
      return update(s, { cursor: b.length });
    case 'up':
      return recall(s, s.historyIndex - 1);
    case 'down':
      return recall(s, s.historyIndex + 1);
    case 'wordLeft':
      return update(s, { cursor: wordLeft(b, c) });
    case 'wordRight':
      return update(s, { cursor: wordRight(b, c) });
    case 'killWordBack':
      return killRange(s, wordLeft(b, c), c);
    case 'killWordForward':
      return killRange(s, c, wordRight(b, c));
    case 'ctrl':
      return ctrl(s, key.key);
    case 'other':
      return update(s, {});
  }
}

function ctrl(s: EditorState, k: string): Step {
  const b = s.buffer;
  const c = s.cursor;
  switch (k) {
    case 'a':
      return update(s, { cursor: 0 });
    case 'e':
      return update(s, { cursor: b.length });
    case 'b':
      return update(s, { cursor: Math.max(0, c - 1) });
    case 'f':
      return update(s, { cursor: Math.min(b.length, c + 1) });
    case 'h':
      return press(s, { kind: 'backspace' });
    case 'u':
      return killRange(s, 0, c);
    case 'k':
      return killRange(s, c, b.length);
    case 'w':
      return killRange(s, spaceWordLeft(b, c), c);
    case 'y':
      return s.kill ? insert(s, s.kill) : update(s, {});
    case 'p':
      return recall(s, s.historyIndex - 1);
    case 'n':
      return recall(s, s.historyIndex + 1);
    case 'l':
      return clearScreen(s);
    case 'd':
      if (b === '' && s.pending.length === 0) return { state: { ...s, tabbed: false }, write: '', effect: { kind: 'eof' } };
      return press(s, { kind: 'delete' });
    case 'c': {
      // bash: "^C" where the line ends, a new line, a fresh prompt; the line is dropped.
      const write = moveCursor(at(s, c), at(s, b.length), s.cols) + '^C\r\n' + s.prompt;
      const state: EditorState = { ...s, buffer: '', cursor: 0, pending: [], historyIndex: s.history.length, draft: '', origin: s.prompt.length, tabbed: false };
      return { state, write, effect: { kind: 'cancel' } };
    }
    default:
      return update(s, {});
  }
}

// ── After the engine answered ────────────────────────────────────────────────────────────

/** The command was incomplete: keep its lines and ask for more with PS2. */
export function continueLine(s: EditorState): Step {
  const state: EditorState = { ...s, pending: [...s.pending, s.buffer], buffer: '', cursor: 0, origin: CONTINUATION_PROMPT.length, mode: 'edit' };
  return { state, write: CONTINUATION_PROMPT };
}

/** The command keeps running (a watch): its output follows until Ctrl-C. */
export function running(s: EditorState): EditorState {
  return { ...s, mode: 'run' };
}

/**
 * The command ended: a fresh line with `prompt`. `column` is where the cursor stood after the
 * command's output (output need not end with a new line: `printf x`, kubectl after Ctrl-C).
 */
export function ready(s: EditorState, prompt: string, column = 0): Step {
  const origin = column + prompt.length;
  const state: EditorState = { ...s, prompt, buffer: '', cursor: 0, pending: [], draft: '', historyIndex: s.history.length, origin, mode: 'edit', tabbed: false };
  const fix = wrapFix(origin, s.cols);
  return { state, write: prompt + fix + (fix ? '\x1b[K' : '') };
}

/** The terminal changed width; `cursorColumn` is where xterm shows the cursor after reflowing. */
export function resize(s: EditorState, cols: number, cursorColumn: number): EditorState {
  const c = Math.max(1, cols);
  return { ...s, cols: c, origin: (((cursorColumn - s.cursor) % c) + c) % c };
}

// ── Completion ───────────────────────────────────────────────────────────────────────────

function commonPrefix(words: string[]): string {
  let p = words[0] ?? '';
  for (const w of words) while (!w.startsWith(p)) p = p.slice(0, -1);
  return p;
}

/**
 * readline's completion list: the candidates down columns as wide as the longest + 2, as many
 * columns as fit (rl_display_match_list).
 */
export function formatColumns(words: string[], cols: number): string {
  const max = Math.max(...words.map((w) => w.length)) + 2;
  let limit = Math.floor(cols / max);
  if (limit !== 1 && limit * max === cols) limit--;
  if (limit <= 0) limit = 1;
  const rows = Math.ceil(words.length / limit);
  let out = '';
  for (let i = 0; i < rows; i++) {
    let line = '';
    for (let j = 0; j < limit; j++) {
      const k = i + j * rows;
      if (k >= words.length) break;
      const w = words[k]!;
      line += j + 1 < limit && k + rows < words.length ? w.padEnd(max) : w;
    }
    out += line + '\r\n';
  }
  return out;
}

/**
 * The engine's candidates for the word that starts at `from`. One: it replaces the word, with
 * a space after it (not after a directory). Several: the word grows to their common prefix;
 * when it cannot, a second Tab lists them under the line, then the prompt and line again.
 */
export function applyCompletion(s: EditorState, from: number, candidates: string[], again: boolean): Step {
  const word = s.buffer.slice(from, s.cursor);
  const replace = (text: string): Step => {
    const step = update(s, { buffer: s.buffer.slice(0, from) + text + s.buffer.slice(s.cursor), cursor: from + text.length });
    return { ...step, state: { ...step.state, tabbed: true } };
  };
  if (candidates.length === 0) return { state: s, write: '\x07' };
  if (candidates.length === 1) {
    const only = candidates[0]!;
    const space = only.endsWith('/') || s.buffer[s.cursor] === ' ' ? '' : ' ';
    return replace(only + space);
  }
  const prefix = commonPrefix(candidates);
  if (prefix.length > word.length && prefix.startsWith(word)) return replace(prefix);
  if (!again) return { state: s, write: '\x07' };
  const prompt = shownPrompt(s);
  const list = moveCursor(at(s, s.cursor), at(s, s.buffer.length), s.cols) + '\r\n' + formatColumns(candidates, s.cols);
  const state: EditorState = { ...s, origin: prompt.length, tabbed: true };
  const end = at(state, s.buffer.length);
  return { state, write: list + prompt + s.buffer + wrapFix(end, s.cols) + moveCursor(end, at(state, s.cursor), s.cols) };
}

/** Output text for xterm: line ends as CR LF. */
export const toTerminal = (text: string): string => text.replace(/\r?\n/g, '\r\n');
