import { describe, expect, it } from 'vitest';
import { jsonPatch, mergePatch } from './patchJson.ts';
import { goJsonParse } from './patchParse.ts';
import { goV } from './patchKeys.ts';

describe('JSON merge patch (RFC 7386, as evanphx/json-patch MergePatch)', () => {
  it('merges maps, deletes nulls, prunes nulls inside new values, replaces arrays', () => {
    expect(mergePatch({ a: { b: 1, c: 2 }, l: [1, 2] }, { a: { b: null, d: { e: null, f: 1 } }, l: [3] })).toEqual({ a: { c: 2, d: { f: 1 } }, l: [3] });
  });
});

describe('JSON patch (RFC 6902, as evanphx/json-patch Patch.Apply)', () => {
  const doc = { m: { 'a/b': 1, 't~': 2 }, l: ['x', 'y'] };
  it('~1 and ~0 escape / and ~; add inserts into arrays at an index or at -', () => {
    const r = jsonPatch(doc, [
      { op: 'replace', path: '/m/a~1b', value: 5 },
      { op: 'remove', path: '/m/t~0' },
      { op: 'add', path: '/l/1', value: 'i' },
      { op: 'add', path: '/l/-', value: 'z' },
    ]);
    expect(r).toEqual({ ok: true, value: { m: { 'a/b': 5 }, l: ['x', 'i', 'y', 'z'] } });
    expect(doc.l).toEqual(['x', 'y']);
  });
  it('errors with json-patch\'s texts', () => {
    expect(jsonPatch(doc, [{ op: 'add', path: '/l/5', value: 1 }])).toEqual({ ok: false, error: 'Unable to access invalid index: 5: invalid index referenced' });
    expect(jsonPatch(doc, [{ op: 'remove', path: '/m/q' }])).toEqual({ ok: false, error: 'Unable to remove nonexistent key: q: missing value' });
    expect(jsonPatch(doc, [{ op: 'test', path: '/l/0', value: 'y' }])).toEqual({ ok: false, error: 'testing value /l/0 failed: test failed' });
    expect(jsonPatch(doc, [{ op: 'frob', path: '/l' }])).toEqual({ ok: false, error: 'Unexpected kind: frob' });
    expect(jsonPatch(doc, [{ op: 'add', path: '/q/r', value: 1 }])).toEqual({ ok: false, error: 'add operation does not apply: doc is missing path: "/q/r": missing value' });
  });
});

describe("Go's encoding/json syntax errors", () => {
  const cases: [string, string][] = [
    ['{"a":', 'unexpected end of JSON input'],
    ['{a:1}', "invalid character 'a' looking for beginning of object key string"],
    ['{"a" 1}', "invalid character '1' after object key"],
    ['{"a":1 "b":2}', "invalid character '\"' after object key:value pair"],
    ['[1 2]', "invalid character '2' after array element"],
    ['{"a":tru}', "invalid character '}' in literal true (expecting 'e')"],
    ['{} x', "invalid character 'x' after top-level value"],
    ['{"a":-x}', "invalid character 'x' in numeric literal"],
  ];
  for (const [text, error] of cases) it(text, () => expect(goJsonParse(text)).toEqual({ ok: false, error }));
  it('%v of a decoded map', () => expect(goV({ b: [1, 'x'], a: { c: null } })).toBe('map[a:map[c:<nil>] b:[1 x]]'));
});
