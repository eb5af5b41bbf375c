import { describe, expect, it } from 'vitest';
import { RegexError, translate } from './regex.ts';

const re = (p: string, kind: 'BRE' | 'ERE'): RegExp => new RegExp(translate(p, kind).source);

describe('POSIX regular expressions to JavaScript', () => {
  it.each([
    // [pattern, kind, matches, does not match]
    ['a\\+b', 'BRE', 'aaab', 'b'],
    ['a+b', 'BRE', 'a+b', 'aab'],
    ['a+b', 'ERE', 'aab', 'a+b'],
    ['\\(ab\\)\\{2\\}', 'BRE', 'abab', 'ab'],
    ['(ab){2}', 'BRE', '(ab){2}', 'abab'],
    ['(ab){2}', 'ERE', 'abab', 'ab'],
    ['x\\|y', 'BRE', 'y', 'z'],
    ['x|y', 'BRE', 'x|y', 'x'],
    ['a?', 'BRE', 'a?', 'b'],
    ['^*x', 'BRE', '*x', 'x'],
    ['*x', 'BRE', '*x', 'x'],
    ['a^b$c', 'BRE', 'a^b$c', 'abc'],
    ['[]a]', 'ERE', ']', 'b'],
    ['[^]a]', 'ERE', 'b', ']'],
    ['[a\\]', 'ERE', '\\', 'b'],
    ['[[:digit:]]+', 'ERE', '42', 'x'],
    ['[[:alpha:]_][[:alnum:]_]*', 'ERE', '_x1', '1'],
    ['\\<web\\>', 'BRE', 'a web b', 'webs'],
    ['\\bdb\\b', 'ERE', 'db-0', 'dbx'],
    ['\\w+\\s\\W', 'ERE', 'ab !', 'ab c'],
    ['\\(a\\)\\1', 'BRE', 'aa', 'ab'],
    ['a{,2}b', 'ERE', 'b', 'x'],
    ['a{', 'ERE', 'a{', 'a'],
    ['.', 'ERE', '\r', ''],
    ['a/b', 'ERE', 'a/b', 'ab'],
  ] as const)('%s (%s)', (pattern, kind, yes, no) => {
    expect(re(pattern, kind).test(yes)).toBe(true);
    if (no !== '') expect(re(pattern, kind).test(no)).toBe(false);
  });

  it.each([
    ['\\', 'BRE', 'Trailing backslash'],
    ['[', 'BRE', 'Invalid regular expression'],
    ['[a', 'ERE', 'Unmatched [, [^, [:, [., or [='],
    ['\\(', 'BRE', 'Unmatched ( or \\('],
    ['(', 'ERE', 'Unmatched ( or \\('],
    ['\\)', 'BRE', 'Unmatched ) or \\)'],
    ['a\\{1', 'BRE', 'Unmatched \\{'],
    ['a\\{x\\}', 'BRE', 'Invalid content of \\{\\}'],
    ['a{2,1}', 'ERE', 'Invalid content of \\{\\}'],
    ['[z-a]', 'ERE', 'Invalid range end'],
    ['[[:nope:]]', 'ERE', 'Invalid character class name'],
    ['[:space:]', 'ERE', 'character class syntax is [[:space:]], not [:space:]'],
  ] as const)('%s (%s) → %s', (pattern, kind, message) => {
    expect(() => translate(pattern, kind)).toThrow(new RegexError(message));
  });

  it('warns, as GNU grep does, about a leading repetition in an ERE', () => {
    expect(translate('*a', 'ERE').warnings).toEqual(['* at start of expression']);
    expect(translate('+a', 'ERE').warnings).toEqual(['+ at start of expression']);
    expect(translate('{1}a', 'ERE').warnings).toEqual(['{...} at start of expression']);
  });

  it('anchors ^ and $ anywhere in an ERE', () => {
    expect(re('a^b', 'ERE').test('a^b')).toBe(false);
    expect(re('(^a|b$)', 'ERE').test('ab')).toBe(true);
  });

  it('numbers groups so later patterns can shift their back-references', () => {
    expect(translate('(a)(b)', 'ERE').groups).toBe(2);
    expect(translate('(c)\\1', 'ERE', { groupOffset: 2 }).source).toBe('(c)\\3');
  });

  it('reads awk escapes in awk mode', () => {
    expect(new RegExp(translate('a\\tb', 'ERE', { awk: true }).source).test('a\tb')).toBe(true);
  });
});
