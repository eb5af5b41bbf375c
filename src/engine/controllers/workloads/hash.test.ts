import { describe, expect, it } from 'vitest';
import { utf8Bytes } from '../../util/sha256.ts';
import { canonicalJson, computeDaemonSetHash, computeTemplateHash, fnv32, fnv32a, safeEncodeString } from './hash.ts';

describe('hash', () => {
  it('FNV-32 and FNV-32a match the reference vectors', () => {
    expect(fnv32a(utf8Bytes(''))).toBe(0x811c9dc5);
    expect(fnv32a(utf8Bytes('a'))).toBe(0xe40c292c);
    expect(fnv32a(utf8Bytes('foobar'))).toBe(0xbf9cf968);
    expect(fnv32(utf8Bytes('a'))).toBe(0x050c5d7e);
    expect(fnv32(utf8Bytes('foobar'))).toBe(0x31f0b262);
  });

  it('rand.SafeEncodeString maps digits onto the vowel-free alphabet', () => {
    expect(safeEncodeString('0123456789')).toBe('456789bcdf');
    expect(safeEncodeString(String(3845286247))).toBe('7d896db68c');
  });

  it('canonical JSON sorts keys and escapes like encoding/json', () => {
    expect(canonicalJson({ b: 1, a: ['<x&y>', null, true], c: undefined })).toBe('{"a":["\\u003cx\\u0026y\\u003e",null,true],"b":1}');
  });

  it('pod-template-hash depends on the template, not on field order, and on collisionCount', () => {
    const t1 = { metadata: { labels: { app: 'web', tier: 'fe' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } };
    const t2 = { spec: { containers: [{ image: 'nginx', name: 'c' }] }, metadata: { labels: { tier: 'fe', app: 'web' } } };
    expect(computeTemplateHash(t1)).toBe(computeTemplateHash(t2));
    expect(computeTemplateHash(t1)).toMatch(/^[456789bcdf]{8,10}$/);
    expect(computeTemplateHash(t1, 1)).not.toBe(computeTemplateHash(t1));
    expect(computeTemplateHash(t1)).toBe('67d9dd846c');
    expect(computeTemplateHash(t1, 1)).toBe('6956858f4b');
  });

  it('controller-revision-hash hashes the revision patch', () => {
    const t = { metadata: { labels: { 'k8s-app': 'kube-proxy' } }, spec: { containers: [{ name: 'kube-proxy', image: 'registry.k8s.io/kube-proxy:v1.33.1' }] } };
    expect(computeDaemonSetHash(t)).toBe(computeDaemonSetHash(JSON.parse(JSON.stringify(t))));
    expect(computeDaemonSetHash(t)).toBe('5689f6c9fd');
  });
});
