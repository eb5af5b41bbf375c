// The mutating admission plugins a kind/kubeadm API server runs on pod creation, in their order:
// ServiceAccount (service account name and the projected token volume), Priority and
// DefaultTolerationSeconds. They act on Pods only, never on templates, and only on create.

import type { Rng } from '../../sim/rng.ts';
import type { Container, PodSpec, Toleration } from '../types.ts';

export const SERVICE_ACCOUNT_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
// names.SimpleNameGenerator: 5 characters from this alphabet (no vowels, no confusable digits).
const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

interface VolumeMount {
  name: string;
  mountPath: string;
  readOnly?: boolean;
}

/** The volume the ServiceAccount plugin projects (serviceaccount.TokenVolumeSource). */
function tokenVolume(name: string): Record<string, unknown> {
  return {
    name,
    projected: {
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
      ],
    },
  };
}

/** v1 conversion keeps the deprecated `serviceAccount` in step with `serviceAccountName`. */
export function syncServiceAccountFields(spec: PodSpec): void {
  if (!spec.serviceAccountName && spec.serviceAccount) spec.serviceAccountName = spec.serviceAccount;
  if (spec.serviceAccountName) spec.serviceAccount = spec.serviceAccountName;
  else delete spec.serviceAccount;
}

function admitServiceAccount(spec: PodSpec, rng: Rng, mirror: boolean): void {
  syncServiceAccountFields(spec);
  if (mirror) return;
  if (!spec.serviceAccountName) spec.serviceAccountName = 'default';
  spec.serviceAccount = spec.serviceAccountName;
  if (spec.automountServiceAccountToken === false) return;
  const volumeName = `kube-api-access-${rng.string(NAME_ALPHABET, 5)}`;
  const mount: VolumeMount = { name: volumeName, readOnly: true, mountPath: SERVICE_ACCOUNT_MOUNT_PATH };
  let needed = false;
  const addMount = (c: Container): void => {
    const mounts = (c.volumeMounts ?? []) as VolumeMount[];
    if (mounts.some((m) => m.mountPath === SERVICE_ACCOUNT_MOUNT_PATH)) return;
    c.volumeMounts = [...mounts, { ...mount }];
    needed = true;
  };
  for (const c of spec.initContainers ?? []) addMount(c);
  for (const c of spec.containers ?? []) addMount(c);
  if (needed) spec.volumes = [...((spec.volumes ?? []) as unknown[]), tokenVolume(volumeName)];
}

// System priority classes exist in every cluster (scheduling.SystemPriorityClasses).
const SYSTEM_PRIORITIES: Record<string, number> = {
  'system-node-critical': 2000001000,
  'system-cluster-critical': 2000000000,
};

function admitPriority(spec: PodSpec): void {
  const className = spec.priorityClassName as string | undefined;
  if (spec.priority === undefined || spec.priority === null) spec.priority = className ? (SYSTEM_PRIORITIES[className] ?? 0) : 0;
  if (!spec.preemptionPolicy) spec.preemptionPolicy = 'PreemptLowerPriority';
}

function admitDefaultTolerationSeconds(spec: PodSpec): void {
  const tolerations = spec.tolerations ?? [];
  const covers = (key: string): boolean =>
    tolerations.some((t) => (t.key === key || !t.key) && (t.effect === 'NoExecute' || !t.effect));
  const added: Toleration[] = [];
  for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
    if (!covers(key)) added.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });
  }
  if (added.length) spec.tolerations = [...tolerations, ...added];
}

/** Runs the pod-creation admission chain on a defaulted spec. */
export function admitPodCreate(spec: PodSpec, annotations: Record<string, string> | undefined, rng: Rng): void {
  const mirror = annotations?.['kubernetes.io/config.mirror'] !== undefined;
  admitServiceAccount(spec, rng, mirror);
  admitPriority(spec);
  admitDefaultTolerationSeconds(spec);
}
