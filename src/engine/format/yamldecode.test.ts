// Expected values and messages are what gopkg.in/yaml.v2 v2.4.0's yaml.Unmarshal (followed by
// sigs.k8s.io/yaml's JSON conversion) returned for the same documents.
import { describe, expect, it } from 'vitest';
import { yamlToJson } from './yamldecode.ts';

describe('yamlToJson (go-yaml v2 semantics)', () => {
  it('types plain scalars the YAML 1.1 way and resolves anchors and merges', () => {
    const doc = [
      'a: &x {p: 1, q: 2}',
      'b:',
      '  <<: *x',
      '  q: 3',
      'c: [yes, no, on, off, y, n, ~, 0777, 0x1F, 1_000, 1e3, .5, 22:22, 2025-11-20, "quoted", !!str 12, !!float 1]',
      '1: int key',
      '2.5: float key',
      'true: bool key',
      'd: |',
      '  literal',
      '  block',
      'e: >',
      '  folded',
      '  text',
      '',
    ].join('\n');
    expect(yamlToJson(doc)).toEqual({
      ok: true,
      value: {
        1: 'int key',
        2.5: 'float key',
        a: { p: 1, q: 2 },
        b: { p: 1, q: 3 },
        c: [true, false, true, false, true, false, null, 511, 31, 1000, 1000, 0.5, '22:22', '2025-11-20', 'quoted', '12', 1],
        d: 'literal\nblock\n',
        e: 'folded text\n',
        true: 'bool key',
      },
    });
  });

  it('returns null for an empty or comment-only document', () => {
    expect(yamlToJson('')).toEqual({ ok: true, value: null });
    expect(yamlToJson('# nothing here\n\n')).toEqual({ ok: true, value: null });
  });

  it.each([
    ['apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n spec: x\n', 'yaml: line 4: did not find expected key'],
    ['apiVersion: v1\nkind: Service\nmetadata: name: a\n', 'yaml: line 3: mapping values are not allowed in this context'],
    ['apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n    labels: x\n', 'yaml: line 5: mapping values are not allowed in this context'],
    ['apiVersion: v1\nkind: Service\nmetadata:\n\tname: a\n', 'yaml: line 4: found character that cannot start any token'],
    ['apiVersion: v1\nkind: "Service\nmetadata:\n  name: a\n', 'yaml: line 5: found unexpected end of stream'],
    ['apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  labels\n  foo: bar\n', "yaml: line 6: could not find expected ':'"],
    ['apiVersion: v1\nkind: Service\nspec:\n  ports:\n  - port: 80\n   protocol: TCP\n', 'yaml: line 5: did not find expected key'],
    ['a: [1, 2\nb: 3\n', "yaml: line 1: did not find expected ',' or ']'"],
    ['a: {x: 1\nb: 3\n', "yaml: line 1: did not find expected ',' or '}'"],
    ["a: 'abc\nb: 3\n", 'yaml: line 3: found unexpected end of stream'],
    ['a: b: c: d\n', 'yaml: mapping values are not allowed in this context'],
    ['a:\n  - x\n  y: 1\n', "yaml: line 2: did not find expected '-' indicator"],
    ['a: 1\n- b\n', 'yaml: line 1: did not find expected key'],
    ['a: 1\nkey with no colon\n', "yaml: line 3: could not find expected ':'"],
    ['a: @foo\n', 'yaml: found character that cannot start any token'],
    ['a: *nope\n', "yaml: unknown anchor 'nope' referenced"],
    ['metadata:\n  name: x\n  labels:\n    app: web\n   tier: db\n', 'yaml: line 4: did not find expected key'],
    ['a: 1\n\tb: 2\n', 'yaml: line 2: found a tab character that violates indentation'],
    ['a: .inf\n', 'json: unsupported value: +Inf'],
    ['a: \u0001\n', 'yaml: control characters are not allowed'],
  ])('reports go-yaml\'s error for %j', (doc, message) => {
    expect(yamlToJson(doc)).toEqual({ ok: false, error: message });
  });
});
