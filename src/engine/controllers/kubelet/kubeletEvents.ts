// The kubelet's event messages (pkg/kubelet/images and kuberuntime), kept apart from its
// lifecycle code. Reasons are pkg/kubelet/events constants.

import { utf8Bytes } from '../../util/sha256.ts';
import { fnv32a } from '../workloads/hash.ts';

/** time.Duration.String() of a millisecond-truncated duration: 500ms, 1.3s, 1m2.05s. */
export function goDurationMs(ms: number): string {
  const d = Math.max(0, Math.floor(ms));
  if (d === 0) return '0s';
  if (d < 1000) return `${d}ms`;
  const frac = (n: number) => (n === 0 ? '' : `.${String(n).padStart(3, '0').replace(/0+$/, '')}`);
  const s = Math.floor(d / 1000);
  const sec = `${s % 60}${frac(d % 1000)}s`;
  if (s < 60) return sec;
  const m = Math.floor(s / 60);
  return m >= 60 ? `${Math.floor(m / 60)}h${m % 60}m${sec}` : `${m}m${sec}`;
}

/**
 * The unpacked size the runtime reports for an image. The image table has no sizes, so a
 * stable made-up one (tens of MB) is derived from the reference.
 */
export function imageSizeBytes(ref: string): number {
  return 10_000_000 + (fnv32a(utf8Bytes(ref)) % 50_000_000);
}

export const pullingMessage = (image: string): string => `Pulling image "${image}"`;

/** EnsureImageExists after a pull: the pull itself, and since the request (queued behind others). */
export const pulledMessage = (image: string, ref: string, pullMs: number, totalMs: number): string =>
  `Successfully pulled image "${image}" in ${goDurationMs(pullMs)} (${goDurationMs(totalMs)} including waiting). Image size: ${imageSizeBytes(ref)} bytes.`;

export const presentMessage = (image: string): string => `Container image "${image}" already present on machine`;

/** The CRI error as the kubelet prints it (a gRPC status). */
export const failedPullMessage = (image: string, err: string): string => `Failed to pull image "${image}": rpc error: code = Unknown desc = ${err}`;
