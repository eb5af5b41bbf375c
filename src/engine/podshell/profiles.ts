// What a container image ships for `kubectl exec`: its shell (and prompt), its working
// directory, the image's ENV, and which of the pod shell's programs exist in it.
//
// nicolaka/netshoot v0.13 (Alpine, May 2024): bash and zsh, curl 8.7.1, bind-tools (dig, nslookup), iproute2,
// iputils ping, netcat-openbsd, busybox wget/hostname; WORKDIR /root. Alpine's bash reads
// /etc/bash/bashrc, whose PS1 is '\h:\w\$ ' → `client:~# `.
// busybox / proxyscope/echo-server (a Go binary on busybox): ash as /bin/sh, busybox applets
// (wget, nc, ping, nslookup, hostname, ip); cwd /, PS1 '\w \$ ' → `/ # `.
// The dnsutils images of the Kubernetes DNS debugging guide: Debian with BIND's nslookup and dig.
// Images Proxyscope does not know are treated as Debian-like (bash, coreutils, no network tools).

import { parseImageRef } from '../apps/images.ts';
import type { CurlVersion } from '../commands/curlDialect.ts';

export type ShellKind = 'bash' | 'ash';

export interface ImageProfile {
  /** The shells an exec can start (`sh`, `bash`, absolute paths). */
  shells: string[];
  kind: ShellKind;
  cwd: string;
  /** ENV of the image, in Dockerfile order (PATH first). */
  env: [string, string][];
  /** Programs of the pod shell this image has, beyond the shell's builtins. */
  programs: Set<string>;
  /** Whose nslookup it is: bind-tools/dnsutils (BIND 9.18) or the busybox applet. */
  nslookup: 'bind' | 'busybox';
  /** The image's curl, when it is not Debian's 7.88.1. */
  curl?: CurlVersion;
}

const STD_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const TEXT = ['cat', 'grep', 'head', 'tail', 'sort', 'uniq', 'wc', 'cut', 'tr', 'awk', 'ls', 'mkdir', 'rm', 'touch', 'tee', 'xargs', 'sleep', 'seq', 'env', 'hostname'];

const NETSHOOT: ImageProfile = {
  shells: ['sh', 'bash', 'zsh', '/bin/sh', '/bin/bash', '/bin/zsh'],
  kind: 'bash',
  cwd: '/root',
  env: [['PATH', STD_PATH]],
  programs: new Set([...TEXT, 'curl', 'wget', 'nc', 'ping', 'ip', 'nslookup', 'dig']),
  nslookup: 'bind',
  curl: '8.7.1',
};

const BUSYBOX: ImageProfile = {
  shells: ['sh', '/bin/sh', 'ash', '/bin/ash'],
  kind: 'ash',
  cwd: '/',
  env: [['PATH', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin']],
  programs: new Set([...TEXT, 'wget', 'nc', 'ping', 'ip', 'nslookup']),
  nslookup: 'busybox',
};

const DEBIAN: ImageProfile = {
  shells: ['sh', 'bash', '/bin/sh', '/bin/bash'],
  kind: 'bash',
  cwd: '/',
  env: [['PATH', STD_PATH]],
  programs: new Set(TEXT),
  nslookup: 'bind',
};

/** The dnsutils image of the Kubernetes DNS debugging guide (Debian with BIND's dnsutils). */
const DNSUTILS: ImageProfile = { ...DEBIAN, programs: new Set([...TEXT, 'nslookup', 'dig']) };

const PROFILES: Record<string, ImageProfile> = {
  'registry.k8s.io/e2e-test-images/jessie-dnsutils': DNSUTILS,
  'gcr.io/kubernetes-e2e-test-images/dnsutils': DNSUTILS,
  'docker.io/nicolaka/netshoot': NETSHOOT,
  'docker.io/library/busybox': BUSYBOX,
  'docker.io/proxyscope/echo-server': BUSYBOX,
};

export function imageProfile(image: string): ImageProfile {
  return PROFILES[parseImageRef(image).repo] ?? DEBIAN;
}

/** The interactive prompt of `shell` started by exec in pod `pod`, in directory `cwd`. */
export function shellPrompt(profile: ImageProfile, shell: string, pod: string, cwd: string): string {
  const w = cwd === '/root' ? '~' : cwd;
  const isBash = /(^|\/)bash$/.test(shell);
  // Alpine's /etc/bash/bashrc: PS1='\h:\w\$ '.
  // Its /bin/sh is busybox ash, like the busybox image's.
  if (profile === NETSHOOT) return isBash ? `${pod}:${w}# ` : `${w} # `;
  if (profile.kind === 'bash') return isBash ? `root@${pod}:${w}# ` : '# '; // Debian's bashrc; dash
  // busybox ash: '\w \$ '.
  return `${w} # `;
}
