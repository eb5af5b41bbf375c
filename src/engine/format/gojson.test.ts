// Expected texts are what Go's json.MarshalIndent(obj, "", "    ") + "\n" printed for the same
// values (cli-runtime JSONPrinter), with Go 1.22+'s "\b"/"\f" escapes.
import { describe, expect, it } from 'vitest';
import { marshalCompact, toJson } from './gojson.ts';

describe('toJson', () => {
  it('prints a List like kubectl get -o json', () => {
    expect(toJson({ kind: 'List', apiVersion: 'v1', metadata: { resourceVersion: '' }, items: [] })).toBe(
      `{
    "apiVersion": "v1",
    "items": [],
    "kind": "List",
    "metadata": {
        "resourceVersion": ""
    }
}
`,
    );
  });

  it('indents nested objects and arrays by four spaces, keys sorted', () => {
    const ep = {
      subsets: [{ ports: [{ protocol: 'TCP', port: 443 }], addresses: [{ ip: '10.244.1.28', nodeName: 'w2' }] }],
      metadata: { name: 'web', labels: {} },
    };
    expect(toJson(ep)).toBe(
      `{
    "metadata": {
        "labels": {},
        "name": "web"
    },
    "subsets": [
        {
            "addresses": [
                {
                    "ip": "10.244.1.28",
                    "nodeName": "w2"
                }
            ],
            "ports": [
                {
                    "port": 443,
                    "protocol": "TCP"
                }
            ]
        }
    ]
}
`,
    );
  });

  it("escapes strings like encoding/json (HTML-safe, U+2028/9, control characters)", () => {
    expect(toJson({ s: '<a href="x">&\u2028\u2029\b\f\n\r\t\u0001\u007f\\é😀' })).toBe(
      '{\n    "s": "\\u003ca href=\\"x\\"\\u003e\\u0026\\u2028\\u2029\\b\\f\\n\\r\\t\\u0001\u007f\\\\é😀"\n}\n',
    );
  });

  it('prints numbers, booleans and null as Go does', () => {
    expect(marshalCompact({ a: 1, b: 0.5, c: 1e21, d: 1e-7, e: -0, f: true, g: null, h: 123456789012 })).toBe(
      '{"a":1,"b":0.5,"c":1e+21,"d":1e-7,"e":0,"f":true,"g":null,"h":123456789012}',
    );
  });

  it('sorts keys by code point, not by UTF-16 unit', () => {
    expect(marshalCompact({ '\uffff': 1, '😀': 2, b: 3, B: 4 })).toBe('{"B":4,"b":3,"\uffff":1,"😀":2}');
  });
});
