import { describe, expect, it } from 'vitest';
import type { EndpointAddress, EndpointSubset } from '../../api/types.ts';
import { md5Hex } from '../endpointslice/gohash.ts';
import { repackSubsets, sortSubsets, spewSubset, subsetsEqual, truncateSubsets } from './subsets.ts';

const addr = (i: number, uid = `uid-${i}`): EndpointAddress => ({ ip: `10.244.0.${i}`, nodeName: 'node-1', targetRef: { kind: 'Pod', namespace: 'default', name: `p${i}`, uid } });

// Dumps and hashes printed by a Go program with go-spew d8f796a (dump.ForHash's config),
// crypto/md5, and structs laid out as core/v1 EndpointSubset.
const GO_SUBSETS: { subset: EndpointSubset; spew: string; md5: string }[] = [
  {
    subset: {
      addresses: [{ ip: '10.244.1.2', nodeName: 'kind-worker', targetRef: { kind: 'Pod', namespace: 'default', name: 'web-a', uid: '11111111-1111-4111-8111-111111111111' } }],
      notReadyAddresses: [],
      ports: [{ name: 'http', port: 8080, protocol: 'TCP', appProtocol: 'http' }],
    },
    spew: '(v1.EndpointSubset){Addresses:([]v1.EndpointAddress)[{IP:(string)10.244.1.2 Hostname:(string) NodeName:(*string)kind-worker TargetRef:(*v1.ObjectReference){Kind:(string)Pod Namespace:(string)default Name:(string)web-a UID:(types.UID)11111111-1111-4111-8111-111111111111 APIVersion:(string) ResourceVersion:(string) FieldPath:(string)}}] NotReadyAddresses:([]v1.EndpointAddress)[] Ports:([]v1.EndpointPort)[{Name:(string)http Port:(int32)8080 Protocol:(v1.Protocol)TCP AppProtocol:(*string)http}]}',
    md5: 'a2bfec414f5b98d567388628fb7d2580',
  },
  {
    subset: {
      notReadyAddresses: [{ ip: '10.244.2.3', hostname: 'h', nodeName: 'kind-worker2', targetRef: { kind: 'Pod', namespace: 'default', name: 'web-b', uid: '22222222-2222-4222-8222-222222222222' } }],
      ports: [{ port: 9090, protocol: 'TCP' }],
    },
    spew: '(v1.EndpointSubset){Addresses:([]v1.EndpointAddress)<nil> NotReadyAddresses:([]v1.EndpointAddress)[{IP:(string)10.244.2.3 Hostname:(string)h NodeName:(*string)kind-worker2 TargetRef:(*v1.ObjectReference){Kind:(string)Pod Namespace:(string)default Name:(string)web-b UID:(types.UID)22222222-2222-4222-8222-222222222222 APIVersion:(string) ResourceVersion:(string) FieldPath:(string)}}] Ports:([]v1.EndpointPort)[{Name:(string) Port:(int32)9090 Protocol:(v1.Protocol)TCP AppProtocol:(*string)<nil>}]}',
    md5: '668059ac1e103224a50b3354854dcff3',
  },
  {
    subset: { addresses: [{ ip: '10.244.1.9' }] },
    spew: '(v1.EndpointSubset){Addresses:([]v1.EndpointAddress)[{IP:(string)10.244.1.9 Hostname:(string) NodeName:(*string)<nil> TargetRef:(*v1.ObjectReference)<nil>}] NotReadyAddresses:([]v1.EndpointAddress)<nil> Ports:([]v1.EndpointPort)<nil>}',
    md5: '277650c79c1be0601fc83e8936d9db7b',
  },
];

describe('Endpoints subsets (ES-5)', () => {
  it('[ES-5] spew dumps and MD5s of subsets match Go byte for byte', () => {
    for (const g of GO_SUBSETS) {
      expect(spewSubset(g.subset)).toBe(g.spew);
      expect(md5Hex(g.spew)).toBe(g.md5);
    }
  });

  it('[ES-5] subsets are ordered by the MD5 of their dump', () => {
    const sorted = sortSubsets(GO_SUBSETS.map((g) => g.subset));
    expect(sorted.map((s) => spewSubset(s))).toEqual([GO_SUBSETS[2]!.spew, GO_SUBSETS[1]!.spew, GO_SUBSETS[0]!.spew]);
  });

  it('[ES-5] per-pod, per-port subsets repack into one subset per address set; ports in MD5 order (kube-dns)', () => {
    const ports = [
      { name: 'dns', port: 53, protocol: 'UDP' },
      { name: 'dns-tcp', port: 53, protocol: 'TCP' },
      { name: 'metrics', port: 9153, protocol: 'TCP' },
    ];
    const raw: EndpointSubset[] = [];
    for (const a of [addr(3), addr(2)]) for (const p of ports) raw.push({ addresses: [a], ports: [p] });
    expect(repackSubsets(raw)).toEqual([
      {
        addresses: [addr(2), addr(3)],
        ports: [
          { name: 'dns-tcp', port: 53, protocol: 'TCP' },
          { name: 'dns', port: 53, protocol: 'UDP' },
          { name: 'metrics', port: 9153, protocol: 'TCP' },
        ],
      },
    ]);
  });

  it('[ES-5] ready and not-ready addresses share a subset; pods resolving different ports split', () => {
    const p80 = { port: 8080, protocol: 'TCP' };
    const p81 = { port: 8081, protocol: 'TCP' };
    const out = repackSubsets([
      { addresses: [addr(1)], ports: [p80] },
      { notReadyAddresses: [addr(2)], ports: [p80] },
      { addresses: [addr(3)], ports: [p81] },
    ]);
    // Order checked against Go: MD5s a96e73f9… (8080 subset) < eeb07b11… (8081 subset).
    expect(out).toEqual([
      { addresses: [addr(1)], notReadyAddresses: [addr(2)], ports: [p80] },
      { addresses: [addr(3)], ports: [p81] },
    ]);
  });

  it('[ES-5] headless services without ports keep their addresses (no ports field)', () => {
    expect(repackSubsets([{ addresses: [addr(5)] }, { notReadyAddresses: [addr(4)] }])).toEqual([{ addresses: [addr(5)], notReadyAddresses: [addr(4)] }]);
  });

  it('[ES-5] addresses sort by IP bytes, then UID', () => {
    const out = repackSubsets([{ addresses: [addr(10), addr(9), { ...addr(9), targetRef: { ...addr(9).targetRef!, uid: 'a' } }], ports: [{ port: 1, protocol: 'TCP' }] }]);
    expect(out[0]!.addresses!.map((a) => `${a.ip}/${a.targetRef!.uid}`)).toEqual(['10.244.0.10/uid-10', '10.244.0.9/a', '10.244.0.9/uid-9']);
  });

  it('[ES-5] over 1000 addresses: ready ones first, cut in proportion per subset', () => {
    const many = (n: number, from: number) => Array.from({ length: n }, (_, i) => addr(from + i));
    const onlyReady: EndpointSubset[] = [{ addresses: many(1200, 0), notReadyAddresses: many(5, 5000), ports: [{ port: 1, protocol: 'TCP' }] }];
    expect(truncateSubsets(onlyReady)).toBe(true);
    expect(onlyReady[0]!.addresses!.length).toBe(1000);
    expect(onlyReady[0]!.notReadyAddresses).toBeUndefined();

    const mixed: EndpointSubset[] = [
      { addresses: many(900, 0), notReadyAddresses: many(150, 1000), ports: [{ port: 1, protocol: 'TCP' }] },
      { notReadyAddresses: many(150, 2000), ports: [{ port: 2, protocol: 'TCP' }] },
    ];
    expect(truncateSubsets(mixed)).toBe(true);
    expect(mixed.map((s) => [s.addresses?.length ?? 0, s.notReadyAddresses?.length ?? 0])).toEqual([[900, 50], [0, 50]]);

    const small: EndpointSubset[] = [{ addresses: many(1000, 0) }];
    expect(truncateSubsets(small)).toBe(false);
  });

  it('[ES-5] equality ignores the target resourceVersion and empty-versus-missing lists', () => {
    const a: EndpointSubset[] = [{ addresses: [{ ...addr(1), targetRef: { ...addr(1).targetRef!, resourceVersion: '7' } }], notReadyAddresses: [], ports: [{ port: 1, protocol: 'TCP' }] }];
    const b: EndpointSubset[] = [{ addresses: [addr(1)], ports: [{ port: 1, protocol: 'TCP' }] }];
    expect(subsetsEqual(a, b)).toBe(true);
    expect(subsetsEqual([], undefined)).toBe(true);
    expect(subsetsEqual(b, [{ notReadyAddresses: [addr(1)], ports: [{ port: 1, protocol: 'TCP' }] }])).toBe(false);
  });
});
