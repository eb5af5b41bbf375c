import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types.ts';
import { marshalCompact } from '../../format/gojson.ts';
import { applyPatch } from './apply3way.ts';
import { LAST_APPLIED, lastAppliedValue, withLastApplied } from './lastApplied.ts';
import { patchSchemaFor } from './patchMeta.ts';
import { createThreeWayMergePatch, strategicMergePatch } from './smpMerge.ts';

type J = Record<string, unknown>;

const deployment = (containers: J[], extra: J = {}): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
  spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers } }, ...extra },
});

/** A live object as the server keeps it after `kubectl apply` of `config` (plus server fields). */
function live(config: KubeObject, serverFields: (o: J) => void): KubeObject {
  const o = JSON.parse(JSON.stringify(withLastApplied(config))) as J;
  serverFields(o);
  return o as unknown as KubeObject;
}

/** The patch text kubectl sends, without the (long) last-applied annotation. */
function patchText(config: KubeObject, current: KubeObject): string {
  const p = applyPatch(config, current) as { metadata?: { annotations?: J } };
  if (p.metadata?.annotations) delete p.metadata.annotations[LAST_APPLIED];
  if (p.metadata?.annotations && Object.keys(p.metadata.annotations).length === 0) delete p.metadata.annotations;
  if (p.metadata && Object.keys(p.metadata).length === 0) delete p.metadata;
  return marshalCompact(p);
}

describe('last-applied-configuration', () => {
  it('is the compact JSON of the object as applied, keys sorted, newline-terminated', () => {
    const obj: KubeObject = { kind: 'Service', apiVersion: 'v1', metadata: { name: 'x', namespace: 'default', annotations: { a: '<b>' } }, spec: { ports: [{ port: 80 }] } };
    expect(lastAppliedValue(obj)).toBe('{"apiVersion":"v1","kind":"Service","metadata":{"annotations":{"a":"\\u003cb\\u003e"},"name":"x","namespace":"default"},"spec":{"ports":[{"port":80}]}}\n');
  });

  it('leaves out its own previous value', () => {
    const obj = withLastApplied({ kind: 'Namespace', apiVersion: 'v1', metadata: { name: 'n' } });
    expect(obj.metadata.annotations?.[LAST_APPLIED]).toBe('{"apiVersion":"v1","kind":"Namespace","metadata":{"annotations":{},"name":"n"}}\n');
    expect(lastAppliedValue(obj)).toBe('{"apiVersion":"v1","kind":"Namespace","metadata":{"annotations":{},"name":"n"}}\n');
  });
});

describe('three-way strategic merge patch (client-side apply)', () => {
  const base = deployment([{ name: 'app', image: 'nginx:1.25', ports: [{ containerPort: 80 }] }]);
  const current = live(base, (o) => {
    const spec = o.spec as J;
    spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } };
    ((spec.template as J).spec as J).dnsPolicy = 'ClusterFirst';
    (o.metadata as J).uid = 'u1';
  });

  it('sends nothing when the configuration and the live object agree', () => {
    expect(applyPatch(base, current)).toEqual({});
  });

  it('changes a container by name, with the list order ($setElementOrder)', () => {
    const next = deployment([{ name: 'app', image: 'nginx:1.26', ports: [{ containerPort: 80 }] }]);
    expect(patchText(next, current)).toBe('{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"app"}],"containers":[{"image":"nginx:1.26","name":"app"}]}}}}');
  });

  it('puts back a value someone else changed (kubectl scale), since the configuration names it', () => {
    const scaled = JSON.parse(JSON.stringify(current)) as KubeObject;
    (scaled.spec as J).replicas = 5;
    expect(patchText(base, scaled)).toBe('{"spec":{"replicas":3}}');
  });

  it('removes fields dropped from the configuration, keeps fields it never set', () => {
    const next = deployment([{ name: 'app', image: 'nginx:1.25', ports: [{ containerPort: 80 }] }]);
    delete (next.spec as J).replicas;
    expect(patchText(next, current)).toBe('{"spec":{"replicas":null}}');
    const merged = strategicMergePatch(current as unknown as J, applyPatch(next, current), patchSchemaFor('Deployment'));
    const spec = merged.spec as J;
    expect(spec.replicas).toBeUndefined();
    expect(spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } });
    expect(((spec.template as J).spec as J).dnsPolicy).toBe('ClusterFirst');
  });

  it('deletes a removed container and keeps the others in order', () => {
    const two = deployment([
      { name: 'app', image: 'nginx:1.25' },
      { name: 'sidecar', image: 'busybox' },
    ]);
    const liveTwo = live(two, () => {});
    const one = deployment([{ name: 'app', image: 'nginx:1.25' }]);
    expect(patchText(one, liveTwo)).toBe('{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"app"}],"containers":[{"$patch":"delete","name":"sidecar"}]}}}}');
    const merged = strategicMergePatch(liveTwo as unknown as J, applyPatch(one, liveTwo), patchSchemaFor('Deployment'));
    expect((((merged.spec as J).template as J).spec as J).containers).toEqual([{ name: 'app', image: 'nginx:1.25' }]);
  });

  it('replaces the rolling-update parameters when the strategy type changes (retainKeys)', () => {
    const recreate = deployment([{ name: 'app', image: 'nginx:1.25', ports: [{ containerPort: 80 }] }], { strategy: { type: 'Recreate' } });
    expect(patchText(recreate, current)).toBe('{"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}}');
    const merged = strategicMergePatch(current as unknown as J, applyPatch(recreate, current), patchSchemaFor('Deployment'));
    expect((merged.spec as J).strategy).toEqual({ type: 'Recreate' });
  });

  it('merges Service ports by port: a new port is added, a removed one deleted', () => {
    const svc = (ports: J[]): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'default' }, spec: { selector: { app: 's' }, ports } });
    const liveSvc = live(svc([{ name: 'http', port: 80, targetPort: 8080 }]), (o) => {
      const spec = o.spec as J;
      (spec.ports as J[])[0]!.protocol = 'TCP';
      spec.clusterIP = '10.96.0.20';
    });
    const next = svc([{ name: 'https', port: 443, targetPort: 8443 }]);
    expect(patchText(next, liveSvc)).toBe(
      '{"spec":{"$setElementOrder/ports":[{"port":443}],"ports":[{"name":"https","port":443,"targetPort":8443},{"$patch":"delete","port":80}]}}',
    );
    const merged = strategicMergePatch(liveSvc as unknown as J, applyPatch(next, liveSvc), patchSchemaFor('Service'));
    expect((merged.spec as J).ports).toEqual([{ name: 'https', port: 443, targetPort: 8443 }]);
    expect((merged.spec as J).clusterIP).toBe('10.96.0.20');
  });

  it('removes a label dropped from the configuration, keeps labels added by others', () => {
    const withTier = deployment([{ name: 'app', image: 'nginx:1.25', ports: [{ containerPort: 80 }] }]);
    withTier.metadata.labels = { app: 'web', tier: 'front' };
    const liveTier = live(withTier, (o) => {
      ((o.metadata as J).labels as J).owner = 'ops';
    });
    const next = deployment([{ name: 'app', image: 'nginx:1.25', ports: [{ containerPort: 80 }] }]);
    expect(patchText(next, liveTier)).toBe('{"metadata":{"labels":{"tier":null}}}');
    const merged = strategicMergePatch(liveTier as unknown as J, applyPatch(next, liveTier), patchSchemaFor('Deployment'));
    expect((merged.metadata as J).labels).toEqual({ app: 'web', owner: 'ops' });
  });

  it('without a last-applied annotation deletes nothing (the annotation is added)', () => {
    const bare = JSON.parse(JSON.stringify(base)) as KubeObject;
    const p = createThreeWayMergePatch(null, withLastApplied(base) as unknown as J, bare as unknown as J, patchSchemaFor('Deployment'));
    expect(Object.keys(p)).toEqual(['metadata']);
    expect(((p.metadata as J).annotations as J)[LAST_APPLIED]).toBe(lastAppliedValue(base));
  });
});
