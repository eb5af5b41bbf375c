// Cases from k8s.io/apimachinery v0.33 pkg/labels/selector_test.go and
// pkg/util/validation/validation_test.go; every error text below was checked against the Go code.
import { describe, expect, it } from 'vitest';
import {
  everything,
  goQuote,
  labelFieldErrors,
  labelSelectorAsSelector,
  labelSelectorFieldErrors,
  listSelectorError,
  newRequirement,
  nothing,
  parseSelector,
  selectorFromLabelSelector,
  selectorFromSet,
  validateLabelKey,
  validateLabels,
  validateLabelValue,
} from './labels.ts';

const NAME_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

function str(text: string): string {
  const r = parseSelector(text);
  return r.ok ? r.selector.toString() : `ERROR ${r.error}`;
}
function matches(text: string, labels: Record<string, string>): boolean {
  const r = parseSelector(text);
  if (!r.ok) throw new Error(r.error);
  return r.selector.matches(labels);
}

describe('parseSelector', () => {
  it('[TestSelectorParse] good strings print back without spaces', () => {
    for (const s of ['x=a,y=b,z=c', '', 'x!=a,y=b', 'x=', 'x= ', 'x=,z= ', 'x= ,z= ', '!x', 'x>1', 'x>1,z<5']) {
      expect(str(s)).toBe(s.replace(/ /g, ''));
    }
  });

  it('[TestSelectorParse] bad strings give the API server errors', () => {
    expect(str('x=a||y=b')).toBe(`ERROR unable to parse requirement: values[0][x]: Invalid value: "a||y": ${VALUE_MSG}`);
    expect(str('x==a==b')).toBe("ERROR found '==', expected: ',' or 'end of string'");
    expect(str('!x=a')).toBe("ERROR found '=', expected: ',' or 'end of string'");
    expect(str('x<a')).toBe(`ERROR unable to parse requirement: values[0]: Invalid value: "a": for 'Gt', 'Lt' operators, the value must be an integer`);
  });

  it('a missing operator (kubectl get pods -l "a b")', () => {
    expect(str('a b')).toBe("ERROR unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt");
    expect(str('a (')).toBe("ERROR unable to parse requirement: found '(', expected: in, notin, =, ==, !=, gt, lt");
    expect(str('x nott in (y)')).toBe("ERROR unable to parse requirement: found 'nott', expected: in, notin, =, ==, !=, gt, lt");
    expect(str('k>=1')).toBe("ERROR unable to parse requirement: found '=', expected: identifier");
  });

  it('[TestSetSelectorParser] invalid inputs', () => {
    expect(str('x,,y')).toBe("ERROR found ',', expected: identifier after ','");
    expect(str(',x,y')).toBe("ERROR found ',', expected: !, identifier, or 'end of string'");
    expect(str('a in (xyz),')).toBe("ERROR found '', expected: identifier after ','");
    expect(str('a in (xyz)b notin ()')).toBe("ERROR found 'b', expected: ',' or 'end of string'");
    expect(str('a in (xyz abc)')).toBe("ERROR unable to parse requirement: found 'abc', expected: ',' or ')'");
    expect(str('a notin(')).toBe("ERROR unable to parse requirement: found '', expected: ',', ')' or identifier");
    expect(str('(')).toBe("ERROR found '(', expected: !, identifier, or 'end of string'");
    expect(str('x in a')).toBe("ERROR unable to parse requirement: found 'a' expected: '('");
    expect(str('x=(')).toBe("ERROR unable to parse requirement: found '(', expected: identifier");
    expect(str('x=a b')).toBe("ERROR found 'b', expected: ',' or 'end of string'");
  });

  it('[TestSetSelectorParser] valid inputs, canonical strings sorted by key', () => {
    expect(str('\rx')).toBe('x');
    expect(str('this-is-another-dns.domain.com/key-with-dash in (so,what)')).toBe('this-is-another-dns.domain.com/key-with-dash in (so,what)');
    expect(str('0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)')).toBe('0.1.2.domain/99 notin (10.10.100.1,tick.tack.clock)');
    expect(str('foo  in\t (abc)')).toBe('foo in (abc)');
    expect(str('x notin\n (abc)')).toBe('x notin (abc)');
    expect(str('x in (abc,)')).toBe('x in (,abc)');
    expect(str('x in ()')).toBe('x in ()');
    expect(str('x notin (abc,,def),bar,z in (),w')).toBe('bar,w,x notin (,abc,def),z in ()');
    expect(str('x,y in (a)')).toBe('x,y in (a)');
    expect(str('x notin ( )')).toBe('x notin ()');
    expect(str('x notin (, a)')).toBe('x notin (,a)');
    expect(str('a ')).toBe('a');
    expect(str('a in (x,y,notin, z,in)')).toBe('a in (in,notin,x,y,z)'); // operators as values
    expect(str('z=1,a=2,m in (q)')).toBe('a=2,m in (q),z=1');
    expect(str('x in (b,a,a)')).toBe('x in (a,b)');
    expect(str('x=in')).toBe('x=in');
    expect(str('in')).toBe('in');
  });

  it('v1.33 quirk: a double comma inside a value list eats the next token', () => {
    expect(str('x in (a,,)')).toBe("ERROR unable to parse requirement: found ')', expected: ',', or identifier");
    expect(str('x in (,,)')).toBe("ERROR unable to parse requirement: found ')', expected: ',', or identifier");
    expect(str('x in (a,,,b)')).toBe('x in (,a,b)');
  });

  it('a NUL byte reads as the end of string (and is swallowed after a token)', () => {
    expect(str('a\0,b')).toBe('a,b');
    expect(str('a,\0b')).toBe('a,b');
    expect(str('a, \0b')).toBe("ERROR found '', expected: identifier after ','");
  });

  it('key and value validation errors', () => {
    expect(str('a@b=c')).toBe(`ERROR unable to parse requirement: <nil>: Invalid value: "a@b": ${NAME_MSG}`);
    expect(str('a/b/c')).toBe(
      `ERROR unable to parse requirement: <nil>: Invalid value: "a/b/c": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    );
    expect(str('x in (a@, b@)')).toBe(`ERROR unable to parse requirement: [values[0][x]: Invalid value: "a@": ${VALUE_MSG}, values[1][x]: Invalid value: "b@": ${VALUE_MSG}]`);
    expect(str('x>a@')).toBe(`ERROR unable to parse requirement: [values[0]: Invalid value: "a@": for 'Gt', 'Lt' operators, the value must be an integer, values[0][x]: Invalid value: "a@": ${VALUE_MSG}]`);
    expect(str('x>99999999999999999999')).toBe(`ERROR unable to parse requirement: values[0]: Invalid value: "99999999999999999999": for 'Gt', 'Lt' operators, the value must be an integer`);
  });

  it('[TestDeterministicParse] order of requirements does not matter', () => {
    expect(str('x=a,a=x')).toBe(str('a=x,x=a'));
  });

  it('empty selectors', () => {
    const r = parseSelector('  ');
    expect(r.ok && r.selector.empty).toBe(true);
    expect(everything().empty).toBe(true);
    expect(nothing().empty).toBe(false);
    expect(nothing().matches({})).toBe(false);
    expect(nothing().toString()).toBe('');
  });
});

describe('Selector.matches', () => {
  it('[TestSelectorMatches]', () => {
    expect(matches('', { x: 'y' })).toBe(true);
    expect(matches('x=y', { x: 'y' })).toBe(true);
    expect(matches('x=y,z=w', { x: 'y', z: 'w' })).toBe(true);
    expect(matches('x!=y,z!=w', { x: 'z', z: 'a' })).toBe(true);
    expect(matches('notin=in', { notin: 'in' })).toBe(true);
    expect(matches('x', { x: 'z' })).toBe(true);
    expect(matches('!x', { y: 'z' })).toBe(true);
    expect(matches('x>1', { x: '2' })).toBe(true);
    expect(matches('x<1', { x: '0' })).toBe(true);
    expect(matches('x=z', {})).toBe(false);
    expect(matches('x=y', { x: 'z' })).toBe(false);
    expect(matches('x=y,z=w', { x: 'w', z: 'w' })).toBe(false);
    expect(matches('x!=y,z!=w', { x: 'z', z: 'w' })).toBe(false);
    expect(matches('x', { y: 'z' })).toBe(false);
    expect(matches('!x', { x: 'z' })).toBe(false);
    expect(matches('x>1', { x: '0' })).toBe(false);
    expect(matches('x<1', { x: '2' })).toBe(false);
    const set = { foo: 'bar', baz: 'blah' };
    expect(matches('foo=bar,baz=blah', set)).toBe(true);
    expect(matches('foo=bar,foobar=bar,baz=blah', set)).toBe(false);
  });

  it('[TestRequirementSelectorMatching]', () => {
    expect(matches('x in (foo),y notin (alpha)', { x: 'foo', y: 'baz' })).toBe(true);
    expect(matches('x in (foo),y in (alpha)', { x: 'foo', y: 'baz' })).toBe(false);
    expect(matches('x notin (),y', { y: '' })).toBe(true);
    expect(matches('!x,y', { y: '' })).toBe(true);
    expect(matches('x notin (),!y', { y: '' })).toBe(false);
    expect(matches('x in ()', { y: 'baz' })).toBe(false);
    expect(matches('z>1', { z: '2' })).toBe(true);
    expect(matches('z>1', { z: 'v2' })).toBe(false);
  });

  it('undefined labels are an empty set', () => {
    const r = parseSelector('!app');
    expect(r.ok && r.selector.matches(undefined)).toBe(true);
  });

  it('requiresExactMatch', () => {
    const r = parseSelector('app=web,tier in (fe),x in (a,b)');
    if (!r.ok) throw new Error(r.error);
    expect(r.selector.requiresExactMatch('app')).toBe('web');
    expect(r.selector.requiresExactMatch('tier')).toBe('fe');
    expect(r.selector.requiresExactMatch('x')).toBeUndefined();
  });
});

describe('newRequirement', () => {
  it('[TestRequirementConstructor]', () => {
    const err = (k: string, op: Parameters<typeof newRequirement>[1], v: string[] | null) => {
      const r = newRequirement(k, op, v);
      return r.ok ? 'ok' : r.error;
    };
    expect(err('x1', 'in', null)).toBe("values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty");
    expect(err('x2', 'notin', [])).toBe("values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty");
    expect(err('x3', 'in', ['foo'])).toBe('ok');
    expect(err('x5', '=', ['bar', 'foo'])).toBe('values: Invalid value: []string{"bar", "foo"}: exact-match compatibility requires one single value');
    expect(err('x6', 'exists', null)).toBe('ok');
    expect(err('x8', 'exists', ['foo'])).toBe('values: Invalid value: []string{"foo"}: values set must be empty for exists and does not exist');
    expect(err('x13', 'gt', [])).toBe("values: Invalid value: []string{}: for 'Gt', 'Lt' operators, exactly one value is required");
    expect(err('x14', 'gt', ['bar'])).toBe("values[0]: Invalid value: \"bar\": for 'Gt', 'Lt' operators, the value must be an integer");
    expect(err('x17', '=', ['a b'])).toBe(`values[0][x17]: Invalid value: "a b": ${VALUE_MSG}`);
    expect(err('a'.repeat(254), 'exists', null)).toBe(`key: Invalid value: "${'a'.repeat(254)}": name part must be no more than 63 characters`);
  });
});

describe('validation messages', () => {
  it('validateLabelKey (IsQualifiedName)', () => {
    expect(validateLabelKey('app.kubernetes.io/name')).toEqual([]);
    expect(validateLabelKey('a b')).toEqual([NAME_MSG]);
    expect(validateLabelKey('/a')).toEqual(['prefix part must be non-empty']);
    expect(validateLabelKey('a/')).toEqual(['name part must be non-empty', NAME_MSG]);
    expect(validateLabelKey('x'.repeat(64))).toEqual(['name part must be no more than 63 characters']);
    expect(validateLabelKey('Example.com/a')).toEqual([
      "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ]);
    expect(validateLabelKey('a'.repeat(254) + '/b')[0]).toBe('prefix part must be no more than 253 characters');
  });

  it('validateLabelValue (IsValidLabelValue)', () => {
    expect(validateLabelValue('')).toEqual([]);
    expect(validateLabelValue('x'.repeat(63))).toEqual([]);
    expect(validateLabelValue('x'.repeat(64))).toEqual(['must be no more than 63 characters']);
    expect(validateLabelValue('-a')).toEqual([VALUE_MSG]);
    expect(validateLabelValue('é')).toEqual([VALUE_MSG]); // 2 bytes, not too long
  });

  it('validateLabels: metadata.labels lines in key order', () => {
    expect(validateLabels({ ok: 'fine', 'b@d': 'v', k: 'bad value' })).toEqual([
      `metadata.labels: Invalid value: "b@d": ${NAME_MSG}`,
      `metadata.labels: Invalid value: "bad value": ${VALUE_MSG}`,
    ]);
    expect(labelFieldErrors({ 'a b': 'x' }, 'spec.template.metadata.labels')).toEqual([
      { field: 'spec.template.metadata.labels', type: 'Invalid', value: '"a b"', detail: NAME_MSG },
    ]);
  });

  it('labelSelectorFieldErrors (ValidateLabelSelector)', () => {
    const errs = labelSelectorFieldErrors(
      { matchExpressions: [{ key: 'a', operator: 'In' }, { key: 'b', operator: 'Exists', values: ['x'] }, { key: 'c', operator: 'Foo' as 'In' }] },
      'spec.selector',
    );
    expect(errs).toEqual([
      { field: 'spec.selector.matchExpressions[0].values', type: 'Required', detail: "must be specified when `operator` is 'In' or 'NotIn'" },
      { field: 'spec.selector.matchExpressions[1].values', type: 'Forbidden', detail: "may not be specified when `operator` is 'Exists' or 'DoesNotExist'" },
      { field: 'spec.selector.matchExpressions[2].operator', type: 'Invalid', value: '"Foo"', detail: 'not a valid selector operator' },
    ]);
  });

  it('goQuote escapes like Go %q', () => {
    expect(goQuote('a"b\\c\n\t\x1b\u00a0é😀')).toBe('"a\\"b\\\\c\\n\\t\\x1b\\u00a0é😀"');
  });
});

describe('selectors from objects', () => {
  it('selectorFromSet: a service selector; empty map selects everything', () => {
    const s = selectorFromSet({ tier: 'fe', app: 'web' });
    expect(s.toString()).toBe('app=web,tier=fe');
    expect(s.matches({ app: 'web', tier: 'fe', x: 'y' })).toBe(true);
    expect(s.matches({ app: 'web' })).toBe(false);
    expect(selectorFromSet({}).empty).toBe(true);
    expect(selectorFromSet(undefined).matches({ a: 'b' })).toBe(true);
  });

  it('LabelSelectorAsSelector: nil → Nothing, {} → Everything', () => {
    expect(selectorFromLabelSelector(undefined).matches({ a: 'b' })).toBe(false);
    expect(selectorFromLabelSelector({}).matches({ a: 'b' })).toBe(true);
    expect(selectorFromLabelSelector({ matchLabels: {}, matchExpressions: [] }).empty).toBe(true);
    const s = selectorFromLabelSelector({
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['fe', 'be'] },
        { key: 'canary', operator: 'DoesNotExist' },
      ],
    });
    expect(s.toString()).toBe('app=web,!canary,tier in (be,fe)');
    expect(s.matches({ app: 'web', tier: 'be' })).toBe(true);
    expect(s.matches({ app: 'web', tier: 'be', canary: 'x' })).toBe(false);
  });

  it('LabelSelectorAsSelector errors', () => {
    expect(labelSelectorAsSelector({ matchExpressions: [{ key: 'a', operator: 'Foo' as 'In' }] })).toEqual({ ok: false, error: '"Foo" is not a valid label selector operator' });
    expect(labelSelectorAsSelector({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] })).toEqual({
      ok: false,
      error: "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty",
    });
    expect(selectorFromLabelSelector({ matchExpressions: [{ key: 'a', operator: 'In' }] }).matches({ a: 'x' })).toBe(false);
  });

  it('listSelectorError: how kubectl wraps the 400 of a list call', () => {
    const r = parseSelector('a b');
    if (r.ok) throw new Error('expected an error');
    expect(`Error from server (BadRequest): ${listSelectorError('/v1, Resource=pods', 'a b', '', r.error)}`).toBe(
      `Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "a b", field selector "": unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt`,
    );
    expect(listSelectorError('/v1, Resource=pods', '', '', 'x')).toBe('Unable to list "/v1, Resource=pods": x');
  });
});
