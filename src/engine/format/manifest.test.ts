// Error texts are kubectl v1.33's (resource.StreamVisitor, yaml.YAMLOrJSONDecoder,
// validation.GetObjectKind, cmdutil.CheckErr); the go-yaml and encoding/json parts were checked
// against the Go libraries themselves.
import { describe, expect, it } from 'vitest';
import { parseManifests } from './manifest.ts';

const SVC = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - port: 80
    targetPort: 8080
`;

describe('parseManifests', () => {
  it('reads a YAML manifest with go-yaml typing', () => {
    expect(parseManifests(SVC, 'svc.yaml')).toEqual({
      ok: true,
      docs: [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] } }],
    });
  });

  it('splits documents at "---" lines and skips empty ones', () => {
    const text = `---\n# a comment only\n---\n${SVC}--- # next\napiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\n\n`;
    const r = parseManifests(text, 'all.yaml');
    expect(r.ok && r.docs.map((d) => d.kind)).toEqual(['Service', 'Namespace']);
  });

  it('keeps YAML 1.1 meaning: unquoted yes is a bool, 0777 is octal, 22:22 stays text', () => {
    const r = parseManifests('apiVersion: v1\nkind: ConfigMap\ndata:\n  a: yes\n  b: 0777\n  c: 22:22\n  d: "yes"\n', 'cm.yaml');
    expect(r).toEqual({ ok: true, docs: [{ apiVersion: 'v1', kind: 'ConfigMap', data: { a: true, b: 511, c: '22:22', d: 'yes' } }] });
  });

  it('reads a stream of JSON objects', () => {
    const r = parseManifests('\n{"apiVersion":"v1","kind":"Service","metadata":{"name":"a"}}\n{"apiVersion":"v1","kind":"Pod","metadata":{"name":"b"}}\n', 'objs.json');
    expect(r.ok && r.docs.map((d) => d.kind)).toEqual(['Service', 'Pod']);
  });

  it('flattens a List, items inheriting apiVersion and kind from a typed list', () => {
    const r = parseManifests(
      'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Service\n  metadata: {name: a}\n---\napiVersion: v1\nkind: ServiceList\nitems:\n- metadata: {name: b}\n',
      'list.yaml',
    );
    expect(r).toEqual({
      ok: true,
      docs: [
        { apiVersion: 'v1', kind: 'Service', metadata: { name: 'a' } },
        { apiVersion: 'v1', kind: 'Service', metadata: { name: 'b' } },
      ],
    });
  });

  it('reports YAML syntax errors like kubectl', () => {
    expect(parseManifests('apiVersion: v1\nkind: Service\nmetadata: name: web\n', 'svc.yaml')).toEqual({
      ok: false,
      error: 'error: error parsing svc.yaml: error converting YAML to JSON: yaml: line 3: mapping values are not allowed in this context\n',
    });
    // Line numbers count from the start of the document, not of the file.
    expect(parseManifests(`${SVC}---\napiVersion: v1\nkind: Pod\nmetadata:\n\tname: p\n`, 'both.yaml')).toEqual({
      ok: false,
      error: 'error: error parsing both.yaml: error converting YAML to JSON: yaml: line 4: found character that cannot start any token\n',
    });
  });

  it('rejects text after a document separator', () => {
    expect(parseManifests(`${SVC}--- foo\n`, 'svc.yaml')).toEqual({
      ok: false,
      error: 'error: error parsing svc.yaml: invalid Yaml document separator: foo\n',
    });
  });

  it('reports JSON syntax errors with the byte offset', () => {
    expect(parseManifests('{"apiVersion": "v1", "kind": "Service",}', 'svc.json')).toEqual({
      ok: false,
      error: "error: error parsing svc.json: json: offset 40: invalid character '}' looking for beginning of object key string\n",
    });
    expect(parseManifests('{"apiVersion": "v1"', 'svc.json')).toEqual({
      ok: false,
      error: 'error: error parsing svc.json: unexpected EOF\n',
    });
  });

  it('validates apiVersion and kind', () => {
    expect(parseManifests('metadata:\n  name: web\n', 'svc.yaml')).toEqual({
      ok: false,
      error:
        'error: error validating "svc.yaml": error validating data: [apiVersion not set, kind not set]; if you choose to ignore these errors, turn validation off with --validate=false\n',
    });
    expect(parseManifests('apiVersion: v1\nmetadata:\n  name: web\n', 'svc.yaml')).toEqual({
      ok: false,
      error:
        'error: error validating "svc.yaml": error validating data: kind not set; if you choose to ignore these errors, turn validation off with --validate=false\n',
    });
    expect(parseManifests('- a\n- b\n', 'list.yaml')).toEqual({
      ok: false,
      error:
        'error: error validating "list.yaml": error validating data: invalid object to validate; if you choose to ignore these errors, turn validation off with --validate=false\n',
    });
    expect(parseManifests('apiVersion: v1\nkind: ""\nmetadata: {name: x}\n', 'x.yaml')).toEqual({
      ok: false,
      error: `error: unable to decode "x.yaml": Object 'Kind' is missing in '{"apiVersion":"v1","kind":"","metadata":{"name":"x"}}'\n`,
    });
  });

  it('returns no documents for an empty file', () => {
    expect(parseManifests('', 'empty.yaml')).toEqual({ ok: true, docs: [] });
    expect(parseManifests('# just a comment\n', 'empty.yaml')).toEqual({ ok: true, docs: [] });
  });
});
