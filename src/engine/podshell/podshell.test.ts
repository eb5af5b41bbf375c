// The pod shell's programs on the default scenario (seed 1): what netshoot's tools print from
// the client pod's network namespace.

import { describe, expect, it } from 'vitest';
import { TestSim } from '../../../test/support/sim.ts';

describe('pod shell (client: nicolaka/netshoot)', () => {
  it('/etc/hosts as the kubelet writes it', () => {
    expect(new TestSim(1).exec('kubectl exec client -- cat /etc/hosts').last.stdout).toBe(
      '# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\n' +
        'fe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n10.244.2.2\tclient\n',
    );
  });

  it('ip route and ip -4 addr show the pod namespace', () => {
    const t = new TestSim(1);
    expect(t.exec('kubectl exec client -- ip route').last.stdout).toMatch(/^default via 10\.244\.2\.1 dev eth0 \n/);
    expect(t.exec('kubectl exec client -- ip -4 addr show eth0').last.stdout).toBe(
      '2: eth0@if3: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000\n' +
        '    link/ether 5a:71:cb:7f:94:5b brd ff:ff:ff:ff:ff:ff link-netnsid 0\n' +
        '    inet 10.244.2.2/24 brd 10.244.2.255 scope global eth0\n' +
        '       valid_lft forever preferred_lft forever\n',
    );
  });

  it('nc -zv: succeeded / refused / timed out with -w', () => {
    const t = new TestSim(1);
    expect(t.exec('kubectl exec client -- nc -zv 10.96.241.179 8080').last).toEqual({
      stdout: '',
      stderr: 'Connection to 10.96.241.179 8080 port [tcp/http-alt] succeeded!\n',
      exitCode: 0,
    });
    const before = t.sim.clock.now();
    expect(t.exec('kubectl exec client -- nc -zv -w 2 10.96.241.179 9999').last.stderr).toBe(
      'nc: connect to 10.96.241.179 port 9999 (tcp) timed out: Operation now in progress\ncommand terminated with exit code 1\n',
    );
    expect(t.sim.clock.now() - before).toBeGreaterThanOrEqual(2000);
  });

  it('busybox wget -qO- and its progress lines without -q', () => {
    const t = new TestSim(1);
    expect(t.exec('kubectl exec client -- wget -qO- http://10.96.241.179:8080/').last).toEqual({
      stdout: 'hostname: auth-service-7b86fcccfd-7fz7f\npod ip: 10.244.1.2\nclient: 10.244.2.2:53511\n',
      stderr: '',
      exitCode: 0,
    });
    expect(t.exec('kubectl exec client -- wget -O- 10.96.241.179:8080/nope').last).toEqual({
      stdout: '',
      stderr: 'Connecting to 10.96.241.179:8080 (10.96.241.179:8080)\nwget: server returned error: HTTP/1.1 404 Not Found\ncommand terminated with exit code 1\n',
      exitCode: 1,
    });
  });

  it('ping: a ClusterIP never answers; a pod on another node answers with TTL 62', () => {
    const t = new TestSim(1);
    expect(t.exec('kubectl exec client -- ping -c 3 10.96.241.179').last).toEqual({
      stdout: 'PING 10.96.241.179 (10.96.241.179) 56(84) bytes of data.\n\n--- 10.96.241.179 ping statistics ---\n3 packets transmitted, 0 received, 100% packet loss, time 2044ms\n\n',
      stderr: 'command terminated with exit code 1\n',
      exitCode: 1,
    });
    const out = t.exec('kubectl exec client -- ping -c 2 10.244.1.2').last.stdout;
    expect(out).toMatch(/^PING 10\.244\.1\.2 \(10\.244\.1\.2\) 56\(84\) bytes of data\.\n64 bytes from 10\.244\.1\.2: icmp_seq=1 ttl=62 time=\d\.\d{3} ms\n64 bytes from 10\.244\.1\.2: icmp_seq=2 ttl=62 time=\d\.\d{3} ms\n\n--- 10\.244\.1\.2 ping statistics ---\n2 packets transmitted, 2 received, 0% packet loss, time 1001ms\nrtt min\/avg\/max\/mdev = [\d.]+\/[\d.]+\/[\d.]+\/[\d.]+ ms\n$/);
  });

  it('Service variables only for Services that existed when the container started', () => {
    const t = new TestSim(1);
    t.exec('kubectl create service clusterip later --tcp=80:80');
    expect(t.exec('kubectl exec client -- env | grep -c LATER').last.stdout).toBe('0\n');
  });
});
