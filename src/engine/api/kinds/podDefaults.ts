// Defaulting of pod specs (pkg/apis/core/v1/defaults.go and the declarative +default tags), both
// for Pods and for the templates inside Deployments, ReplicaSets and DaemonSets. Pod-only
// defaults (SetDefaults_Pod) are applied when `isPod` is set; admission lives in podAdmission.ts.

import type { Container, PodSpec, Probe } from '../types.ts';
import { canonicalQuantity } from './quantity.ts';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

// The docker reference grammar (distribution/reference) that parsers.ParseImageName applies.
const DOMAIN_PART = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_PART}(?:\\.${DOMAIN_PART})*|\\[[0-9a-fA-F:.]+\\])(?::[0-9]+)?`;
const PATH_PART = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const REFERENCE = new RegExp(
  `^((?:${DOMAIN}/)?${PATH_PART}(?:/${PATH_PART})*)(?::([\\w][\\w.-]{0,127}))?(?:@([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9A-Fa-f]{32,}))?$`,
);

/**
 * The tag ParseImageName reports: "latest" for a reference with neither tag nor digest, "" for
 * one that does not parse (SetDefaults_Container ignores the error). PullAlways goes with
 * "latest", IfNotPresent with anything else.
 */
export function imageTag(image: string): string {
  const m = REFERENCE.exec(image);
  if (!m || m[1]!.length > 255 || /^[a-f0-9]{64}$/.test(m[1]!)) return '';
  const [, , tag = '', digest] = m;
  return tag === '' && digest === undefined ? 'latest' : tag;
}

function defaultHandler(h: Obj | undefined): void {
  const httpGet = h?.httpGet;
  if (isObj(httpGet)) {
    if (!httpGet.path) httpGet.path = '/';
    if (!httpGet.scheme) httpGet.scheme = 'HTTP';
  }
}

function defaultProbe(p: Probe | undefined): void {
  if (!p) return;
  // int32 fields with omitempty: a 0 written by the user is not stored.
  if (p.initialDelaySeconds === 0) delete p.initialDelaySeconds;
  if (!p.timeoutSeconds) p.timeoutSeconds = 1;
  if (!p.periodSeconds) p.periodSeconds = 10;
  if (!p.successThreshold) p.successThreshold = 1;
  if (!p.failureThreshold) p.failureThreshold = 3;
  defaultHandler(p as Obj);
}

function canonicalResourceList(list: unknown): void {
  if (!isObj(list)) return;
  for (const k of Object.keys(list)) {
    const v = list[k];
    if (typeof v === 'string' || typeof v === 'number') list[k] = canonicalQuantity(v);
  }
}

export function defaultContainer(c: Container, hostNetwork: boolean, isPod: boolean): void {
  if (!c.imagePullPolicy) c.imagePullPolicy = imageTag(c.image ?? '') === 'latest' ? 'Always' : 'IfNotPresent';
  if (!c.terminationMessagePath) c.terminationMessagePath = '/dev/termination-log';
  if (!c.terminationMessagePolicy) c.terminationMessagePolicy = 'File';
  // ResourceRequirements is a struct, never omitted: an empty one prints as `resources: {}`.
  if (!isObj(c.resources)) c.resources = {};
  const res = c.resources;
  canonicalResourceList(res.limits);
  canonicalResourceList(res.requests);
  if (isPod && isObj(res.limits)) {
    // SetDefaults_Pod: requests default to limits.
    const requests: Obj = isObj(res.requests) ? res.requests : {};
    for (const [k, v] of Object.entries(res.limits)) if (!(k in requests)) requests[k] = v;
    res.requests = requests;
  }
  for (const p of c.ports ?? []) {
    if (!p.protocol) p.protocol = 'TCP';
    if (hostNetwork && isPod && !p.hostPort) p.hostPort = p.containerPort;
  }
  for (const e of (c.env ?? []) as unknown as Obj[]) {
    const fieldRef = isObj(e.valueFrom) ? e.valueFrom.fieldRef : undefined;
    if (isObj(fieldRef) && !fieldRef.apiVersion) fieldRef.apiVersion = 'v1';
  }
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe as Probe | undefined);
  const lifecycle = c.lifecycle;
  if (isObj(lifecycle)) {
    defaultHandler(lifecycle.postStart as Obj | undefined);
    defaultHandler(lifecycle.preStop as Obj | undefined);
  }
}

const VOLUME_SOURCES = [
  'hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi', 'glusterfs',
  'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc', 'azureFile', 'configMap',
  'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected', 'portworxVolume', 'scaleIO', 'storageos',
  'csi', 'ephemeral', 'image',
];
export const volumeSourcesOf = (v: Obj): string[] => VOLUME_SOURCES.filter((s) => v[s] !== undefined && v[s] !== null);

function defaultFieldRefs(items: unknown): void {
  for (const item of Array.isArray(items) ? items : []) {
    if (isObj(item) && isObj(item.fieldRef) && !item.fieldRef.apiVersion) item.fieldRef.apiVersion = 'v1';
  }
}

function defaultVolume(v: Obj): void {
  if (volumeSourcesOf(v).length === 0) v.emptyDir = {};
  for (const key of ['secret', 'configMap', 'downwardAPI', 'projected']) {
    const src = v[key];
    if (isObj(src) && src.defaultMode === undefined) src.defaultMode = 420;
  }
  if (isObj(v.hostPath) && v.hostPath.type === undefined) v.hostPath.type = '';
  if (isObj(v.downwardAPI)) defaultFieldRefs(v.downwardAPI.items);
  if (isObj(v.projected)) {
    for (const s of Array.isArray(v.projected.sources) ? v.projected.sources : []) {
      if (!isObj(s)) continue;
      if (isObj(s.serviceAccountToken) && s.serviceAccountToken.expirationSeconds === undefined) s.serviceAccountToken.expirationSeconds = 3600;
      if (isObj(s.downwardAPI)) defaultFieldRefs(s.downwardAPI.items);
    }
  }
}

/** SetDefaults_PodSpec and everything beneath it; SetDefaults_Pod too when `isPod`. */
export function defaultPodSpec(spec: PodSpec, isPod: boolean): void {
  if (!spec.dnsPolicy) spec.dnsPolicy = 'ClusterFirst';
  if (!spec.restartPolicy) spec.restartPolicy = 'Always';
  if (!isObj(spec.securityContext)) spec.securityContext = {};
  if (spec.terminationGracePeriodSeconds === undefined || spec.terminationGracePeriodSeconds === null) spec.terminationGracePeriodSeconds = 30;
  if (!spec.schedulerName) spec.schedulerName = 'default-scheduler';
  const hostNetwork = spec.hostNetwork === true;
  for (const c of spec.initContainers ?? []) defaultContainer(c, hostNetwork, isPod);
  for (const c of spec.containers ?? []) defaultContainer(c, hostNetwork, isPod);
  for (const v of (spec.volumes ?? []) as Obj[]) if (isObj(v)) defaultVolume(v);
  if (isPod && (spec.enableServiceLinks === undefined || spec.enableServiceLinks === null)) spec.enableServiceLinks = true;
}
