// Known container images and how their programs behave in the simulated cluster: how long a
// pull and a start take, what the process listens on, when it becomes ready, how it reacts to
// SIGTERM (or the image's STOPSIGNAL), and whether it exits on its own. The kubelet turns these
// numbers into pod status timings; unknown images get a plausible default.

import { sha256Hex } from '../util/sha256.ts';

export interface ListenPort {
  port: number;
  protocol: 'TCP' | 'UDP' | 'SCTP';
}

/** What the container's main process does once started. */
export interface Program {
  /** Milliseconds after start until it serves on its ports (readiness probes succeed). */
  readyAfterMs: number;
  /** The process exits on its own after this long (undefined: runs until stopped). */
  exitAfterMs?: number;
  /** Exit code when it exits on its own. */
  exitCode: number;
  /** Milliseconds from the stop signal to exit. */
  stopMs: number;
  /** PID 1 without a handler ignores SIGTERM: it runs until SIGKILL ends the grace period (137). */
  ignoresSigterm: boolean;
  /** Exit code after a graceful stop (0, or 143 for a process killed by an unhandled SIGTERM). */
  stopExitCode: number;
  /** Ports the process listens on; undefined means "whatever the container declares". */
  ports?: ListenPort[];
}

export interface ContainerUser {
  uid: number;
  gid: number;
  supplementalGroups: number[];
}

export interface ImageInfo {
  /** The reference as containerd reports it in status.image (docker.io/library/nginx:latest). */
  ref: string;
  /** status.imageID: `<repo>@sha256:…` for pulled images, `sha256:…` for kind's preloaded ones. */
  imageID: string;
  /** Part of the kind node image (imported, never pulled). */
  preloaded: boolean;
  /** A pull from the registry when the node does not have the image. */
  pullMs: number;
  /** Container create + start once the image is present. */
  startMs: number;
  /** The user the image runs as (status.containerStatuses[].user.linux). */
  user: ContainerUser;
  /** Set when the pull fails (ErrImagePull → ImagePullBackOff). */
  pullError?: string;
}

export interface ContainerLike {
  image: string;
  command?: string[];
  args?: string[];
  ports?: { containerPort: number; protocol?: string }[];
}

interface ImageSpec {
  preloaded?: boolean;
  pullMs?: number;
  startMs?: number;
  user?: ContainerUser;
  pullError?: (ref: string) => string;
  program?: (c: ContainerLike) => Partial<Program>;
}

const ROOT: ContainerUser = { uid: 0, gid: 0, supplementalGroups: [0] };
const NONROOT: ContainerUser = { uid: 65532, gid: 65532, supplementalGroups: [65532] };
const tcp = (port: number): ListenPort => ({ port, protocol: 'TCP' });
const udp = (port: number): ListenPort => ({ port, protocol: 'UDP' });

/** A Go binary without a SIGTERM handler dies of the signal: runc reports 128+15. */
const goDefaultSignal: Partial<Program> = { stopMs: 50, stopExitCode: 143 };

function flagValue(args: string[], flag: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === `--${flag}` || a === `-${flag}`) return args[i + 1];
    for (const p of [`--${flag}=`, `-${flag}=`]) if (a.startsWith(p)) return a.slice(p.length);
  }
  return undefined;
}

const portOf = (v: string | undefined, dflt: number): number => {
  const n = Number((v ?? '').replace(/^.*:/, ''));
  return Number.isInteger(n) && n > 0 ? n : dflt;
};

/** busybox / alpine / ubuntu: the behaviour is the shell command's. */
function shellProgram(c: ContainerLike): Partial<Program> {
  const line = [...(c.command ?? []), ...(c.args ?? [])].join(' ');
  // No command: `sh` without a terminal reads EOF and exits 0 at once.
  if (line.trim() === '' || /^(\/bin\/)?(ba)?sh$/.test(line.trim())) return { exitAfterMs: 30, exitCode: 0, ports: [] };
  const forever = /sleep\s+infinity|while\s+(true|:)|tail\s+-f|httpd\s+-f|nc\s+-l/.test(line);
  if (forever) return { ignoresSigterm: true, ports: c.ports ? undefined : [] };
  const sleep = /sleep\s+(\d+)/.exec(line);
  if (sleep) return { exitAfterMs: Number(sleep[1]) * 1000, exitCode: 0, ignoresSigterm: true, ports: [] };
  const exit = /exit\s+(\d+)/.exec(line);
  if (exit) return { exitAfterMs: 30, exitCode: Number(exit[1]), ports: [] };
  if (/(^|[\s;&|])false($|[\s;&|])/.test(line)) return { exitAfterMs: 30, exitCode: 1, ports: [] };
  // A one-shot command (echo, wget, nslookup …) finishes quickly.
  return { exitAfterMs: 200, exitCode: 0, ports: [] };
}

function agnhostProgram(c: ContainerLike): Partial<Program> {
  const args = [...(c.command ?? []).filter((a) => !a.endsWith('agnhost')), ...(c.args ?? [])];
  const sub = args[0];
  if (sub === 'netexec') {
    return { ports: [tcp(portOf(flagValue(args, 'http-port'), 8080)), udp(portOf(flagValue(args, 'udp-port'), 8081))], stopMs: 50 };
  }
  if (sub === 'serve-hostname') {
    const port = portOf(flagValue(args, 'port'), 9376);
    return { ports: flagValue(args, 'udp') === 'true' ? [udp(port)] : [tcp(port)], stopMs: 50 };
  }
  if (sub === 'pause') return { ports: [], stopMs: 20 };
  if (sub === 'crashing') return { exitAfterMs: 1000, exitCode: 1 };
  return { stopMs: 50 };
}

// Keyed by repository (the reference without tag or digest).
const IMAGES: Record<string, ImageSpec> = {
  'registry.k8s.io/coredns/coredns': {
    preloaded: true,
    startMs: 300,
    user: NONROOT,
    // The kubernetes plugin syncs before /ready answers; `health { lameduck 5s }` delays exit.
    program: () => ({ readyAfterMs: 1500, stopMs: 5000, ports: [udp(53), tcp(53), tcp(9153), tcp(8080), tcp(8181)] }),
  },
  'registry.k8s.io/kube-proxy': { preloaded: true, startMs: 250, program: () => ({ ...goDefaultSignal, ports: [tcp(10249), tcp(10256)] }) },
  'docker.io/kindest/kindnetd': { preloaded: true, startMs: 250, program: () => ({ stopMs: 100, ports: [] }) },
  'docker.io/kindest/local-path-provisioner': { preloaded: true, startMs: 250, program: () => ({ ...goDefaultSignal, ports: [] }) },
  'registry.k8s.io/etcd': { preloaded: true, startMs: 400, program: () => ({ stopMs: 200, ports: [tcp(2379), tcp(2380), tcp(2381)] }) },
  'registry.k8s.io/kube-apiserver': { preloaded: true, startMs: 400, program: () => ({ readyAfterMs: 3000, stopMs: 1000, ports: [tcp(6443)] }) },
  'registry.k8s.io/kube-controller-manager': { preloaded: true, startMs: 400, program: () => ({ ...goDefaultSignal, ports: [tcp(10257)] }) },
  'registry.k8s.io/kube-scheduler': { preloaded: true, startMs: 400, program: () => ({ ...goDefaultSignal, ports: [tcp(10259)] }) },
  'registry.k8s.io/pause': { preloaded: true, startMs: 100, program: () => ({ stopMs: 10, ports: [] }) },
  // nginx's STOPSIGNAL is SIGQUIT: a graceful stop that finishes in-flight requests.
  'docker.io/library/nginx': { pullMs: 4200, startMs: 350, program: () => ({ readyAfterMs: 20, stopMs: 150, ports: [tcp(80)] }) },
  'docker.io/hashicorp/http-echo': {
    pullMs: 1300,
    startMs: 150,
    program: (c) => ({ stopMs: 30, ports: [tcp(portOf(flagValue([...(c.command ?? []), ...(c.args ?? [])], 'listen'), 5678))] }),
  },
  'docker.io/library/busybox': { pullMs: 1100, startMs: 150, user: { uid: 0, gid: 0, supplementalGroups: [0, 10] }, program: shellProgram },
  'docker.io/library/alpine': { pullMs: 1500, startMs: 150, user: { uid: 0, gid: 0, supplementalGroups: [0, 1, 2, 3, 4, 6, 10, 11, 20, 26, 27] }, program: shellProgram },
  'docker.io/library/ubuntu': { pullMs: 3500, startMs: 200, program: shellProgram },
  'docker.io/library/debian': { pullMs: 3500, startMs: 200, program: shellProgram },
  'registry.k8s.io/e2e-test-images/agnhost': { pullMs: 3000, startMs: 200, program: agnhostProgram },
  // Made up for the crash-loop lesson: serves for two seconds, then fails.
  'docker.io/proxyscope/crashloop': { pullMs: 900, startMs: 150, program: () => ({ exitAfterMs: 2000, exitCode: 1, ports: [tcp(8080)] }) },
  // Made up for the logs lesson: a sidecar that ships its pod's logs (apps/programLogs.ts); a Go
  // program that flushes and exits 0 on SIGTERM.
  'docker.io/proxyscope/log-shipper': { pullMs: 700, startMs: 120, program: () => ({ stopMs: 50, ports: [] }) },
  // Made up for the bad-image lesson: the repository does not exist.
  'docker.io/proxyscope/doesnotexist': {
    pullMs: 800,
    pullError: (ref) =>
      `failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`,
  },
};

const DEFAULT_PROGRAM: Program = { readyAfterMs: 0, exitCode: 0, stopMs: 1000, ignoresSigterm: false, stopExitCode: 0 };

/** Splits a reference into repository (normalised as containerd does) and tag/digest suffix. */
export function parseImageRef(image: string): { repo: string; suffix: string } {
  let name = image.trim();
  let suffix = '';
  const at = name.indexOf('@');
  if (at >= 0) {
    suffix = name.slice(at);
    name = name.slice(0, at);
  }
  const slash = name.lastIndexOf('/');
  const colon = name.indexOf(':', slash + 1);
  if (colon >= 0) {
    suffix = name.slice(colon) + suffix;
    name = name.slice(0, colon);
  } else if (!suffix) suffix = ':latest';
  const first = name.split('/')[0]!;
  const hasRegistry = name.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (!hasRegistry) name = name.includes('/') ? `docker.io/${name}` : `docker.io/library/${name}`;
  return { repo: name, suffix };
}

/** The normalised reference (nginx → docker.io/library/nginx:latest). */
export const normalizeImage = (image: string): string => {
  const { repo, suffix } = parseImageRef(image);
  return repo + suffix;
};

const infoCache = new Map<string, ImageInfo>();

export function imageInfo(image: string): ImageInfo {
  const cached = infoCache.get(image);
  if (cached) return cached;
  const info = computeImageInfo(image);
  infoCache.set(image, info);
  return info;
}

function computeImageInfo(image: string): ImageInfo {
  const { repo, suffix } = parseImageRef(image);
  const ref = repo + suffix;
  const spec = IMAGES[repo] ?? {};
  // A deterministic digest per reference stands in for the registry's manifest digest.
  const digest = sha256Hex(ref);
  const preloaded = spec.preloaded ?? false;
  return {
    ref,
    imageID: preloaded ? `sha256:${digest}` : `${repo}@sha256:${digest}`,
    preloaded,
    pullMs: preloaded ? 0 : (spec.pullMs ?? 1700),
    startMs: spec.startMs ?? 300,
    user: spec.user ?? ROOT,
    ...(spec.pullError ? { pullError: spec.pullError(ref) } : {}),
  };
}

/** How the container's process behaves (depends on the image and on command/args). */
export function programFor(c: ContainerLike): Program {
  const spec = IMAGES[parseImageRef(c.image).repo];
  const p = { ...DEFAULT_PROGRAM, ...(spec?.program?.(c) ?? {}) };
  if (p.ports === undefined) delete p.ports;
  return p;
}

/** Whether the program answers on `port`/`protocol` (declared ports count for unknown images). */
export function listensOn(c: ContainerLike, port: number, protocol = 'TCP'): boolean {
  const p = programFor(c);
  const ports = p.ports ?? (c.ports ?? []).map((cp) => ({ port: cp.containerPort, protocol: (cp.protocol ?? 'TCP') as ListenPort['protocol'] }));
  if (p.ports === undefined && ports.length === 0) return true; // unknown image, nothing declared
  return ports.some((x) => x.port === port && x.protocol === protocol);
}
