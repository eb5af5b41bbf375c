// Cases from k8s.io/client-go v0.33 util/jsonpath/jsonpath_test.go and parser_test.go (data as
// decoded JSON, as kubectl holds it), plus kubectl's JSONPathPrinter error texts
// (cli-runtime pkg/printers/jsonpath.go, genericclioptions/jsonpath_flags.go).
import { describe, expect, it } from 'vitest';
import { evaluateJsonPath, executeJsonPath, goFloat, goJson, jsonPathListObject, jsonPathTemplateError, parseJsonPath } from './jsonpath.ts';

/** client-go level: text, or "ERR <message>" for parse and execution errors. */
function run(template: string, data: unknown, allowMissingKeys = false, outputJson = false): string {
  const p = parseJsonPath(template);
  if (!p.ok) return `ERR ${p.error}`;
  const r = executeJsonPath(p.template, data, { allowMissingKeys, outputJson });
  return r.ok ? r.text : `ERR ${r.error}`;
}

const types = {
  bools: [true, false, true, false],
  integers: [1, 2, 3, 4],
  floats: [1.0, 2.2, 3.3, 4.0],
  strings: ['one', 'two', 'three', 'four'],
  interfaces: [true, 'one', 1, 1.1],
  maps: [
    { name: 'one', value: 1 },
    { name: 'two', value: 2.02 },
    { name: 'three', value: 3.03 },
    { name: 'four', value: 4.04 },
  ],
};

describe('TestTypesInput', () => {
  it.each([
    ['{ .bools }', '[true,false,true,false]'],
    ['{ .bools[0] }', 'true'],
    ['{ .bools[-1] }', 'false'],
    ['{ .bools[0:2] }', 'true false'],
    ['{ .bools[:4:2] }', 'true true'],
    ['{ .integers }', '[1,2,3,4]'],
    ['{ .integers[-2] }', '3'],
    ['{ .integers[:4:2] }', '1 3'],
    ['{ .floats }', '[1,2.2,3.3,4]'],
    ['{ .floats[-2] }', '3.3'],
    ['{ .floats[:4:2] }', '1 3.3'],
    ['{ .strings }', '["one","two","three","four"]'],
    ['{ .strings[:2] }', 'one two'],
    ['{ .interfaces }', '[true,"one",1,1.1]'],
    ['{ .interfaces[:4:2] }', 'true 1'],
    ['{ .maps }', '[{"name":"one","value":1},{"name":"two","value":2.02},{"name":"three","value":3.03},{"name":"four","value":4.04}]'],
    ['{ .maps[-2] }', '{"name":"three","value":3.03}'],
    ['{ .maps[::2] }', '{"name":"one","value":1} {"name":"three","value":3.03}'],
    ['{ .maps[1::2] }', '{"name":"two","value":2.02} {"name":"four","value":4.04}'],
  ])('%s', (t, want) => expect(run(t, types)).toBe(want));
});

const store = {
  Name: 'jsonpath',
  Book: [
    { Category: 'reference', Author: 'Nigel Rees', Title: 'Sayings of the Centurey', Price: 8.95 },
    { Category: 'fiction', Author: 'Evelyn Waugh', Title: 'Sword of Honour', Price: 12.99 },
    { Category: 'fiction', Author: 'Herman Melville', Title: 'Moby Dick', Price: 8.99 },
  ],
  Bicycle: [
    { Color: 'red', Price: 19.95, IsNew: true },
    { Color: 'green', Price: 20.01, IsNew: false },
  ],
  Labels: { engieer: 10, 'web/html': 15, 'k8s-app': 20 },
  Employees: { jason: 'manager', dan: 'clerk' },
};

describe('TestStructInput (store as JSON: maps print with sorted keys)', () => {
  it.each([
    ['hello jsonpath', null, 'hello jsonpath'],
    ['{..}', [1, 2, 3], '[1,2,3]'],
    ['{[?(@<5)]}', [2, 6, 3, 7], '2 3'],
    ['{"{"}', null, '{'],
    ['{[1,3,4]}', [0, 1, 2, 3, 4], '1 3 4'],
    ['{[0:2]}', ['Monday', 'Tudesday'], 'Monday Tudesday'],
    ['hello {.Name}', store, 'hello jsonpath'],
    ['{$.Labels.web/html}', store, '15'],
    ['{$.Employees.jason}', store, 'manager'],
    ['{.Labels.k8s-app}', store, '20'],
    ['{.Bicycle[*].Color}', store, 'red green'],
    ['{.Book[*].Author}', store, 'Nigel Rees Evelyn Waugh Herman Melville'],
    ['{range .Bicycle[*]}{ "{" }{ @.* }{ "} " }{end}', store, '{red true 19.95} {green false 20.01} '],
    ['{..Price}', store, '19.95 20.01 8.95 12.99 8.99'],
    ['{...Price}', store, '19.95 20.01 8.95 12.99 8.99'],
    ['{.Book[-1:]}', store, '{"Author":"Herman Melville","Category":"fiction","Price":8.99,"Title":"Moby Dick"}'],
    ['{..Book[2]}', store, '{"Author":"Herman Melville","Category":"fiction","Price":8.99,"Title":"Moby Dick"}'],
    ['{.Bicycle[?(@.IsNew==true)]}', store, '{"Color":"red","IsNew":true,"Price":19.95}'],
  ])('%s', (t, data, want) => expect(run(t, data)).toBe(want));

  it('superrecurfields fails to parse', () => {
    expect(run('{............................................................Price}', store)).toBe('ERR invalid multiple recursive descent');
  });

  it('missing keys allowed', () => {
    expect(run('{.hello}', store, true)).toBe('');
    expect(run('before-{.hello}after', store, true)).toBe('before-after');
  });

  it('failStoreTests', () => {
    expect(run('{hello}', store)).toBe('ERR unrecognized identifier hello');
    expect(run('{.hello}', store)).toBe('ERR hello is not found');
    expect(run('{.Labels[0]}', store)).toBe('ERR map[string]interface {} is not array or slice');
    expect(run('{.Book[?(@.Price<>10)]}', store)).toBe('ERR unrecognized filter operator <>');
    expect(run('{range .Labels.*}{@}{end}{end}', store)).toBe('ERR not in range, nothing to end');
  });
});

describe('TestJSONInput', () => {
  const points = [
    { id: 'i1', x: 4, y: -5 },
    { id: 'i2', x: -2, y: -5, z: 1 },
    { id: 'i3', x: 8, y: 3 },
    { id: 'i4', x: -6, y: -1 },
    { id: 'i5', x: 0, y: 2, z: 1 },
    { id: 'i6', x: 1, y: 4 },
    { id: 'i7', x: null, y: 4 },
  ];
  it.each([
    ['{[?(@.z)].id}', 'i2 i5'],
    ["{[0]['id']}", 'i1'],
    ["{[-1]['x']}", 'null'],
  ])('%s', (t, want) => expect(run(t, points)).toBe(want));

  it('comparing null or mixing int and float fails like Go', () => {
    expect(run('{[?(@.x>0)].id}', points)).toBe('ERR invalid type for comparison');
    expect(run('{[?(@.x>0.5)].id}', points.slice(0, 2))).toBe('ERR incompatible types for comparison');
  });
});

const nodes = {
  kind: 'List',
  items: [
    {
      kind: 'None',
      metadata: { name: '127.0.0.1', labels: { 'kubernetes.io/hostname': '127.0.0.1' } },
      status: { capacity: { cpu: '4' }, ready: true, addresses: [{ type: 'LegacyHostIP', address: '127.0.0.1' }] },
    },
    {
      kind: 'None',
      metadata: { name: '127.0.0.2', labels: { 'kubernetes.io/hostname': '127.0.0.2' } },
      status: {
        capacity: { cpu: '8' },
        ready: false,
        addresses: [
          { type: 'LegacyHostIP', address: '127.0.0.2' },
          { type: 'another', address: '127.0.0.3' },
        ],
      },
    },
  ],
  users: [
    { name: 'myself', user: {} },
    { name: 'e2e', user: { username: 'admin', password: 'secret' } },
  ],
};

describe('TestKubernetes', () => {
  it.each([
    ['{range .items[*]}{.metadata.name}, {end}{.kind}', '127.0.0.1, 127.0.0.2, List'],
    ['{range .items[*]}{.metadata.name}{"\\t"}{end}', '127.0.0.1\t127.0.0.2\t'],
    ['{.items[*].status.addresses[*].address}', '127.0.0.1 127.0.0.2 127.0.0.3'],
    ['{range .items[*]}{range .status.addresses[*]}{.address}, {end}{end}', '127.0.0.1, 127.0.0.2, 127.0.0.3, '],
    ['{.items[*].metadata.name}', '127.0.0.1 127.0.0.2'],
    ["{.items[*]['metadata.name', 'status.capacity']}", '127.0.0.1 127.0.0.2 {"cpu":"4"} {"cpu":"8"}'],
    ['{range .items[*]}[{.metadata.name}, {.status.capacity}] {end}', '[127.0.0.1, {"cpu":"4"}] [127.0.0.2, {"cpu":"8"}] '],
    ['{.users[?(@.name=="e2e")].user.password}', 'secret'],
    ['{.items[0].metadata.labels.kubernetes\\.io/hostname}', '127.0.0.1'],
    ['{.items[?(@.metadata.labels.kubernetes\\.io/hostname=="127.0.0.1")].kind}', 'None'],
    ['{.items[?(@..ready==true)].metadata.name}', '127.0.0.1'],
    ['{..name}', '127.0.0.1 127.0.0.2 myself e2e'],
  ])('%s', (t, want) => expect(run(t, nodes)).toBe(want));

  it("quoted key with an escaped dot: ['kubernetes\\.io/hostname']", () => {
    expect(run("{.items[0].metadata.labels['kubernetes\\.io/hostname']}", nodes)).toBe('127.0.0.1');
    // without the backslash the dot splits the key, as in kubectl
    expect(run("{.items[0].metadata.labels['kubernetes.io/hostname']}", nodes, true)).toBe('');
  });
});

describe('ranges', () => {
  const pods = {
    items: [
      { metadata: { name: 'pod1' }, spec: { containers: [{ name: 'foo', another: [{ name: 'value1' }, { name: 'value2' }] }, { name: 'bar', another: [{ name: 'value1' }, { name: 'value2' }] }] } },
      { metadata: { name: 'pod2' }, spec: { containers: [{ name: 'baz', another: [{ name: 'value1' }, { name: 'value2' }] }] } },
    ],
  };

  it('[TestEmptyRange]', () => {
    expect(run('{range .items[*]}{.metadata.name}{end}', { items: [] }, true)).toBe('');
    expect(run('{range .items[*]}{.metadata.name}{":"}{range @.spec.containers[*]}{.name}{","}{end}{"+"}{end}', { items: [] }, true)).toBe('');
  });

  it('[TestNestedRanges]', () => {
    expect(run('{range .items[*]}{.metadata.name}{":"}{range @.spec.containers[*]}{.name}{","}{end}{"+"}{end}', pods)).toBe('pod1:foo,bar,+pod2:baz,+');
    expect(
      run('{range .items[*]}{.metadata.name}{"~"}{range @.spec.containers[*]}{.name}{":"}{range @.another[*]}{.name}{","}{end}{"+"}{end}{"#"}{end}', pods),
    ).toBe('pod1~foo:value1,value2,+bar:value1,value2,+#pod2~baz:value1,value2,+#');
    expect(run('{range .items[*]}{.metadata.name}{"\\t"}{range @.spec.containers[*]}{.name}{" "}{end}{"\\t"}{range @.spec.containers[*]}{.name}{" "}{end}{"\\n"}{end}', pods)).toBe(
      'pod1\tfoo bar \tfoo bar \npod2\tbaz \tbaz \n',
    );
  });

  it('a range without {end} runs to the end and the rest is evaluated again on the root', () => {
    expect(run('{range .items[*]}{.metadata.name}{","}', pods, true)).toBe('pod1,pod2,,');
  });

  it('[TestFilterPartialMatchesSometimesMissingAnnotations] (issue 45546)', () => {
    const data = {
      kind: 'List',
      items: [
        { kind: 'Pod', metadata: { name: 'pod1', annotations: { color: 'blue' } } },
        { kind: 'Pod', metadata: { name: 'pod2' } },
        { kind: 'Pod', metadata: { name: 'pod3', annotations: { color: 'green' } } },
        { kind: 'Pod', metadata: { name: 'pod4', annotations: { color: 'blue' } } },
      ],
    };
    expect(run('{.items[?(@.metadata.annotations.color=="blue")].metadata.name}', data, true)).toBe('pod1 pod4');
    expect(run('{.items[?(@.metadata.annotations.color=="blue")].metadata.name}', data, false)).toBe('ERR annotations is not found');
  });

  it('[TestRunningPodsJSONPathOutput]', () => {
    const data = {
      kind: 'List',
      items: [
        { kind: 'Pod', metadata: { name: 'pod1' }, status: { phase: 'Running' } },
        { kind: 'Pod', metadata: { name: 'pod2' }, status: { phase: 'Running' } },
        { kind: 'Pod', metadata: { name: 'pod3' }, status: { phase: 'Running' } },
        { resourceVersion: '' },
      ],
    };
    expect(run('{range .items[?(.status.phase=="Running")]}{.metadata.name}{" is Running\\n"}{end}', data, true)).toBe('pod1 is Running\npod2 is Running\npod3 is Running\n');
  });
});

describe('array indexes', () => {
  const containers = (n: number) => ({ spec: { containers: Array.from({ length: n }, (_, i) => ({ image: 'radial/busyboxplus:curl', name: `fake${i}` })) } });
  const four = containers(4);
  const six = containers(6);

  it.each([
    ['{.spec.containers[0].name}', 'fake0'],
    ['{.spec.containers[0:0].name}', ''],
    ['{.spec.containers[0:-1].name}', 'fake0 fake1 fake2'],
    ['{.spec.containers[-1:0].name}', 'ERR starting index 3 is greater than ending index 0'],
    ['{.spec.containers[-1].name}', 'fake3'],
    ['{.spec.containers[-1:].name}', 'fake3'],
    ['{.spec.containers[-2:].name}', 'fake2 fake3'],
    ['{.spec.containers[-4].name}', 'fake0'],
    ['{.spec.containers[-5].name}', 'ERR array index out of bounds: index -1, length 4'],
    ['{.spec.containers[5:5].name}', ''],
    ['{.spec.containers[-5:-5].name}', ''],
    ['{.spec.containers[3:1].name}', 'ERR starting index 3 is greater than ending index 1'],
    ['{.spec.containers[-1:-2].name}', 'ERR starting index 3 is greater than ending index 2'],
    ['{.spec.containers[4].name}', 'ERR array index out of bounds: index 4, length 4'],
  ])('[TestNegativeIndex] %s', (t, want) => expect(run(t, four)).toBe(want));

  it.each([
    ['{.spec.containers[0:].name}', 'fake0 fake1 fake2 fake3 fake4 fake5'],
    ['{.spec.containers[0:6:].name}', 'fake0 fake1 fake2 fake3 fake4 fake5'],
    ['{.spec.containers[0:6:0].name}', 'ERR step must be > 0'],
    ['{.spec.containers[0:6:-1].name}', 'ERR step must be > 0'],
    ['{.spec.containers[1:4:2].name}', 'fake1 fake3'],
    ['{.spec.containers[1:4:4].name}', 'fake1'],
    ['{.spec.containers[0:6:5].name}', 'fake0 fake5'],
  ])('[TestStep] %s', (t, want) => expect(run(t, six)).toBe(want));
});

describe('parser', () => {
  it.each([
    ['{.hello', 'unclosed action'],
    ['{*}', "unrecognized character in action: U+002A '*'"],
    ['{+12.3.0}', 'cannot parse number +12.3.0'],
    ['{[1}', 'unterminated array'],
    ['{[?(.price]}', 'unterminated filter'],
    ['{........}', 'invalid multiple recursive descent'],
    ['{\t.a}', 'unrecognized character in action: U+0009'],
    ['{"unterminated}', 'unterminated quoted string'],
    ['{"\\q"}', 'unquote string "\\q" error invalid syntax'],
    ['{.a[x]}', 'invalid array index x'],
    ['{.a[-]}', 'array index - is not a number'],
    ['{.a[?(@.b)}', 'unclosed array expect ]'],
  ])('[TestFailParser] %s', (t, want) => expect(run(t, {})).toBe(`ERR ${want}`));

  it('quotes and filters with parentheses inside strings', () => {
    const d = { a: [{ v: '()' }, { v: '("")' }, { v: '{[()]}' }, { v: "\\'" }] };
    expect(run('{.a[?(@.v == "()")].v}', d)).toBe('()');
    expect(run('{.a[?(@.v == "(\\"\\")")].v}', d)).toBe('("")');
    expect(run('{.a[?(@.v == "{[()]}")].v}', d)).toBe('{[()]}');
    expect(run("{.a[?(@.v == '\\\\\\'')].v}", d)).toBe("\\'");
    expect(run('{"\\x41\\u00e9\\101\\t"}', null)).toBe('AéA\t');
  });

  it('a filter without an operator it knows fails only when it runs', () => {
    expect(run('{.a[?(@.b="x")]}', { a: [{ b: 'x' }] })).toBe('ERR unrecognized filter operator =');
    expect(run('{.a[?(@.b="x")]}', { a: [] })).toBe('');
  });
});

describe('output formatting', () => {
  const data = { m: { b: '<&>', a: 'x\ny', n: null, f: 1234567.5, t: 1.5e-7 }, f: [0.25, 1e21, 1234567.5, 1.5e-7] };
  it('maps and lists print as compact Go JSON (sorted keys, HTML escapes)', () => {
    expect(run('{.m}', data)).toBe('{"a":"x\\ny","b":"\\u003c\\u0026\\u003e","f":1234567.5,"n":null,"t":1.5e-7}');
  });
  it('floats print with %v (exponent from 1e+06); null prints "null"', () => {
    expect(run('{.f[*]}', data)).toBe('0.25 1e+21 1.2345675e+06 1.5e-07');
    expect(run('{.m.n}', data)).toBe('null');
    expect(goFloat(100000)).toBe('100000');
    expect(goFloat(1000000.5)).toBe('1.0000005e+06');
  });
  it('jsonpath-as-json prints one indented JSON array per node', () => {
    expect(run('{.m.a}{.f[0:2]}', data, false, true)).toBe('[\n    "x\\ny"\n]\n[\n    0.25,\n    1e+21\n]\n');
    expect(goJson({ a: [], b: {} }, '    ')).toBe('{\n    "a": [],\n    "b": {}\n}');
  });
});

describe('kubectl get -o jsonpath', () => {
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1', labels: { app: 'web' } }, status: { podIP: '10.0.0.5', replicas: 2 } };

  it('missing keys print nothing by default', () => {
    expect(evaluateJsonPath('{.metadata.name}{"\\t"}{.status.hostIP}{"\\n"}', pod)).toEqual({ ok: true, text: 'web-1\t\n' });
  });

  it('a list wraps the items like kubectl get does', () => {
    const list = jsonPathListObject([pod, { ...pod, metadata: { name: 'web-2' } }]);
    expect(evaluateJsonPath('{.items[*].metadata.name}', list)).toEqual({ ok: true, text: 'web-1 web-2' });
    expect(evaluateJsonPath('{.kind} {.metadata}', list)).toEqual({ ok: true, text: 'List {"resourceVersion":""}' });
    expect(evaluateJsonPath('{range .items[*]}{.metadata.name}{"\\t"}{.status.podIP}{"\\n"}{end}', list)).toEqual({ ok: true, text: 'web-1\t10.0.0.5\nweb-2\t10.0.0.5\n' });
  });

  it('parse errors', () => {
    expect(evaluateJsonPath('{.foo', pod)).toEqual({ ok: false, error: 'error: error parsing jsonpath {.foo, unclosed action\n' });
    expect(jsonPathTemplateError('')).toBe('error: template format specified but no template given\n');
    expect(jsonPathTemplateError('{.a}')).toBeUndefined();
  });

  it('execution errors print the template and the object (%#v)', () => {
    expect(evaluateJsonPath('{.foo}', pod, { allowMissingKeys: false })).toEqual({
      ok: false,
      error:
        'error: error executing jsonpath "{.foo}": Error executing template: foo is not found. Printing more information for debugging the template:\n' +
        '\ttemplate was:\n\t\t{.foo}\n' +
        '\tobject given to jsonpath engine was:\n' +
        '\t\tmap[string]interface {}{"apiVersion":"v1", "kind":"Pod", "metadata":map[string]interface {}{"labels":map[string]interface {}{"app":"web"}, "name":"web-1"}, "status":map[string]interface {}{"podIP":"10.0.0.5", "replicas":2}}\n\n\n',
    });
    const empty = evaluateJsonPath('{.items[0].metadata.name}', jsonPathListObject([]));
    expect(empty.ok ? '' : empty.error.split('\n')[0]).toBe(
      'error: error executing jsonpath "{.items[0].metadata.name}": Error executing template: array index out of bounds: index 0, length 0. Printing more information for debugging the template:',
    );
  });
});
