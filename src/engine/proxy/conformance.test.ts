// Conformance with kube-proxy's own unit tests (kubernetes/kubernetes
// pkg/proxy/iptables/proxier_test.go, v1.33): the same topology — node test-node 192.168.0.2,
// pods 10.0.0.0/8, masquerade bit 14 — fed the same objects must produce the restore input
// those tests expect (golden files in test/fixtures/kube-proxy, upstream's expected texts).

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { EndpointSlice, Service } from '../api/types.ts';
import type { Proxier } from './proxier.ts';
import { makeTestEndpointSlice, makeTestService, newFakeProxier, sortIPTablesRules, stripComments } from './testkit.ts';

const golden = (name: string): string => stripComments(readFileSync(new URL(`../../../test/fixtures/kube-proxy/${name}`, import.meta.url), 'utf8'));

const tcpPort = (name: string, port: number, nodePort?: number) => ({ name, port, protocol: 'TCP' as const, ...(nodePort ? { nodePort } : {}) });
const slicePort = (name: string, port: number) => [{ name, port, protocol: 'TCP' }];

function addServices(fp: Proxier, ...svcs: Service[]): void {
  for (const s of svcs) fp.onServiceAdd(s);
}
function addSlices(fp: Proxier, ...slices: EndpointSlice[]): void {
  for (const s of slices) fp.onEndpointSliceAdd(s);
}

/** assertIPTablesRulesEqual: our payload is already in the normalised order, so it must equal the expectation as is. */
function expectPayload(fp: Proxier, file: string): void {
  const payload = fp.lastSync!.payload;
  expect(payload).toBe(golden(file));
  expect(sortIPTablesRules(payload)).toBe(payload);
}

describe('kube-proxy conformance (proxier_test.go)', () => {
  it('[KP-15] [KP-20] TestOverallIPTablesRules: every service type in one full sync', () => {
    const { fp } = newFakeProxier();
    addServices(
      fp,
      makeTestService('ns1', 'svc1', (svc) => {
        svc.spec.clusterIP = '172.30.0.41';
        svc.spec.ports = [tcpPort('p80', 80)];
      }),
      makeTestService('ns2', 'svc2', (svc) => {
        svc.spec.type = 'LoadBalancer';
        svc.spec.externalTrafficPolicy = 'Local';
        svc.spec.clusterIP = '172.30.0.42';
        svc.spec.ports = [tcpPort('p80', 80, 3001)];
        svc.status = { loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } };
        svc.spec.externalIPs = ['192.168.99.22'];
        svc.spec.healthCheckNodePort = 30000;
      }),
      makeTestService('ns3', 'svc3', (svc) => {
        svc.spec.type = 'NodePort';
        svc.spec.clusterIP = '172.30.0.43';
        svc.spec.ports = [tcpPort('p80', 80, 3003)];
      }),
      makeTestService('ns4', 'svc4', (svc) => {
        svc.spec.type = 'NodePort';
        svc.spec.clusterIP = '172.30.0.44';
        svc.spec.externalIPs = ['192.168.99.33'];
        svc.spec.ports = [{ ...tcpPort('p80', 80), targetPort: 80 }];
      }),
      makeTestService('ns5', 'svc5', (svc) => {
        svc.spec.type = 'LoadBalancer';
        svc.spec.externalTrafficPolicy = 'Cluster';
        svc.spec.clusterIP = '172.30.0.45';
        svc.spec.ports = [tcpPort('p80', 80, 3002)];
        svc.status = { loadBalancer: { ingress: [{ ip: '5.6.7.8' }] } };
        svc.spec.healthCheckNodePort = 30000;
        svc.spec.loadBalancerSourceRanges = [' 203.0.113.0/25'];
        svc.spec.sessionAffinity = 'ClientIP';
        svc.spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 10800 } };
      }),
      makeTestService('ns6', 'svc6', (svc) => {
        svc.spec.type = 'ClusterIP';
        svc.spec.clusterIP = '172.30.0.46';
        svc.spec.ports = [{ ...tcpPort('p80', 80), targetPort: 80 }];
      }),
    );
    addSlices(
      fp,
      makeTestEndpointSlice('ns1', 'svc1', 1, (eps) => {
        eps.endpoints = [{ addresses: ['10.180.0.1'], conditions: {} }];
        eps.ports = slicePort('p80', 80);
      }),
      makeTestEndpointSlice('ns2', 'svc2', 1, (eps) => {
        eps.endpoints = [{ addresses: ['10.180.0.2'], conditions: {} }];
        eps.ports = slicePort('p80', 80);
      }),
      makeTestEndpointSlice('ns3', 'svc3', 1, (eps) => {
        eps.endpoints = [{ addresses: ['10.180.0.3'], conditions: {} }];
        eps.ports = slicePort('p80', 80);
      }),
      makeTestEndpointSlice('ns4', 'svc4', 1, (eps) => {
        eps.endpoints = [{ addresses: ['10.180.0.4'], conditions: {} }, { addresses: ['10.180.0.5'], conditions: {}, nodeName: 'test-node' }];
        eps.ports = slicePort('p80', 80);
      }),
      makeTestEndpointSlice('ns5', 'svc5', 1, (eps) => {
        eps.endpoints = [{ addresses: ['10.180.0.3'], conditions: {} }];
        eps.ports = slicePort('p80', 80);
      }),
    );
    fp.syncProxyRules();
    expectPayload(fp, 'overall.txt');
    // countRulesFromMetric: the nat total is what the payload holds.
    expect(fp.lastSync!.ruleCount.natTotal).toBe(fp.lastSync!.payload.split('*nat')[1]!.split('\n').filter((l) => l.startsWith('-A ')).length);
  });

  it('[KP-2] TestBadIPs: addresses and CIDRs with leading zeros are rewritten', () => {
    const { fp } = newFakeProxier();
    addServices(
      fp,
      makeTestService('ns1', 'svc1', (svc) => {
        svc.spec.type = 'LoadBalancer';
        svc.spec.clusterIP = '172.30.0.041';
        svc.spec.ports = [tcpPort('p80', 80, 3001)];
        svc.status = { loadBalancer: { ingress: [{ ip: '1.2.3.004' }] } };
        svc.spec.externalIPs = ['192.168.099.022'];
        svc.spec.loadBalancerSourceRanges = ['203.0.113.000/025'];
      }),
    );
    addSlices(
      fp,
      makeTestEndpointSlice('ns1', 'svc1', 1, (eps) => {
        eps.endpoints = [{ addresses: ['10.180.00.001'], conditions: {} }];
        eps.ports = slicePort('p80', 80);
      }),
    );
    fp.syncProxyRules();
    expectPayload(fp, 'bad-ips.txt');
  });
});

describe('TestSyncProxyRulesRepeated (KP-22, KP-21, KP-23)', () => {
  // One proxier walks through every step, as the upstream test does.
  const { fp, ipt } = newFakeProxier();
  let svc2: Service;
  let svc4: Service;
  let eps3: EndpointSlice;
  let eps3update: EndpointSlice;
  const natRules = (file: string): number => golden(file).split('*nat')[1]!.split('\n').filter((l) => l.startsWith('-A ')).length;

  it('[KP-22] TestSyncProxyRulesRepeated step 1: the first sync is full', () => {
    addServices(
      fp,
      makeTestService('ns1', 'svc1', (svc) => {
        svc.spec.type = 'ClusterIP';
        svc.spec.clusterIP = '172.30.0.41';
        svc.spec.ports = [tcpPort('p80', 80)];
      }),
      (svc2 = makeTestService('ns2', 'svc2', (svc) => {
        svc.spec.type = 'ClusterIP';
        svc.spec.clusterIP = '172.30.0.42';
        svc.spec.ports = [tcpPort('p8080', 8080)];
      })),
    );
    addSlices(
      fp,
      makeTestEndpointSlice('ns1', 'svc1', 1, (eps) => {
        eps.endpoints = [{ addresses: ['10.0.1.1'], conditions: {} }];
        eps.ports = slicePort('p80', 80);
      }),
      makeTestEndpointSlice('ns2', 'svc2', 1, (eps) => {
        eps.endpoints = [{ addresses: ['10.0.2.1'], conditions: {} }];
        eps.ports = slicePort('p8080', 8080);
      }),
    );
    fp.syncProxyRules();
    expect(fp.lastSync!.full).toBe(true);
    expectPayload(fp, 'repeated-1.txt');
    expect(fp.lastSync!.ruleCount.nat).toBe(natRules('repeated-1.txt'));
    expect(fp.lastSync!.ruleCount.natTotal).toBe(natRules('repeated-1.txt'));
  });

  it('[KP-22] TestSyncProxyRulesRepeated step 2: adding svc3 rewrites only its chains', () => {
    addServices(
      fp,
      makeTestService('ns3', 'svc3', (svc) => {
        svc.spec.type = 'ClusterIP';
        svc.spec.clusterIP = '172.30.0.43';
        svc.spec.ports = [tcpPort('p80', 80)];
      }),
    );
    addSlices(
      fp,
      (eps3 = makeTestEndpointSlice('ns3', 'svc3', 1, (eps) => {
        eps.endpoints = [{ addresses: ['10.0.3.1'], conditions: {} }];
        eps.ports = slicePort('p80', 80);
      })),
    );
    fp.syncProxyRules();
    expect(fp.lastSync!.full).toBe(false);
    expectPayload(fp, 'repeated-2.txt');
    expect(fp.lastSync!.ruleCount.nat).toBe(natRules('repeated-2.txt'));
    // 1 KUBE-SERVICES rule, 2 KUBE-SVC-X27LE4BHSL4DOUIK rules and 2 KUBE-SEP-BSWRHOQ77KEXZLNL rules more.
    expect(fp.lastSync!.ruleCount.natTotal).toBe(natRules('repeated-1.txt') + 5);
  });

  it('[KP-21] TestSyncProxyRulesRepeated step 3: deleting svc2 deletes its chains', () => {
    fp.onServiceDelete(svc2);
    fp.syncProxyRules();
    expectPayload(fp, 'repeated-3.txt');
    expect(fp.lastSync!.chainsDeleted).toEqual(['KUBE-SEP-UHEGFW77JX3KXTOV', 'KUBE-SVC-2VJB64SDSIJUP5T6']);
    expect(fp.lastSync!.ruleCount.natTotal).toBe(natRules('repeated-1.txt'));
  });

  it('[KP-15] TestSyncProxyRulesRepeated step 4: svc4 without endpoints only gets a REJECT rule', () => {
    addServices(
      fp,
      (svc4 = makeTestService('ns4', 'svc4', (svc) => {
        svc.spec.type = 'ClusterIP';
        svc.spec.clusterIP = '172.30.0.44';
        svc.spec.ports = [tcpPort('p80', 80)];
      })),
    );
    fp.syncProxyRules();
    expectPayload(fp, 'repeated-4.txt');
    expect(fp.lastSync!.ruleCount.natTotal).toBe(natRules('repeated-1.txt'));
  });

  it('[KP-22] TestSyncProxyRulesRepeated step 5: svc4 endpoints create its chains', () => {
    addSlices(
      fp,
      makeTestEndpointSlice('ns4', 'svc4', 1, (eps) => {
        eps.endpoints = [{ addresses: ['10.0.4.1'], conditions: {} }];
        eps.ports = slicePort('p80', 80);
      }),
    );
    fp.syncProxyRules();
    expectPayload(fp, 'repeated-5.txt');
    expect(fp.lastSync!.ruleCount.natTotal).toBe(natRules('repeated-1.txt') + 5);
  });

  it('[KP-21] TestSyncProxyRulesRepeated step 6: a changed endpoint address replaces its KUBE-SEP chain', () => {
    eps3update = structuredClone(eps3);
    eps3update.endpoints![0]!.addresses[0] = '10.0.3.2';
    fp.onEndpointSliceUpdate(eps3, eps3update);
    fp.syncProxyRules();
    expectPayload(fp, 'repeated-6.txt');
    expect(fp.lastSync!.ruleCount.natTotal).toBe(natRules('repeated-1.txt') + 5);
  });

  it('[KP-16] TestSyncProxyRulesRepeated step 7: a second endpoint splits svc3 with probability 0.5', () => {
    const eps3update2 = structuredClone(eps3update);
    eps3update2.endpoints!.push({ addresses: ['10.0.3.3'], conditions: {} });
    fp.onEndpointSliceUpdate(eps3update, eps3update2);
    fp.syncProxyRules();
    expectPayload(fp, 'repeated-7.txt');
    expect(fp.lastSync!.ruleCount.natTotal).toBe(natRules('repeated-1.txt') + 8);
  });

  it('[KP-22] TestSyncProxyRulesRepeated step 8: a sync without changes rewrites no service chain', () => {
    fp.syncProxyRules();
    expectPayload(fp, 'repeated-8.txt');
    expect(fp.lastSync!.servicesWritten).toEqual([]);
  });

  it('[KP-23] TestSyncProxyRulesRepeated step 9: a partial restore that would leave a dangling jump fails', () => {
    expect(fp.needFullSync).toBe(false);
    expect(ipt.chainExists('nat', 'KUBE-SEP-AYCN5HPXMIRJNJXU')).toBe(true);
    ipt.appendRule('nat', 'KUBE-SVC-X27LE4BHSL4DOUIK', '-j KUBE-SEP-AYCN5HPXMIRJNJXU');
    fp.onServiceDelete(svc4);
    fp.syncProxyRules();
    expect(fp.lastSync!.ok).toBe(false);
    expect(fp.lastSync!.full).toBe(false);
    expect(ipt.chainExists('nat', 'KUBE-SEP-AYCN5HPXMIRJNJXU')).toBe(true);
    expect(fp.needFullSync).toBe(true);
  });

  it('[KP-23] TestSyncProxyRulesRepeated step 10: the retry is a full sync that succeeds', () => {
    fp.syncProxyRules();
    expect(fp.lastSync!.ok).toBe(true);
    expect(fp.lastSync!.full).toBe(true);
    expectPayload(fp, 'repeated-10.txt');
    expect(ipt.chainExists('nat', 'KUBE-SEP-AYCN5HPXMIRJNJXU')).toBe(false);
    expect(fp.lastSync!.ruleCount.natTotal).toBe(natRules('repeated-1.txt') + 3);
  });
});

// countEndpointsAndComments (proxier_test.go): DNAT rules of KUBE-SEP chains, how many carry a
// comment, and the last one mentioning `match`.
function countEndpointsAndComments(data: string, match: string): [string, number, number] {
  let n = 0, comments = 0, matched = '';
  for (const line of data.split('\n')) {
    if (line.startsWith('-A KUBE-SEP-') && line.includes('-j DNAT')) {
      n++;
      if (line.includes('--comment')) comments++;
      if (line.includes(match)) matched = line;
    }
  }
  return [matched, n, comments];
}

describe('TestSyncProxyRulesLargeClusterMode (KP-19)', () => {
  const { fp, clock } = newFakeProxier({ masqueradeAll: true, syncPeriodMs: 30_000 });
  const threshold = 1000;
  const cip = (name: string, ip: string, portName: string, port: number) =>
    makeTestService(name.replace('svc', 'ns'), name, (svc) => {
      svc.spec.type = 'ClusterIP';
      svc.spec.clusterIP = ip;
      svc.spec.ports = [tcpPort(portName, port)];
    });
  const svc4 = cip('svc4', '172.30.0.44', 'p8082', 8082);
  let expectedEndpoints = 2 * (threshold / 2 - 1);

  it('[KP-19] below the threshold every endpoint rule keeps its comment', () => {
    addServices(fp, cip('svc1', '172.30.0.41', 'p80', 80), cip('svc2', '172.30.0.42', 'p8080', 8080), cip('svc3', '172.30.0.43', 'p8081', 8081));
    const many = (prefix: string) => Array.from({ length: threshold / 2 - 1 }, (_, i) => ({ addresses: [`${prefix}.${i % 256}.${Math.floor(i / 256)}`], conditions: {} }));
    addSlices(
      fp,
      makeTestEndpointSlice('ns1', 'svc1', 1, (eps) => {
        eps.endpoints = many('10.0');
        eps.ports = slicePort('p80', 80);
      }),
      makeTestEndpointSlice('ns2', 'svc2', 1, (eps) => {
        eps.endpoints = many('10.1');
        eps.ports = slicePort('p8080', 8080);
      }),
    );
    fp.syncProxyRules();
    const [first, n, comments] = countEndpointsAndComments(fp.lastSync!.payload, '10.0.0.0');
    expect(first).toBe('-A KUBE-SEP-DKGQUZGBKLTPAR56 -m comment --comment ns1/svc1:p80 -m tcp -p tcp -j DNAT --to-destination 10.0.0.0:80');
    expect(n).toBe(expectedEndpoints);
    expect(comments).toBe(n);
  });

  it('[KP-19] crossing the threshold drops comments from the chains written, without a full resync', () => {
    fp.onEndpointSliceAdd(
      makeTestEndpointSlice('ns3', 'svc3', 1, (eps) => {
        eps.endpoints = [{ addresses: ['203.0.113.4'], conditions: {} }, { addresses: ['203.0.113.8'], conditions: {} }, { addresses: ['203.0.113.12'], conditions: {} }];
        eps.ports = slicePort('p8081', 8081);
      }),
    );
    fp.syncProxyRules();
    const [first, n, comments] = countEndpointsAndComments(fp.lastSync!.payload, '203.0.113.4');
    expect(first).toBe('-A KUBE-SEP-RUVVH7YV3PHQBDOS -m tcp -p tcp -j DNAT --to-destination 203.0.113.4:8081');
    expect(n).toBe(3);
    expect(comments).toBe(0);
  });

  it('[KP-19] a forced full resync rewrites the older services without comments too', () => {
    fp.forceSyncProxyRules();
    expectedEndpoints += 3;
    const [first, n, comments] = countEndpointsAndComments(fp.lastSync!.payload, '10.0.0.0');
    expect(first).toBe('-A KUBE-SEP-DKGQUZGBKLTPAR56 -m tcp -p tcp -j DNAT --to-destination 10.0.0.0:80');
    expect(n).toBe(expectedEndpoints);
    expect(comments).toBe(0);
  });

  it('[KP-19] a new service syncs only its own chains', () => {
    fp.onServiceAdd(svc4);
    fp.onEndpointSliceAdd(
      makeTestEndpointSlice('ns4', 'svc4', 1, (eps) => {
        eps.endpoints = [{ addresses: ['10.4.0.1'], conditions: {} }];
        eps.ports = slicePort('p8082', 8082);
      }),
    );
    fp.syncProxyRules();
    const [ep, n] = countEndpointsAndComments(fp.lastSync!.payload, '10.4.0.1');
    expect(ep).toBe('-A KUBE-SEP-SU5STNODRYEWJAUF -m tcp -p tcp -j DNAT --to-destination 10.4.0.1:8082');
    expect(n).toBe(1);
  });

  it('[KP-19] [KP-21] stale chains of a deleted service wait a syncPeriod in large cluster mode', () => {
    fp.onServiceDelete(svc4);
    fp.syncProxyRules();
    const [ep, n] = countEndpointsAndComments(fp.lastSync!.payload, '10.4.0.1');
    expect(ep).toBe('');
    expect(n).toBe(0);
    expect(fp.lastSync!.payload).not.toContain('-X ');

    clock.t += 30_001; // lastIPTablesCleanup is now more than a syncPeriod ago
    fp.syncProxyRules();
    expect(countEndpointsAndComments(fp.lastSync!.payload, '10.4.0.1').slice(0, 2)).toEqual(['', 0]);
    expect(fp.lastSync!.payload).toContain('-X KUBE-SVC-EBDQOQU5SJFXRIL3\n');
    expect(fp.lastSync!.payload).toContain('-X KUBE-SEP-SU5STNODRYEWJAUF\n');

    fp.forceSyncProxyRules();
    expect(countEndpointsAndComments(fp.lastSync!.payload, '10.0.0.0')[1]).toBe(expectedEndpoints);
  });
});
