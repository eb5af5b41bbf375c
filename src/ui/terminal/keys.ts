// What xterm's onData hands over, split into keys: escape sequences (arrows, Home/End,
// Delete, Alt+key), control characters, Enter, and runs of printable text (a paste arrives as
// one string: its line ends become Enter keys so it runs line by line).

export type Key =
  | { kind: 'text'; text: string }
  | { kind: 'enter' }
  | { kind: 'tab' }
  | { kind: 'backspace' }
  | { kind: 'delete' }
  | { kind: 'left' | 'right' | 'up' | 'down' | 'home' | 'end' }
  | { kind: 'wordLeft' | 'wordRight' | 'killWordBack' | 'killWordForward' }
  /** Ctrl+letter, lower case: 'a' for Ctrl-A. */
  | { kind: 'ctrl'; key: string }
  | { kind: 'other'; seq: string };

const CSI: Record<string, Key> = {
  A: { kind: 'up' },
  B: { kind: 'down' },
  C: { kind: 'right' },
  D: { kind: 'left' },
  H: { kind: 'home' },
  F: { kind: 'end' },
  '1~': { kind: 'home' },
  '7~': { kind: 'home' },
  '4~': { kind: 'end' },
  '8~': { kind: 'end' },
  '3~': { kind: 'delete' },
  '1;5C': { kind: 'wordRight' },
  '1;5D': { kind: 'wordLeft' },
  '1;3C': { kind: 'wordRight' },
  '1;3D': { kind: 'wordLeft' },
};

const ALT: Record<string, Key> = {
  b: { kind: 'wordLeft' },
  f: { kind: 'wordRight' },
  d: { kind: 'killWordForward' },
  '\x7f': { kind: 'killWordBack' },
  '\b': { kind: 'killWordBack' },
};

function control(c: string): Key {
  switch (c) {
    case '\r':
    case '\n':
      return { kind: 'enter' };
    case '\t':
      return { kind: 'tab' };
    case '\x7f':
    case '\b':
      return { kind: 'backspace' };
    default: {
      const code = c.charCodeAt(0);
      if (code >= 1 && code <= 26) return { kind: 'ctrl', key: String.fromCharCode(code + 96) };
      return { kind: 'other', seq: c };
    }
  }
}

const isControl = (c: string): boolean => c < ' ' || c === '\x7f';

export function parseKeys(data: string): Key[] {
  const keys: Key[] = [];
  let i = 0;
  while (i < data.length) {
    const c = data[i]!;
    if (c === '\x1b') {
      const next = data[i + 1];
      if (next === '[') {
        const m = /^\x1b\[([0-9;]*)([\x40-\x7e])/.exec(data.slice(i));
        if (m) {
          // Modified arrows (Shift+Up: "1;2A") act as the plain key unless listed.
          keys.push(CSI[m[1]! + m[2]!] ?? CSI[m[2]!] ?? { kind: 'other', seq: m[0] });
          i += m[0].length;
          continue;
        }
      } else if (next === 'O' && i + 2 < data.length) {
        keys.push(CSI[data[i + 2]!] ?? { kind: 'other', seq: data.slice(i, i + 3) });
        i += 3;
        continue;
      } else if (next !== undefined) {
        keys.push(ALT[next] ?? { kind: 'other', seq: c + next });
        i += 2;
        continue;
      }
      keys.push({ kind: 'other', seq: c });
      i++;
      continue;
    }
    if (isControl(c)) {
      // "\r\n" from a pasted Windows text is one line end.
      if (c === '\r' && data[i + 1] === '\n') i++;
      keys.push(control(c));
      i++;
      continue;
    }
    let j = i;
    while (j < data.length && !isControl(data[j]!) && data[j] !== '\x1b') j++;
    keys.push({ kind: 'text', text: data.slice(i, j) });
    i = j;
  }
  return keys;
}
