import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../util/sha256.ts';
import { imageInfo, listensOn, normalizeImage, programFor } from './images.ts';

describe('images', () => {
  it('normalises references as containerd reports them', () => {
    expect(normalizeImage('nginx')).toBe('docker.io/library/nginx:latest');
    expect(normalizeImage('nginx:1.27')).toBe('docker.io/library/nginx:1.27');
    expect(normalizeImage('hashicorp/http-echo')).toBe('docker.io/hashicorp/http-echo:latest');
    expect(normalizeImage('registry.k8s.io/coredns/coredns:v1.11.3')).toBe('registry.k8s.io/coredns/coredns:v1.11.3');
    expect(normalizeImage('localhost:5000/app')).toBe('localhost:5000/app:latest');
    expect(normalizeImage('busybox@sha256:abc')).toBe('docker.io/library/busybox@sha256:abc');
  });

  it('gives pulled images a repo digest and kind-preloaded ones a bare image ID', () => {
    expect(imageInfo('nginx').imageID).toBe(`docker.io/library/nginx@sha256:${sha256Hex('docker.io/library/nginx:latest')}`);
    const coredns = imageInfo('registry.k8s.io/coredns/coredns:v1.11.3');
    expect(coredns).toMatchObject({ preloaded: true, pullMs: 0, imageID: `sha256:${sha256Hex('registry.k8s.io/coredns/coredns:v1.11.3')}` });
    expect(imageInfo('example.com/unknown:v1')).toMatchObject({ pullMs: 1700, startMs: 300, preloaded: false });
    expect(imageInfo('proxyscope/doesnotexist').pullError).toContain('pull access denied, repository does not exist');
  });

  it('describes what the programs do', () => {
    expect(programFor({ image: 'busybox', command: ['sleep', '3600'] })).toMatchObject({ exitAfterMs: 3_600_000, ignoresSigterm: true });
    expect(programFor({ image: 'busybox' })).toMatchObject({ exitAfterMs: 30, exitCode: 0 });
    expect(programFor({ image: 'busybox', command: ['sh', '-c', 'exit 3'] })).toMatchObject({ exitCode: 3 });
    expect(programFor({ image: 'proxyscope/crashloop' })).toMatchObject({ exitAfterMs: 2000, exitCode: 1 });
    expect(programFor({ image: 'nginx:1.27' })).toMatchObject({ stopMs: 150, stopExitCode: 0, ports: [{ port: 80, protocol: 'TCP' }] });
    expect(programFor({ image: 'registry.k8s.io/kube-proxy:v1.33.1' })).toMatchObject({ stopExitCode: 143 });
    expect(programFor({ image: 'example.com/app' })).toEqual({ readyAfterMs: 0, exitCode: 0, stopMs: 1000, ignoresSigterm: false, stopExitCode: 0 });
  });

  it('knows which ports a program answers on', () => {
    expect(listensOn({ image: 'hashicorp/http-echo', args: ['-listen=:8080'] }, 8080)).toBe(true);
    expect(listensOn({ image: 'hashicorp/http-echo' }, 8080)).toBe(false);
    expect(listensOn({ image: 'registry.k8s.io/e2e-test-images/agnhost:2.53', args: ['netexec', '--http-port=9000'] }, 9000)).toBe(true);
    expect(listensOn({ image: 'registry.k8s.io/e2e-test-images/agnhost:2.53', args: ['netexec'] }, 8081, 'UDP')).toBe(true);
    expect(listensOn({ image: 'example.com/app', ports: [{ containerPort: 3000 }] }, 3000)).toBe(true);
    expect(listensOn({ image: 'example.com/app', ports: [{ containerPort: 3000 }] }, 3001)).toBe(false);
  });
});
