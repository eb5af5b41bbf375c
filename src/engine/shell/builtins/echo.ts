// echo: -n (no newline), -e (backslash escapes), -E; options only while every letter is one
// of n, e, E; the first other word starts the text.

import { decodeEscape } from '../lexer.ts';
import { BUILTIN_HELP } from './help-texts.ts';
import type { Builtin } from './types.ts';

export const echo: Builtin = {
  name: 'echo',
  summary: 'Write arguments to the standard output.',
  help: BUILTIN_HELP['echo'],
  run(ctx) {
    let newline = true;
    let escapes = false;
    let i = 0;
    for (; i < ctx.args.length; i++) {
      const a = ctx.args[i] as string;
      if (!/^-[neE]+$/.test(a)) break;
      for (const c of a.slice(1)) {
        if (c === 'n') newline = false;
        else if (c === 'e') escapes = true;
        else escapes = false;
      }
    }
    let text = ctx.args.slice(i).join(' ');
    if (escapes) {
      const decoded = interpretEscapes(text);
      text = decoded.text;
      if (decoded.stop) newline = false;
    }
    ctx.out(text + (newline ? '\n' : ''));
    return 0;
  },
};

/** `echo -e` escapes; `\c` stops all further output. */
export function interpretEscapes(s: string): { text: string; stop: boolean } {
  let text = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '\\' || i + 1 >= s.length) {
      text += s[i];
      continue;
    }
    const esc = decodeEscape(s, i + 1, false);
    if (esc.stop) return { text, stop: true };
    text += esc.text;
    i = esc.end - 1;
  }
  return { text, stop: false };
}
