// The Pod `kubectl run` generates (k8s.io/kubectl pkg/generate/versioned/run.go, BasicPod),
// and the image-name check run makes first (github.com/distribution/reference).

import { isEnvVarName } from '../../api/kinds/names.ts';
import type { Container, EnvVar, KubeObject } from '../../api/types.ts';
import { generatedMeta } from './createCommon.ts';

// reference.ReferenceRegexp, assembled from its parts.
const alnum = '[a-z0-9]+';
const separator = '(?:[._]|__|[-]+)';
const pathComponent = `${alnum}(?:${separator}${alnum})*`;
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const host = `(?:${domainComponent}(?:\\.${domainComponent})*|\\[(?:[a-fA-F0-9:]+)\\])`;
const domainAndPort = `${host}(?::[0-9]+)?`;
const name = `(?:${domainAndPort}/)?${pathComponent}(?:/${pathComponent})*`;
const tag = '[\\w][\\w.-]{0,127}';
const digest = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(`^(${name})(?::(${tag}))?(?:@(${digest}))?$`);

export const isValidImageReference = (image: string): boolean => REFERENCE.test(image);

/** generate.ParseLabels: `k=v,k2=v2`. */
export function parseLabelSpec(spec: string): { ok: true; labels: Record<string, string> } | { ok: false; error: string } {
  if (spec === '') return { ok: false, error: 'no label spec passed' };
  const labels: Record<string, string> = {};
  for (const part of spec.split(',')) {
    const kv = part.split('=');
    if (kv.length !== 2) return { ok: false, error: `unexpected label spec: ${part}` };
    if (kv[0] === '') return { ok: false, error: 'unexpected empty label key' };
    labels[kv[0]!] = kv[1]!;
  }
  return { ok: true, labels };
}

/** parseEnvs: `NAME=value`, the name a valid environment variable name. */
export function parseEnvs(envs: string[]): { ok: true; env: EnvVar[] } | { ok: false; error: string } {
  const out: EnvVar[] = [];
  for (const e of envs) {
    const pos = e.indexOf('=');
    const n = pos < 0 ? '' : e.slice(0, pos);
    if (pos === -1 || n === '' || isEnvVarName(n).length > 0) return { ok: false, error: `invalid env: ${e}` };
    out.push({ name: n, value: e.slice(pos + 1) });
  }
  return { ok: true, env: out };
}

export interface RunParams {
  name: string;
  image: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  env: EnvVar[];
  args: string[];
  command: boolean;
  port?: number;
  restart: string;
  imagePullPolicy: string;
  privileged: boolean;
}

/** BasicPod.Generate: the typed Pod as it serialises (zero values included). */
export function buildRunPod(p: RunParams): KubeObject {
  const container: Container = { name: p.name, image: p.image };
  if (p.args.length > 0) {
    if (p.command) container.command = p.args;
    else container.args = p.args;
  }
  if (p.env.length > 0) container.env = p.env;
  if (p.port !== undefined) container.ports = [{ containerPort: p.port }];
  if (p.imagePullPolicy) container.imagePullPolicy = p.imagePullPolicy;
  container.resources = {};
  if (p.privileged) container.securityContext = { privileged: true };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: generatedMeta({ name: p.name, labels: p.labels, ...(Object.keys(p.annotations).length > 0 ? { annotations: p.annotations } : {}) }),
    spec: { containers: [container], dnsPolicy: 'ClusterFirst', restartPolicy: p.restart },
    status: {},
  };
}
