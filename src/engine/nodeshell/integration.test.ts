// NF-2 on a whole cluster: a node shell wired to the simulated network sees the rules
// kube-proxy wrote, the node's interfaces, and the conntrack entry of a connection.

import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { bootCluster, type TestCluster } from '../network/testkit.ts';
import { networkDeps } from './deps.ts';
import { createNodeShell } from './shell.ts';

let c: TestCluster;
beforeAll(() => {
  c = bootCluster(readFileSync('content/scenarios/default.yaml', 'utf8'));
});

describe('[NF-2] node shell on the simulated network', () => {
  it('[NF-1] iptables and iptables-save show what kube-proxy restored, in the same rule text', () => {
    const sh = createNodeShell(c.sim, 'kind-worker', networkDeps(c.net));
    const listing = sh.runLine('iptables -t nat -S KUBE-SERVICES');
    expect(listing.stderr).toBe('');
    expect(listing.stdout).toMatch(/^-N KUBE-SERVICES\n/);
    expect(listing.stdout).toContain(
      '-A KUBE-SERVICES -d 10.96.0.10/32 -p udp -m comment --comment "kube-system/kube-dns:dns cluster IP" -m udp --dport 53 -j KUBE-SVC-TCOU7JCQXEZGVUNU\n',
    );
    const saved = sh.runLine('iptables-save -t nat').stdout;
    for (const line of listing.stdout.split('\n').filter((l) => l.startsWith('-A '))) expect(saved).toContain(`${line}\n`);
    const l = sh.runLine('iptables -t nat -L KUBE-SERVICES -n').stdout.split('\n');
    expect(l.slice(0, 2)).toEqual(['Chain KUBE-SERVICES (2 references)', 'target     prot opt source               destination         ']);
    expect(l).toContain(
      'KUBE-SVC-TCOU7JCQXEZGVUNU  17   --  0.0.0.0/0            10.96.0.10           /* kube-system/kube-dns:dns cluster IP */ udp dpt:53',
    );
  });

  it('[NF-2] ip addr / ip route come from the network; conntrack lists a connection made from the node', () => {
    const sh = createNodeShell(c.sim, 'kind-worker', networkDeps(c.net));
    expect(sh.runLine('ip -4 addr show eth0').stdout).toContain('    inet 172.18.0.3/16 ');
    expect(sh.runLine('ip route').stdout).toMatch(/^default via 172\.18\.0\.1 dev eth0/);
    sh.runLine('conntrack -F');
    const t = c.net.connect({ from: { node: 'kind-worker' }, to: '10.96.0.10', port: 53, proto: 'tcp' });
    const ct = sh.runLine('conntrack -L -p tcp --dport 53');
    expect(ct.stderr).toBe('conntrack v1.4.7 (conntrack-tools): 1 flow entries have been shown.\n');
    expect(ct.stdout).toBe(`${t.conntrack}\n`);
    expect(sh.runLine('conntrack -C').stdout).toBe('1\n');
  });
});
