// Whatever is typed, execute() returns a ShellOutput (it never throws, and no internal
// error leaks into the output), and isComplete()/complete() never throw.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createStandardRegistry } from './commands/index.ts';
import { Shell, type ShellOutput } from './interpreter.ts';

const TOKENS = [
  'echo', 'cat', 'grep', 'awk', 'sort', 'uniq', 'wc', 'head', 'tail', 'cut', 'tr', 'xargs', 'seq', 'ls', 'cd', 'rm',
  'mkdir', 'touch', 'tee', 'printf', 'read', 'export', 'unset', 'exit', 'set', 'eval', 'source', 'alias', 'test',
  'if', 'then', 'else', 'fi', 'for', 'in', 'do', 'done', 'while', 'until', 'case', 'esac', 'function', '{', '}',
  '[[', ']]', '((', '))', '(', ')', '|', '||', '&&', ';', ';;', '&', '!', '>', '>>', '<', '<<', '<<-', '<<<', '2>&1',
  '&>', '2>', '>&2', "'", '"', '`', '$', '$(', '${', '$((', '}', '\\', '\n', ' ', '\t', '#', '*', '?', '[', ']',
  'EOF', 'x', 'y=1', '$x', '"$@"', '$?', '$#', '-n', '-e', '-c', '-v', '-r', '-F,', '{print $1}', '/re/', '1', '0',
  '-1', '%s', '%d', 'a b', '/tmp', '~', '..', '/dev/null', '{1..3}', '{a,b}', 'NR>1', '\\n', 'exit 3',
];

function make(): Shell<object> {
  return new Shell({ registry: createStandardRegistry<object>(), world: {}, maxLoopIterations: 50 });
}

function wellFormed(r: ShellOutput): void {
  expect(Array.isArray(r.chunks)).toBe(true);
  expect(Number.isInteger(r.exitCode)).toBe(true);
  for (const c of r.chunks) {
    expect(c.fd === 1 || c.fd === 2).toBe(true);
    expect(typeof c.text).toBe('string');
    expect(c.text).not.toContain('internal error');
  }
}

const soup = fc.array(fc.constantFrom(...TOKENS), { maxLength: 24 }).map((a) => a.join(' '));
const tightSoup = fc.array(fc.constantFrom(...TOKENS), { maxLength: 24 }).map((a) => a.join(''));

describe('the shell never throws', () => {
  it('on random strings', () => {
    const sh = make();
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 120 }), fc.string({ maxLength: 80, unit: 'binary' })), (s) => {
        wellFormed(sh.execute(s));
        expect(typeof sh.isComplete(s)).toBe('boolean');
      }),
      { numRuns: 1500 },
    );
  });

  it('on random token soups', () => {
    const sh = make();
    fc.assert(
      fc.property(fc.oneof(soup, tightSoup), (s) => {
        wellFormed(sh.execute(s));
        expect(typeof sh.isComplete(s)).toBe('boolean');
      }),
      { numRuns: 2000 },
    );
  });

  it('completion never throws and its start is within the line', () => {
    const sh = make();
    fc.assert(
      fc.property(fc.oneof(soup, fc.string({ maxLength: 60 })), fc.nat(), (line, n) => {
        const cursor = n % (line.length + 1);
        const c = sh.complete(line, cursor);
        expect(c.start).toBeGreaterThanOrEqual(0);
        expect(c.start).toBeLessThanOrEqual(cursor);
        expect(Array.isArray(c.candidates)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('on deep nesting', () => {
    const sh = make();
    for (const s of ['$('.repeat(500), '('.repeat(5000), '{ '.repeat(2000), '"$('.repeat(300), '`'.repeat(999), '${'.repeat(400)]) {
      wellFormed(sh.execute(s));
      expect(typeof sh.isComplete(s)).toBe('boolean');
    }
  });
});
