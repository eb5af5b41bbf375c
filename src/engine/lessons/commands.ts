// Every simple command a line would run, found with the shell's own parser: the stages of
// pipelines, the commands of && || ; lists, of ( ) { } if for while case bodies, and of
// $( ) / backtick substitutions anywhere in a word. Command gating and the read-only rule of
// `output` checks look at these.

import type { Command, List, Word, WordPart } from '../shell/ast.ts';
import { Parser } from '../shell/parser.ts';

/** One simple command: its words as literal text (undefined where a word is computed). */
export interface SimpleWords {
  words: (string | undefined)[];
  /** The words as typed. */
  raw: string[];
}

export type CommandsResult = { ok: true; commands: SimpleWords[] } | { ok: false; error: string };

export function simpleCommands(line: string): CommandsResult {
  const out: SimpleWords[] = [];
  try {
    const parser = new Parser(line);
    for (let list = parser.parseCommandLine(); list !== null; list = parser.parseCommandLine()) walkList(list, out);
  } catch (e) {
    // The shell reports its own syntax errors when the line runs; here it only means "unknown".
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  return { ok: true, commands: out };
}

/** The word's text when it has no expansion (quotes removed), else undefined. */
export function literalText(w: Word): string | undefined {
  let s = '';
  for (const p of w.parts) {
    if (p.kind !== 'lit') return undefined;
    s += p.text;
  }
  return s;
}

function walkList(list: List, out: SimpleWords[]): void {
  for (const item of list.items) {
    for (const pipeline of [item.andOr.first, ...item.andOr.rest.map((r) => r.pipeline)]) {
      for (const cmd of pipeline.cmds) walkCommand(cmd, out);
    }
  }
}

function walkCommand(cmd: Command, out: SimpleWords[]): void {
  for (const r of cmd.redirs) walkWord(r.target, out);
  switch (cmd.kind) {
    case 'simple':
      for (const a of cmd.assigns) walkWord(a.value, out);
      for (const w of cmd.words) walkWord(w, out);
      if (cmd.words.length > 0) out.push({ words: cmd.words.map(literalText), raw: cmd.words.map((w) => w.raw) });
      return;
    case 'group':
    case 'subshell':
      return walkList(cmd.body, out);
    case 'for':
      for (const w of cmd.items ?? []) walkWord(w, out);
      return walkList(cmd.body, out);
    case 'while':
    case 'until':
      walkList(cmd.cond, out);
      return walkList(cmd.body, out);
    case 'if':
      for (const b of cmd.branches) {
        walkList(b.cond, out);
        walkList(b.body, out);
      }
      if (cmd.orElse) walkList(cmd.orElse, out);
      return;
    case 'case':
      walkWord(cmd.subject, out);
      for (const arm of cmd.arms) walkList(arm.body, out);
      return;
    case 'funcdef':
      return walkCommand(cmd.body, out);
    case 'arith':
      return walkWord(cmd.expr, out);
    case 'cond':
      return; // [[ ]] operands are words; substitutions in them are rare enough to skip
  }
}

function walkWord(w: Word, out: SimpleWords[]): void {
  for (const p of w.parts) walkPart(p, out);
}

function walkPart(p: WordPart, out: SimpleWords[]): void {
  if (p.kind === 'cmdsub') walkList(p.body, out);
  else if (p.kind === 'arith') walkWord(p.expr, out);
  else if (p.kind === 'param') {
    if (p.arg) walkWord(p.arg, out);
    if (p.arg2) walkWord(p.arg2, out);
  }
}
