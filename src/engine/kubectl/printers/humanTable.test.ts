import { describe, expect, it } from 'vitest';
import { RESOURCES } from '../../api/resources.ts';
import type { Service } from '../../api/types.ts';
import { tableText, type HumanOptions } from './humanTable.ts';
import { GET_TABWRITER, tabulate } from './tabwriter.ts';
import { clockOnlySim } from './testSim.ts';

const services = RESOURCES.find((r) => r.resource === 'services')!;
const svc = (name: string, ns: string, labels: Record<string, string>): Service => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace: ns, labels, creationTimestamp: '2026-11-21T09:00:00Z' },
  spec: { type: 'ClusterIP', clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], ports: [{ port: 53, protocol: 'UDP' }], selector: { 'k8s-app': 'kube-dns' } },
});
const base: HumanOptions = { wide: false, noHeaders: false, withNamespace: false, showLabels: false, labelColumns: [], withKind: false };
const sim = clockOnlySim(125_000);
const objs = [svc('kube-dns', 'kube-system', { 'k8s-app': 'kube-dns', 'kubernetes.io/name': 'CoreDNS' })];

describe('human-readable table decoration', () => {
  it('[KC-1] -A puts NAMESPACE first; AGE uses HumanDuration [KC-3]', () => {
    expect(tabulate(tableText(sim, services, objs, { ...base, withNamespace: true }), GET_TABWRITER)).toBe(
      'NAMESPACE     NAME       TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE\n' + 'kube-system   kube-dns   ClusterIP   10.96.0.10   <none>        53/UDP    2m5s\n',
    );
  });

  it('[KC-1] -o wide adds the priority columns; -L adds label columns; --show-labels adds LABELS last', () => {
    expect(tabulate(tableText(sim, services, objs, { ...base, wide: true, labelColumns: ['kubernetes.io/name', 'missing'], showLabels: true }), GET_TABWRITER)).toBe(
      'NAME       TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE    SELECTOR           NAME      MISSING   LABELS\n' +
        'kube-dns   ClusterIP   10.96.0.10   <none>        53/UDP    2m5s   k8s-app=kube-dns   CoreDNS             k8s-app=kube-dns,kubernetes.io/name=CoreDNS\n',
    );
  });

  it('several kinds prefix names with kind[.group]/; --no-headers drops the header', () => {
    expect(tabulate(tableText(sim, services, objs, { ...base, withKind: true, noHeaders: true }), GET_TABWRITER)).toBe('service/kube-dns   ClusterIP   10.96.0.10   <none>   53/UDP   2m5s\n');
  });

  it('prints nothing, not even the header, for no rows', () => {
    expect(tableText(sim, services, [], base)).toBe('');
  });
});
