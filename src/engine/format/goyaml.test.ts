// Every expected text below is what go-yaml v2.4.0 (gopkg.in/yaml.v2, the code behind
// sigs.k8s.io/yaml) printed for the same input run through json.Marshal → yaml.Unmarshal →
// yaml.Marshal, i.e. kubectl's `get -o yaml` path; the Endpoints text is real kubectl output.
import { describe, expect, it } from 'vitest';
import { formatFloatG, goKeyLess, toYaml } from './goyaml.ts';

describe('toYaml', () => {
  it('prints an Endpoints object exactly like kubectl get -o yaml', () => {
    const endpoints = {
      kind: 'Endpoints',
      apiVersion: 'v1',
      metadata: {
        uid: 'a79874d8-2789-4468-a08f-10c578d98150',
        name: 'nginx-service-nodeport',
        namespace: 'raushan',
        resourceVersion: '11148354',
        creationTimestamp: '2025-11-20T20:03:40Z',
      },
      subsets: [
        {
          ports: [{ protocol: 'TCP', port: 443 }],
          addresses: [
            {
              targetRef: { uid: 'fbce0c59-1b54-47ed-aa03-976ea01638a8', namespace: 'raushan', name: 'nginx-deployment-ddd55bc54-hdj4d', kind: 'Pod' },
              nodeName: 'oauth-test-worker2',
              ip: '10.244.1.28',
            },
          ],
        },
      ],
    };
    expect(toYaml(endpoints)).toBe(
      `apiVersion: v1
kind: Endpoints
metadata:
  creationTimestamp: "2025-11-20T20:03:40Z"
  name: nginx-service-nodeport
  namespace: raushan
  resourceVersion: "11148354"
  uid: a79874d8-2789-4468-a08f-10c578d98150
subsets:
- addresses:
  - ip: 10.244.1.28
    nodeName: oauth-test-worker2
    targetRef:
      kind: Pod
      name: nginx-deployment-ddd55bc54-hdj4d
      namespace: raushan
      uid: fbce0c59-1b54-47ed-aa03-976ea01638a8
  ports:
  - port: 443
    protocol: TCP
`,
    );
  });

  it('prints a Service with apply annotation, folding and natural key order', () => {
    const lac =
      '{"apiVersion":"v1","kind":"Service","metadata":{"annotations":{},"name":"web","namespace":"default"},"spec":{"ports":[{"port":80,"protocol":"TCP","targetPort":8080}],"selector":{"app":"web"},"type":"NodePort"}}\n';
    const svc = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        annotations: {
          'kubectl.kubernetes.io/last-applied-configuration': lac,
          description: 'Front door for the web tier; traffic from the NodePort is spread over every ready endpoint by kube-proxy.',
          note: '{"owner":"team a","reason":"migrated from the old cluster during the 2025 platform consolidation"}',
        },
        creationTimestamp: '2025-11-20T20:03:40Z',
        labels: { app: 'web', tier10: 'x', tier9: 'y', version: '1.10' },
        name: 'web',
        namespace: 'default',
        resourceVersion: '11148354',
        uid: '5b8a7c4e-2f0d-4b8e-9a51-0c8e2c6f7d11',
      },
      spec: {
        clusterIP: '10.96.12.7',
        clusterIPs: ['10.96.12.7'],
        externalTrafficPolicy: 'Cluster',
        internalTrafficPolicy: 'Cluster',
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
        ports: [{ nodePort: 31234, port: 80, protocol: 'TCP', targetPort: 8080 }],
        selector: { app: 'web' },
        sessionAffinity: 'None',
        type: 'NodePort',
      },
      status: { loadBalancer: {} },
    };
    // The apply annotation ends in "\n", so it is a `|` block on one long line (never folded);
    // the plain description and the single-quoted JSON note fold at the first space past
    // column 80 (emitter best_width); "y" and "1.10" would read back as bool/float: quoted;
    // tier9 sorts before tier10 (go-yaml compares digit runs by value).
    expect(toYaml(svc)).toBe(
      `apiVersion: v1
kind: Service
metadata:
  annotations:
    description: Front door for the web tier; traffic from the NodePort is spread
      over every ready endpoint by kube-proxy.
    kubectl.kubernetes.io/last-applied-configuration: |
      {"apiVersion":"v1","kind":"Service","metadata":{"annotations":{},"name":"web","namespace":"default"},"spec":{"ports":[{"port":80,"protocol":"TCP","targetPort":8080}],"selector":{"app":"web"},"type":"NodePort"}}
    note: '{"owner":"team a","reason":"migrated from the old cluster during the 2025
      platform consolidation"}'
  creationTimestamp: "2025-11-20T20:03:40Z"
  labels:
    app: web
    tier9: "y"
    tier10: x
    version: "1.10"
  name: web
  namespace: default
  resourceVersion: "11148354"
  uid: 5b8a7c4e-2f0d-4b8e-9a51-0c8e2c6f7d11
spec:
  clusterIP: 10.96.12.7
  clusterIPs:
  - 10.96.12.7
  externalTrafficPolicy: Cluster
  internalTrafficPolicy: Cluster
  ipFamilies:
  - IPv4
  ipFamilyPolicy: SingleStack
  ports:
  - nodePort: 31234
    port: 80
    protocol: TCP
    targetPort: 8080
  selector:
    app: web
  sessionAffinity: None
  type: NodePort
status:
  loadBalancer: {}
`,
    );
  });

  it('prints an empty List the way kubectl wraps list results', () => {
    expect(toYaml({ apiVersion: 'v1', items: [], kind: 'List', metadata: { resourceVersion: '' } })).toBe(
      'apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n',
    );
  });

  it('quotes strings exactly where go-yaml does', () => {
    const words = [
      '-', '?', '- a', 'a #b', 'a: b', ':a', 'a:', '#x', 'x#y', ' lead', 'trail ', '---', '...', 'a\tb', 'été', '😀',
      'yes', 'Y', 'on', 'ON', 'oN', '0777', '08', '0x1F', '1_000', '1e3', '1:20', '12:60', '2025-11-20', '2025-13-45',
      '2025-02-30', '2024-02-29', '2025-1-2 3:4:5', '2025-11-20T20:03:40.123+01:00', '2025-11-20t20:03:40Z', '~', '',
      'null', 'NULL', 'nuLL', '<<', '=', '0.', '.5', '.', '+.inf', '.Inf', '*a', '&a', '!a', '|a', '>a', '%a', '@a', '`a',
      '{a', '}a', '[a', ']a', ',a', 'a,b', 'a[b]', '"q', "'q", "a'b", 'a"b', 'a\\b', 'k:{"port":80}', 'f:spec',
    ];
    expect(toYaml({ k: words })).toBe(
      `k:
- '-'
- '?'
- '- a'
- 'a #b'
- 'a: b'
- :a
- 'a:'
- '#x'
- x#y
- ' lead'
- 'trail '
- '---'
- '...'
- "a\\tb"
- été
- "\\U0001F600"
- "yes"
- "Y"
- "on"
- "ON"
- oN
- "0777"
- "08"
- "0x1F"
- "1_000"
- "1e3"
- "1:20"
- 12:60
- "2025-11-20"
- 2025-13-45
- 2025-02-30
- "2024-02-29"
- "2025-1-2 3:4:5"
- "2025-11-20T20:03:40.123+01:00"
- "2025-11-20t20:03:40Z"
- "~"
- ""
- "null"
- "NULL"
- nuLL
- <<
- =
- "0."
- ".5"
- .
- "+.inf"
- ".Inf"
- '*a'
- '&a'
- '!a'
- '|a'
- '>a'
- '%a'
- '@a'
- '\`a'
- '{a'
- '}a'
- '[a'
- ']a'
- ',a'
- a,b
- a[b]
- '"q'
- '''q'
- a'b
- a"b
- a\\b
- k:{"port":80}
- f:spec
`,
    );
  });

  it('uses literal blocks with chomping and indentation indicators for text with newlines', () => {
    expect(toYaml({ k: ['multi\nline', 'end\n', 'two\n\n', '\n', '  indented\nx', ' \n'] })).toBe(
      'k:\n- |-\n  multi\n  line\n- |\n  end\n- |+\n  two\n\n- |2+\n\n- |2-\n    indented\n  x\n- " \\n"\n',
    );
  });

  it('prints numbers as json.Marshal + go-yaml do', () => {
    expect(toYaml({ a: [[1, []], {}], b: { c: [{ d: { e: [] } }] }, f: -0, g: 2.5e-7, h: 1e300, i: -12, j: 3.0 })).toBe(
      'a:\n- - 1\n  - []\n- {}\nb:\n  c:\n  - d:\n      e: []\nf: 0\ng: 2.5e-07\nh: 1e+300\ni: -12\nj: 3\n',
    );
    expect(toYaml({ a: 1234567.5, b: 123456.5, c: 0.0001, d: 0.00001, e: -0.5, f: 1e21, i: 1e20 })).toBe(
      'a: 1.2345675e+06\nb: 123456.5\nc: 0.0001\nd: 1e-05\ne: -0.5\nf: 1e+21\ni: 1e+20\n',
    );
  });

  it('uses the explicit "? key" form for keys longer than 128 bytes', () => {
    const k = 'k'.repeat(130);
    expect(toYaml({ [k]: { a: 1 }, s: [k] })).toBe(`? ${k}\n: a: 1\ns:\n- ${k}\n`);
  });

  it('prints null, true and top-level empties', () => {
    expect(toYaml({ a: null, b: true, c: false, d: undefined })).toBe('a: null\nb: true\nc: false\n');
    expect(toYaml({})).toBe('{}\n');
    expect(toYaml([])).toBe('[]\n');
  });
});

describe('go-yaml number and key helpers', () => {
  it("formats floats like strconv.FormatFloat(f, 'g', -1, 64)", () => {
    expect([0.5, 1e-7, 123456.5, 1234567.5, 1e21, 0.1 + 0.2, -2.5e-5].map(formatFloatG)).toEqual([
      '0.5', '1e-07', '123456.5', '1.2345675e+06', '1e+21', '0.30000000000000004', '-2.5e-05',
    ]);
  });

  it('orders keys like go-yaml sorter.go (digits by value, non-letters first)', () => {
    const keys = ['port10', 'port9', 'AB', 'A_x', 'a00b', 'a0b', 'a1b', 'x01', 'x1', 'b', 'a'];
    keys.sort((x, y) => (goKeyLess(x, y) ? -1 : goKeyLess(y, x) ? 1 : 0));
    // Order as printed by go-yaml v2.4.0 for the same keys.
    expect(keys).toEqual(['A_x', 'AB', 'a', 'a00b', 'a0b', 'a1b', 'b', 'port9', 'port10', 'x1', 'x01']);
  });
});
