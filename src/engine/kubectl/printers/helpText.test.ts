import { describe, expect, it } from 'vitest';
import { flagUsage, wordWrap } from './helpText.ts';

describe('wordWrap (mitchellh/go-wordwrap)', () => {
  it('breaks at the last space that keeps the line within the limit', () => {
    expect(wordWrap('aaa bbb ccc', 7)).toBe('aaa bbb\nccc');
  });
  it('keeps a word longer than the limit whole on its own line', () => {
    expect(wordWrap('ab cdefghijkl mn', 5)).toBe('ab\ncdefghijkl\nmn');
  });
  it('keeps existing newlines and short whitespace-only lines', () => {
    expect(wordWrap('a\n  \nb', 10)).toBe('a\n  \nb');
  });
});

describe('flagUsage', () => {
  it('prints pflag defaults the way kubectl --help does', () => {
    expect(flagUsage({ name: 'output', short: 'o', type: 'string', description: 'One of x.' })).toBe("    -o, --output='':\n\tOne of x.\n\n");
    expect(flagUsage({ name: 'watch', short: 'w', type: 'bool', description: 'W.' })).toBe('    -w, --watch=false:\n\tW.\n\n');
    expect(flagUsage({ name: 'label-columns', short: 'L', type: 'stringArray', description: 'L.' })).toBe('    -L, --label-columns=[]:\n\tL.\n\n');
    expect(flagUsage({ name: 'chunk-size', type: 'int', default: '500', description: 'C.' })).toBe('    --chunk-size=500:\n\tC.\n\n');
  });
});
