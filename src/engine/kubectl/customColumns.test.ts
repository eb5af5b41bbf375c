// kubectl -o custom-columns (kubectl v0.33 pkg/cmd/get/customcolumn.go and its tests).
import { describe, expect, it, vi } from 'vitest';

// Until src/engine/format/table.ts exists, stand in kubectl's tabwriter (minwidth 6, padding 3,
// the last cell of a line unpadded) so these expectations also hold for the real printer.
vi.mock('../format/table.ts', async (importOriginal) => {
  try {
    return await importOriginal();
  } catch {
    return {
      printTable(headers: string[], rows: string[][]): string {
        const lines = [headers, ...rows];
        const widths = headers.map((_, j) => Math.max(6, ...lines.map((l) => [...(l[j] ?? '')].length + 3)));
        return lines.map((l) => l.map((c, j) => (j === l.length - 1 ? c : c.padEnd(widths[j]!))).join('') + '\n').join('');
      },
    };
  }
});

import { customColumnCells, parseCustomColumns, printCustomColumns, relaxedJsonPathExpression } from './customColumns.ts';

const pod = (name: string, ip?: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', labels: { app: 'web', tier: 'fe' } },
  spec: { containers: [{ name: 'c1', image: 'nginx' }, { name: 'c2', image: 'busybox' }] },
  status: { phase: 'Running', ...(ip ? { podIP: ip, podIPs: [{ ip }, { ip: 'fd00::5' }] } : {}) },
  ...extra,
});

describe('relaxedJsonPathExpression [TestMassageJSONPath]', () => {
  it.each([
    ['foo.bar', '{.foo.bar}'],
    ['{foo.bar}', '{.foo.bar}'],
    ['.foo.bar', '{.foo.bar}'],
    ['{.foo.bar}', '{.foo.bar}'],
    ['{foo.bar', 'ERR'],
    ['foo.bar}', 'ERR'],
    ['{foo.bar}}', 'ERR'],
    ['{{foo.bar}', 'ERR'],
    ['', ''],
    ['{}', 'ERR'],
    ['{.items[*].metadata.name}', '{.items[*].metadata.name}'],
    ['{items[*].metadata.name}', '{.items[*].metadata.name}'],
    ['.items[*].metadata.name', '{.items[*].metadata.name}'],
    ['items[*].metadata.name', '{.items[*].metadata.name}'],
    ['{.spec.containers[*].name}{.status.x}', 'ERR'],
  ])('%s', (input, want) => {
    const r = relaxedJsonPathExpression(input);
    expect(r.ok ? r.expr : 'ERR').toBe(want);
  });
});

describe('parseCustomColumns [TestNewColumnPrinterFromSpec]', () => {
  it('columns', () => {
    expect(parseCustomColumns('NAME:metadata.name,API_VERSION:apiVersion')).toEqual({
      ok: true,
      columns: [
        { header: 'NAME', fieldSpec: '{.metadata.name}' },
        { header: 'API_VERSION', fieldSpec: '{.apiVersion}' },
      ],
    });
    expect(parseCustomColumns('IMG:{.spec.containers[?(@.name=="a:b")].image}')).toEqual({
      ok: true,
      columns: [{ header: 'IMG', fieldSpec: '{.spec.containers[?(@.name=="a:b")].image}' }],
    });
  });

  it('errors', () => {
    expect(parseCustomColumns('')).toEqual({ ok: false, error: 'error: custom-columns format specified but no custom columns given\n' });
    expect(parseCustomColumns('invalid')).toEqual({ ok: false, error: 'error: unexpected custom-columns spec: invalid, expected <header>:<json-path-expr>\n' });
    expect(parseCustomColumns('invalid=foobar').ok).toBe(false);
    expect(parseCustomColumns('invalid,foobar:blah')).toEqual({ ok: false, error: 'error: unexpected custom-columns spec: invalid, expected <header>:<json-path-expr>\n' });
    expect(parseCustomColumns('NAME:metadata.name,API_VERSION')).toEqual({
      ok: false,
      error: 'error: unexpected custom-columns spec: API_VERSION, expected <header>:<json-path-expr>\n',
    });
    expect(parseCustomColumns('A:{.a}{.b}')).toEqual({
      ok: false,
      error: "error: unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'\n",
    });
  });
});

describe('cells', () => {
  it('missing → <none>; several values joined by ","; maps and lists with fmt %v', () => {
    const cols = parseCustomColumns('NAME:.metadata.name,IP:.status.podIP,IPS:.status.podIPs[*].ip,LABELS:.metadata.labels,C:.spec.containers[*].name,X:.spec.x,E:');
    if (!cols.ok) throw new Error(cols.error);
    expect(customColumnCells(cols.columns, [pod('web-1', '10.0.0.5'), pod('web-2')])).toEqual({
      rows: [
        ['web-1', '10.0.0.5', '10.0.0.5,fd00::5', 'map[app:web tier:fe]', 'c1,c2', '<none>', '<none>'],
        ['web-2', '<none>', '<none>', 'map[app:web tier:fe]', 'c1,c2', '<none>', '<none>'],
      ],
    });
  });

  it('lists and null print as Go values; terminal escapes are neutralised', () => {
    const cols = parseCustomColumns('P:.status.podIPs,N:.status.n,T:.status.t');
    if (!cols.ok) throw new Error(cols.error);
    expect(customColumnCells(cols.columns, [pod('a', '10.0.0.5', { status: { podIPs: [{ ip: '1.2.3.4' }], n: null, t: 'x\x1b[31m\ry' } })]).rows).toEqual([
      ['[map[ip:1.2.3.4]]', '<nil>', 'x^[[31m\\ry'],
    ]);
  });

  it('an evaluation error stops after the rows already written', () => {
    const cols = parseCustomColumns('NAME:.metadata.name,FIRST:.status.podIPs[0].ip');
    if (!cols.ok) throw new Error(cols.error);
    expect(customColumnCells(cols.columns, [pod('a', '10.0.0.5'), pod('b', undefined, { status: { podIPs: [] } })])).toEqual({
      rows: [['a', '10.0.0.5']],
      error: 'error: array index out of bounds: index 0, length 0\n',
    });
  });
});

describe('printCustomColumns', () => {
  it('[TestColumnPrint]', () => {
    const foo = { apiVersion: 'baz', kind: 'Pod', metadata: { name: 'foo' } };
    expect(printCustomColumns('NAME:{.metadata.name}', [foo])).toEqual({ ok: true, stdout: 'NAME\nfoo\n' });
    expect(printCustomColumns('NAME:{.metadata.name}', [foo, { metadata: { name: 'bar' } }])).toEqual({ ok: true, stdout: 'NAME\nfoo\nbar\n' });
    expect(printCustomColumns('NAME:{.metadata.name},API_VERSION:{.apiVersion}', [foo])).toEqual({ ok: true, stdout: 'NAME   API_VERSION\nfoo    baz\n' });
    expect(printCustomColumns('NAME:{.metadata.name},API_VERSION:{.apiVersion},NOT_FOUND:{.notFound}', [foo])).toEqual({
      ok: true,
      stdout: 'NAME   API_VERSION   NOT_FOUND\nfoo    baz           <none>\n',
    });
    expect(printCustomColumns('NAME:{.metadata.name}', [{ metadata: { name: '\x1b \r' } }])).toEqual({ ok: true, stdout: 'NAME\n^[ \\r\n' });
  });

  const fake = { metadata: { name: 'fake-name', namespace: 'fake-namespace' }, spec: { containers: [0, 1, 2, 3].map((i) => ({ name: `fake${i}` })) } };
  it.each([
    ['[0]', 'fake0'],
    ['[3]', 'fake3'],
    ['[-1]', 'fake3'],
    ['[-4]', 'fake0'],
    ['[0:0]', '<none>'],
    ['[0:3]', 'fake0,fake1,fake2'],
    ['[1:]', 'fake1,fake2,fake3'],
    ['[0:-1]', 'fake0,fake1,fake2'],
    ['[-3:-1]', 'fake1,fake2'],
    ['[4:4]', '<none>'],
    ['[-5:-5]', '<none>'],
    ['[5]', 'ERR array index out of bounds: index 5, length 4'],
    ['[-5]', 'ERR array index out of bounds: index -1, length 4'],
    ['[3:1]', 'ERR starting index 3 is greater than ending index 1'],
    ['[-2:-3]', 'ERR starting index 2 is greater than ending index 1'],
  ])('[TestSliceColumnPrint] containers%s', (idx, want) => {
    const r = printCustomColumns(`CONTAINER:.spec.containers${idx}.name`, [fake]);
    expect(r.ok ? r.stdout : `ERR ${r.error.replace(/^error: |\n$/g, '')}`).toBe(r.ok ? `CONTAINER\n${want}\n` : want);
  });

  it('aligned like kubectl tables', () => {
    expect(printCustomColumns('NAME:.metadata.name,IP:.status.podIP', [pod('web-1', '10.0.0.5'), pod('web-2')])).toEqual({
      ok: true,
      stdout: 'NAME    IP\nweb-1   10.0.0.5\nweb-2   <none>\n',
    });
  });

  it('--no-headers', () => {
    expect(printCustomColumns('NAME:.metadata.name,IP:.status.podIP', [pod('web-1', '10.0.0.5')], { noHeaders: true })).toEqual({ ok: true, stdout: 'web-1   10.0.0.5\n' });
    expect(printCustomColumns('NAME:.metadata.name', [], { noHeaders: true })).toEqual({ ok: true, stdout: '' });
  });

  it('no objects: the header alone', () => {
    expect(printCustomColumns('NAME:.metadata.name', [])).toEqual({ ok: true, stdout: 'NAME\n' });
  });

  it('a column that does not parse: the header is flushed, then the error', () => {
    expect(printCustomColumns('NAME:.metadata.name[', [pod('a')])).toEqual({ ok: false, stdout: 'NAME\n', error: 'error: unterminated array\n' });
  });

  it('a bad spec prints nothing', () => {
    expect(printCustomColumns('NAME', [pod('a')])).toEqual({ ok: false, stdout: '', error: 'error: unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>\n' });
  });
});
