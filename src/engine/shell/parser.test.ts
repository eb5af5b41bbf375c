import { describe, expect, it } from 'vitest';
import type { Command, List, Word } from './ast.ts';
import { ParseError } from './lexer.ts';
import { Parser } from './parser.ts';
import { CommandRegistry } from './registry.ts';

function parseAll(src: string): List[] {
  const p = new Parser(src);
  const out: List[] = [];
  for (let l = p.parseCommandLine(); l; l = p.parseCommandLine()) out.push(l);
  return out;
}

const first = (src: string): Command => parseAll(src)[0]?.items[0]?.andOr.first.cmds[0] as Command;
const raw = (words: Word[]): string[] => words.map((w) => w.raw);

function errorOf(src: string): { lines: string[]; incomplete: boolean } {
  try {
    parseAll(src);
  } catch (e) {
    if (e instanceof ParseError) return { lines: e.lines, incomplete: e.incomplete };
    throw e;
  }
  throw new Error('no error');
}

describe('parser', () => {
  it('splits a line into and-or lists of pipelines', () => {
    const [list] = parseAll('a | b && c || d; e &');
    expect(list?.items.map((i) => [i.andOr.first.cmds.length, i.andOr.rest.map((r) => r.op), i.background])).toEqual([
      [2, ['&&', '||'], false],
      [1, [], true],
    ]);
  });

  it('keeps words as typed and separates assignments and redirections', () => {
    const cmd = first("A=1 B+=x echo 'a b' \"$X\" 2>&1 >out <in");
    expect(cmd.kind).toBe('simple');
    if (cmd.kind !== 'simple') return;
    expect(cmd.assigns.map((a) => [a.name, a.append, a.value.raw])).toEqual([
      ['A', false, '1'],
      ['B', true, 'x'],
    ]);
    expect(raw(cmd.words)).toEqual(['echo', "'a b'", '"$X"']);
    expect(cmd.redirs.map((r) => [r.fd, r.op, r.target.raw])).toEqual([
      [2, '>&', '1'],
      [null, '>', 'out'],
      [null, '<', 'in'],
    ]);
  });

  it('reads here-document bodies after the line, with quoting and tab stripping', () => {
    const cmd = first("cat <<A <<-'B'\nline $x\nA\n\tkept $y\n\tB\n");
    if (cmd.kind !== 'simple') throw new Error('simple expected');
    const [a, b] = cmd.redirs;
    expect(a?.heredoc).toMatchObject({ delim: 'A', quoted: false, strip: false });
    expect(a?.heredoc?.body?.parts.map((p) => p.kind)).toEqual(['lit', 'param', 'lit']);
    expect(b?.heredoc).toMatchObject({ delim: 'B', quoted: true, strip: true });
    expect(b?.heredoc?.body?.raw).toBe('kept $y\n');
  });

  it('parses command substitutions recursively', () => {
    const cmd = first('echo $(a $(b) `c`)');
    if (cmd.kind !== 'simple') throw new Error('simple expected');
    const part = cmd.words[1]?.parts[0];
    expect(part?.kind).toBe('cmdsub');
    if (part?.kind !== 'cmdsub') return;
    const inner = part.body.items[0]?.andOr.first.cmds[0];
    expect(inner?.kind === 'simple' && inner.words.map((w) => w.parts.map((p) => p.kind))).toEqual([['lit'], ['cmdsub'], ['cmdsub']]);
  });

  it('parses compound commands', () => {
    expect(first('if a; then b; elif c; then d; else e; fi').kind).toBe('if');
    expect(first('for x in 1 2; do :; done')).toMatchObject({ kind: 'for', name: 'x' });
    expect(first('while a; do b; done').kind).toBe('while');
    expect(first('until a; do b; done').kind).toBe('until');
    expect(first('case x in a|b) y;; *) z;; esac')).toMatchObject({ kind: 'case' });
    expect(first('{ a; b; } >f').redirs.length).toBe(1);
    expect(first('(a)').kind).toBe('subshell');
    expect(first('((1+2))')).toMatchObject({ kind: 'arith', raw: '1+2' });
    expect(first('[[ -f x && $a == b* ]]').kind).toBe('cond');
    expect(first('f() { a; }')).toMatchObject({ kind: 'funcdef', name: 'f' });
    expect(first('function g { a; }')).toMatchObject({ kind: 'funcdef', name: 'g' });
  });

  it('reports the unexpected token, or the end of input', () => {
    expect(errorOf('a | | b')).toEqual({ lines: ["syntax error near unexpected token `|'"], incomplete: false });
    expect(errorOf('echo >')).toEqual({ lines: ["syntax error near unexpected token `newline'"], incomplete: false });
    expect(errorOf('if true; fi')).toEqual({ lines: ["syntax error near unexpected token `fi'"], incomplete: false });
    expect(errorOf('a &&')).toEqual({ lines: ['syntax error: unexpected end of file'], incomplete: true });
    expect(errorOf("echo 'x")).toEqual({
      lines: ["unexpected EOF while looking for matching `''", 'syntax error: unexpected end of file'],
      incomplete: true,
    });
    expect(errorOf('echo $(a')).toEqual({
      lines: ["unexpected EOF while looking for matching `)'", 'syntax error: unexpected end of file'],
      incomplete: true,
    });
  });
});

describe('CommandRegistry', () => {
  it('registers, replaces and lists commands by name', () => {
    const run = () => ({ stdout: '', stderr: '', exitCode: 0 });
    const reg = new CommandRegistry([{ name: 'b', summary: 'B', help: '', run }]);
    reg.register({ name: 'a', summary: 'A', help: '', run }).register({ name: 'b', summary: 'B2', help: '', run });
    expect(reg.names()).toEqual(['a', 'b']);
    expect(reg.get('b')?.summary).toBe('B2');
    expect(reg.get('c')).toBeUndefined();
    expect(reg.has('a')).toBe(true);
  });
});
