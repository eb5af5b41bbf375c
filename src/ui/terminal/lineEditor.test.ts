import { describe, expect, it } from 'vitest';
import { parseKeys } from './keys.ts';
import { applyCompletion, continueLine, createEditor, formatColumns, press, ready, resize, running, toTerminal, type Effect, type EditorState } from './lineEditor.ts';

const LEFT = '\x1b[D';
const RIGHT = '\x1b[C';
const UP = '\x1b[A';
const DOWN = '\x1b[B';
const HOME = '\x1b[H';
const END = '\x1b[F';
const DEL = '\x1b[3~';
const BS = '\x7f';

/** Feeds xterm data through the editor; returns the final state, everything written, the effects. */
function type(state: EditorState, data: string): { state: EditorState; write: string; effects: Effect[] } {
  let write = '';
  const effects: Effect[] = [];
  for (const key of parseKeys(data)) {
    const step = press(state, key);
    state = step.state;
    write += step.write;
    if (step.effect) effects.push(step.effect);
  }
  return { state, write, effects };
}

const fresh = (history: string[] = [], cols = 80) => createEditor({ prompt: '$ ', cols, history });
const line = (s: EditorState) => [s.buffer, s.cursor];

describe('keys', () => {
  it('splits xterm data into keys: text runs, escape sequences, control characters', () => {
    expect(parseKeys('kubectl\x1b[D\x1b[1;5C\x1bOH\x1b[3~\x01\x7f\t\x1bb')).toEqual([
      { kind: 'text', text: 'kubectl' },
      { kind: 'left' },
      { kind: 'wordRight' },
      { kind: 'home' },
      { kind: 'delete' },
      { kind: 'ctrl', key: 'a' },
      { kind: 'backspace' },
      { kind: 'tab' },
      { kind: 'wordLeft' },
    ]);
  });

  it('a pasted text: its line ends (LF, CR, CR LF) are Enter keys', () => {
    expect(parseKeys('echo a\r\necho b\necho c\r')).toEqual([
      { kind: 'text', text: 'echo a' },
      { kind: 'enter' },
      { kind: 'text', text: 'echo b' },
      { kind: 'enter' },
      { kind: 'text', text: 'echo c' },
      { kind: 'enter' },
    ]);
  });
});

describe('line editing', () => {
  it('typing at the end writes just the characters', () => {
    const r = type(fresh(), 'kubectl get');
    expect(r.write).toBe('kubectl get');
    expect(line(r.state)).toEqual(['kubectl get', 11]);
  });

  it('inserting in the middle rewrites the line and puts the cursor back', () => {
    const r0 = type(fresh(), 'kubectl gt' + LEFT);
    const r = type(r0.state, 'e');
    expect(line(r.state)).toEqual(['kubectl get', 10]);
    expect(r.write).toBe('\x1b[9D' + 'kubectl get' + '\x1b[J' + '\x1b[1D');
  });

  it('arrows, Home/End, Ctrl-A/E/B/F move the cursor', () => {
    const s = type(fresh(), 'abcd').state;
    expect(type(s, LEFT + LEFT)).toMatchObject({ write: '\x1b[1D\x1b[1D', state: { cursor: 2 } });
    expect(type(s, HOME).write).toBe('\x1b[4D');
    expect(type(s, '\x01').state.cursor).toBe(0);
    expect(type(s, HOME + END)).toMatchObject({ write: '\x1b[4D\x1b[4C', state: { cursor: 4 } });
    expect(type(s, '\x01\x05').state.cursor).toBe(4);
    expect(type(s, '\x02\x02\x06').state.cursor).toBe(3);
    expect(type(s, RIGHT).write).toBe('');
  });

  it('backspace and delete', () => {
    const s = type(fresh(), 'abcd' + LEFT + LEFT).state;
    expect(line(type(s, BS).state)).toEqual(['acd', 1]);
    expect(line(type(s, DEL).state)).toEqual(['abd', 2]);
    expect(type(type(s, HOME).state, BS).write).toBe('');
    expect(type(type(s, END).state, BS).write).toBe('\x1b[4D' + 'abc' + '\x1b[J');
  });

  it('Ctrl-U kills to the start, Ctrl-K to the end, Ctrl-W the word before; Ctrl-Y yanks it back', () => {
    const s = type(fresh(), 'kubectl get pods' + LEFT.repeat(5)).state;
    expect(line(type(s, '\x15').state)).toEqual([' pods', 0]);
    expect(line(type(s, '\x0b').state)).toEqual(['kubectl get', 11]);
    expect(line(type(s, '\x17').state)).toEqual(['kubectl  pods', 8]);
    expect(line(type(s, '\x17\x17').state)).toEqual([' pods', 0]);
    expect(line(type(s, '\x15\x05\x19').state)).toEqual([' podskubectl get', 16]);
  });

  it('word moves stop at punctuation (Alt-B/F, Ctrl-arrows); Alt-Backspace kills a word', () => {
    const s = type(fresh(), 'kubectl scale deploy/auth-service').state;
    expect(type(s, '\x1bb').state.cursor).toBe(26);
    expect(type(s, '\x1bb\x1bb\x1b[1;5D').state.cursor).toBe(14);
    expect(type(s, '\x01\x1b[1;5C').state.cursor).toBe(7);
    expect(line(type(s, '\x1b\x7f').state)).toEqual(['kubectl scale deploy/auth-', 26]);
  });

  it('a line wider than the terminal wraps: moves cross rows', () => {
    // 10 columns, "$ " then 8 characters fill the first row: the cursor is put on the next row.
    const r = type(fresh([], 10), 'abcdefgh');
    expect(r.write).toBe('abcdefgh \r\x1b[K');
    expect(type(r.state, LEFT).write).toBe('\x1b[1A\x1b[9C');
    const long = type(fresh([], 10), 'abcdefghijkl');
    expect(type(long.state, HOME).write).toBe('\x1b[1A\x1b[2D');
    expect(type(type(long.state, HOME).state, END).write).toBe('\x1b[1B\x1b[2C');
    expect(type(type(long.state, HOME).state, 'X').write).toBe('Xabcdefghijkl\x1b[J\x1b[1A\x1b[2D');
  });
});

describe('history', () => {
  it('Up/Down walk the history; the line being typed is kept as the draft', () => {
    const s = type(fresh(['kubectl get pods', 'kubectl get svc']), 'kub').state;
    const up1 = type(s, UP);
    expect(line(up1.state)).toEqual(['kubectl get svc', 15]);
    // It extends what was typed: only the rest is written.
    expect(up1.write).toBe('ectl get svc');
    expect(type(up1.state, UP).write).toBe('\x1b[15D' + 'kubectl get pods' + '\x1b[J');
    expect(type(s, UP + UP).state.buffer).toBe('kubectl get pods');
    expect(type(s, UP + UP + UP).state.buffer).toBe('kubectl get pods');
    expect(line(type(s, UP + UP + DOWN + DOWN).state)).toEqual(['kub', 3]);
    expect(type(s, DOWN).write).toBe('');
    expect(type(s, '\x10').state.buffer).toBe('kubectl get svc');
    expect(type(s, '\x10\x0e').state.buffer).toBe('kub');
  });

  it('Enter records the line (not blank ones, not a repeat of the last) and submits it', () => {
    const r = type(fresh(['kubectl get pods']), 'echo hi' + LEFT + LEFT + '\r');
    expect(r.write).toBe('echo hi\x1b[1D\x1b[1D\x1b[2C\r\n');
    expect(r.effects).toEqual([{ kind: 'submit', text: 'echo hi' }]);
    expect(r.state.history).toEqual(['kubectl get pods', 'echo hi']);
    expect(r.state.mode).toBe('wait');
    const again = type(ready(r.state, '$ ').state, 'echo hi\r');
    expect(again.state.history).toEqual(['kubectl get pods', 'echo hi']);
    expect(type(ready(again.state, '$ ').state, '  \r').state.history).toEqual(['kubectl get pods', 'echo hi']);
  });

  it('keeps at most 500 lines', () => {
    const many = Array.from({ length: 600 }, (_, i) => `echo ${i}`);
    const s = fresh(many);
    expect(s.history.length).toBe(500);
    expect(s.history[0]).toBe('echo 100');
    expect(type(s, 'x\r').state.history.at(-1)).toBe('x');
    expect(type(s, 'x\r').state.history.length).toBe(500);
  });
});

describe('running lines', () => {
  it('an incomplete command continues with PS2; Enter then submits all its lines', () => {
    const r = type(fresh(), "echo 'a\r");
    expect(r.effects).toEqual([{ kind: 'submit', text: "echo 'a" }]);
    const more = continueLine(r.state);
    expect(more.write).toBe('> ');
    const done = type(more.state, "b'\r");
    expect(done.effects).toEqual([{ kind: 'submit', text: "echo 'a\nb'" }]);
    const next = ready(done.state, '$ ');
    expect(next).toMatchObject({ write: '$ ', state: { pending: [], buffer: '', mode: 'edit', origin: 2 } });
  });

  it('while waiting for the engine keys do nothing; while a command runs only Ctrl-C does', () => {
    const waiting = type(fresh(), 'kubectl get pods -w\r').state;
    expect(type(waiting, 'abc\x03')).toMatchObject({ write: '', effects: [] });
    const run = running(waiting);
    expect(type(run, 'abc\r\x03')).toMatchObject({ write: '', effects: [{ kind: 'interrupt' }] });
    // kubectl prints nothing more; the tty echoed ^C: the prompt follows on that line.
    expect(ready(run, '$ ', 2)).toMatchObject({ write: '$ ', state: { origin: 4, mode: 'edit' } });
  });

  it('Ctrl-C while editing drops the line (and pending lines): ^C, a new line, the prompt', () => {
    const s = continueLine(type(fresh(), "echo 'a\r").state).state;
    const r = type(s, 'bc' + LEFT + '\x03');
    expect(r.write).toBe('bc\x1b[1D\x1b[1C^C\r\n$ ');
    expect(r.effects).toEqual([{ kind: 'cancel' }]);
    expect(r.state).toMatchObject({ buffer: '', pending: [], origin: 2, mode: 'edit' });
  });

  it('Ctrl-D on an empty line is end of input, else it deletes', () => {
    expect(type(fresh(), '\x04').effects).toEqual([{ kind: 'eof' }]);
    expect(line(type(fresh(), 'ab\x01\x04').state)).toEqual(['b', 0]);
  });

  it('Ctrl-L clears the screen and shows the prompt and the line at the top', () => {
    const r = type(fresh(), 'kubectl' + LEFT + '\x0c');
    expect(r.write).toBe('kubectl\x1b[1D\x1b[H\x1b[2J$ kubectl\x1b[1D');
  });

  it('output for xterm has CR LF line ends', () => {
    expect(toTerminal('a\nb\r\nc')).toBe('a\r\nb\r\nc');
  });

  it('a resize re-derives where the input starts from the cursor column', () => {
    const s = type(fresh([], 80), 'abcd' + LEFT).state;
    expect(resize(s, 40, 5)).toMatchObject({ cols: 40, origin: 2 });
  });
});

describe('tab completion', () => {
  it('one candidate completes the word and adds a space', () => {
    const s = type(fresh(), 'kubectl sc').state;
    const tab = type(s, '\t');
    expect(tab.effects).toEqual([{ kind: 'complete', line: 'kubectl sc', cursor: 10, again: false }]);
    const r = applyCompletion(tab.state, 8, ['scale'], false);
    expect(r.write).toBe('ale ');
    expect(line(r.state)).toEqual(['kubectl scale ', 14]);
  });

  it('in the middle of a line, and no space after a directory', () => {
    const s = type(fresh(), 'cat /e foo' + LEFT.repeat(4)).state;
    const r = applyCompletion(s, 4, ['/etc/'], false);
    expect(line(r.state)).toEqual(['cat /etc/ foo', 9]);
  });

  it('several: first the common prefix; when it cannot grow, a second Tab lists them', () => {
    const s = type(fresh(), 'kubectl get deploy a').state;
    const grow = applyCompletion(s, 19, ['auth-a', 'auth-b'], false);
    expect(line(grow.state)).toEqual(['kubectl get deploy auth-', 24]);
    const t1 = type(grow.state, '\t');
    expect(t1.effects).toEqual([{ kind: 'complete', line: 'kubectl get deploy auth-', cursor: 24, again: true }]);
    // A Tab after other keys is a first Tab again: the bell.
    const first = type(type(grow.state, 'x' + BS).state, '\t');
    expect(first.effects[0]).toMatchObject({ again: false });
    expect(applyCompletion(first.state, 19, ['auth-a', 'auth-b'], false).write).toBe('\x07');
    const list = applyCompletion(t1.state, 19, ['auth-a', 'auth-b'], true);
    expect(list.write).toBe('\r\nauth-a  auth-b\r\n$ kubectl get deploy auth-');
    expect(list.state.buffer).toBe('kubectl get deploy auth-');
  });

  it('no candidate: the bell', () => {
    expect(applyCompletion(type(fresh(), 'foo').state, 0, [], false)).toMatchObject({ write: '\x07' });
  });

  it('the list goes down columns as wide as the longest + 2 (readline)', () => {
    const words = ['annotate', 'api-resources', 'apply', 'cluster-info', 'cordon', 'create', 'delete', 'describe'];
    expect(formatColumns(words, 40)).toBe('annotate       cordon\r\napi-resources  create\r\napply          delete\r\ncluster-info   describe\r\n');
    expect(formatColumns(['a', 'b', 'c'], 80)).toBe('a  b  c\r\n');
  });
});
