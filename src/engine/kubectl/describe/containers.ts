// The container, volume and pod-template sections of kubectl describe (describeContainers,
// describeVolumes, DescribePodTemplate, DescribeProbe).

import type { Container, ContainerState, ContainerStatus, Pod, PodTemplateSpec, Probe } from '../../api/types.ts';
import { arrOf, objOf, rfc1123z, str } from '../printers/format.ts';
import { printAnnotationsMultiline, printLabelsMultiline, printTolerationsMultiline } from './common.ts';
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, type DescribeWriter } from './writer.ts';

type EnvResolver = (fieldPath: string) => string;

/** net.JoinHostPort. */
const joinHostPort = (host: string, port: string): string => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);

/** DescribeProbe: `http-get http://:8080/health delay=2s timeout=1s period=5s #success=1 #failure=3`. */
export function describeProbe(p: Probe): string {
  const attrs = `delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 0}s period=${p.periodSeconds ?? 0}s #success=${p.successThreshold ?? 0} #failure=${p.failureThreshold ?? 0}`;
  if (p.exec) return `exec [${(p.exec.command ?? []).join(' ')}] ${attrs}`;
  if (p.httpGet) {
    const h = p.httpGet as { path?: string; port: number | string; scheme?: string; host?: string };
    const scheme = (h.scheme ?? '').toLowerCase();
    const port = String(h.port ?? '');
    const host = port.length > 0 ? joinHostPort(h.host ?? '', port) : (h.host ?? '');
    let path = h.path ?? '';
    if (path !== '' && !path.startsWith('/') && host !== '') path = `/${path}`;
    return `http-get ${scheme ? `${scheme}:` : ''}//${host}${path} ${attrs}`;
  }
  if (p.tcpSocket) {
    const t = p.tcpSocket as { port: number | string; host?: string };
    return `tcp-socket ${t.host ?? ''}:${String(t.port)} ${attrs}`;
  }
  const grpc = (p as unknown as Record<string, unknown>)['grpc'] as { port: number; service?: string } | undefined;
  if (grpc) return `grpc <pod>:${grpc.port} ${grpc.service ?? ''} ${attrs}`;
  return `unknown ${attrs}`;
}

function describeState(w: DescribeWriter, name: string, state: ContainerState | undefined): void {
  const term = state?.terminated as (NonNullable<ContainerState['terminated']> & { message?: string; signal?: number }) | undefined;
  if (state?.running) {
    w.write(LEVEL_2, `${name}:\tRunning\n`);
    w.write(LEVEL_3, `Started:\t${rfc1123z(state.running.startedAt)}\n`);
  } else if (state?.waiting) {
    w.write(LEVEL_2, `${name}:\tWaiting\n`);
    if (state.waiting.reason) w.write(LEVEL_3, `Reason:\t${state.waiting.reason}\n`);
  } else if (term) {
    w.write(LEVEL_2, `${name}:\tTerminated\n`);
    if (term.reason) w.write(LEVEL_3, `Reason:\t${term.reason}\n`);
    if (term.message) w.write(LEVEL_3, `Message:\t${term.message}\n`);
    w.write(LEVEL_3, `Exit Code:\t${term.exitCode}\n`);
    if (term.signal && term.signal > 0) w.write(LEVEL_3, `Signal:\t${term.signal}\n`);
    w.write(LEVEL_3, `Started:\t${rfc1123z(term.startedAt)}\n`);
    w.write(LEVEL_3, `Finished:\t${rfc1123z(term.finishedAt)}\n`);
  } else {
    w.write(LEVEL_2, `${name}:\tWaiting\n`);
  }
}

const sortedKeys = (m: Record<string, unknown>): string[] => Object.keys(m).sort();

function describeResources(w: DescribeWriter, resources: Record<string, unknown> | undefined, level: number): void {
  const limits = objOf(resources?.['limits']);
  const requests = objOf(resources?.['requests']);
  if (sortedKeys(limits).length > 0) w.write(level, 'Limits:\n');
  for (const k of sortedKeys(limits)) w.write(level + 1, `${k}:\t${String(limits[k])}\n`);
  if (sortedKeys(requests).length > 0) w.write(level, 'Requests:\n');
  for (const k of sortedKeys(requests)) w.write(level + 1, `${k}:\t${String(requests[k])}\n`);
}

function describeEnv(w: DescribeWriter, c: Container, resolve: EnvResolver | undefined): void {
  const env = (c.env ?? []) as (Record<string, unknown> & { name: string; value?: string })[];
  w.write(LEVEL_2, `Environment:${env.length === 0 ? '\t<none>' : ''}\n`);
  for (const e of env) {
    const from = e['valueFrom'] ? objOf(e['valueFrom']) : undefined;
    if (!from) {
      (e.value ?? '').split('\n').forEach((s, i) => w.write(LEVEL_3, i === 0 ? `${e.name}:\t${s}\n` : `\t${s}\n`));
      continue;
    }
    const fieldRef = from['fieldRef'] ? objOf(from['fieldRef']) : undefined;
    const resourceRef = from['resourceFieldRef'] ? objOf(from['resourceFieldRef']) : undefined;
    const secretRef = from['secretKeyRef'] ? objOf(from['secretKeyRef']) : undefined;
    const cmRef = from['configMapKeyRef'] ? objOf(from['configMapKeyRef']) : undefined;
    if (fieldRef) {
      const value = resolve ? resolve(str(fieldRef['fieldPath'])) : '';
      w.write(LEVEL_3, `${e.name}:\t${value} (${str(fieldRef['apiVersion'])}:${str(fieldRef['fieldPath'])})\n`);
    } else if (resourceRef) {
      w.write(LEVEL_3, `${e.name}:\t (${str(resourceRef['resource'])})\n`);
    } else if (secretRef) {
      w.write(LEVEL_3, `${e.name}:\t<set to the key '${str(secretRef['key'])}' in secret '${str(secretRef['name'])}'>\tOptional: ${secretRef['optional'] === true}\n`);
    } else if (cmRef) {
      w.write(LEVEL_3, `${e.name}:\t<set to the key '${str(cmRef['key'])}' of config map '${str(cmRef['name'])}'>\tOptional: ${cmRef['optional'] === true}\n`);
    }
  }
}

function describeMounts(w: DescribeWriter, c: Container): void {
  const mounts = [...(c.volumeMounts ?? [])] as { name: string; mountPath: string; readOnly?: boolean; subPath?: string }[];
  w.write(LEVEL_2, `Mounts:${mounts.length === 0 ? '\t<none>' : ''}\n`);
  mounts.sort((a, b) => (a.mountPath < b.mountPath ? -1 : a.mountPath > b.mountPath ? 1 : 0));
  for (const m of mounts) {
    const flags = [m.readOnly ? 'ro' : 'rw'];
    if (m.subPath) flags.push(`path=${JSON.stringify(m.subPath)}`);
    w.write(LEVEL_3, `${m.mountPath} from ${m.name} (${flags.join(',')})\n`);
  }
}

const portsText = (c: Container, host: boolean): string => (c.ports ?? []).map((p) => `${host ? (p.hostPort ?? 0) : p.containerPort}/${p.protocol ?? ''}`).join(', ');

/** describeContainers: `space` is "" for pods and "  " inside a pod template. */
export function describeContainers(w: DescribeWriter, label: string, containers: Container[], statuses: ContainerStatus[] | undefined, resolve: EnvResolver | undefined, space: string): void {
  w.write(LEVEL_0, `${space}${label}:${containers.length === 0 ? ' <none>' : ''}\n`);
  for (const c of containers) {
    const st = statuses?.find((s) => s.name === c.name);
    w.write(LEVEL_1, `${space ? ' ' : ''}${c.name}:\n`);
    if (st) w.write(LEVEL_2, `Container ID:\t${st.containerID ?? ''}\n`);
    w.write(LEVEL_2, `Image:\t${c.image}\n`);
    if (st) w.write(LEVEL_2, `Image ID:\t${st.imageID ?? ''}\n`);
    const ports = portsText(c, false);
    w.write(LEVEL_2, ports.includes(',') ? `Ports:\t${ports}\n` : `Port:\t${ports || '<none>'}\n`);
    const hostPorts = portsText(c, true);
    w.write(LEVEL_2, hostPorts.includes(',') ? `Host Ports:\t${hostPorts}\n` : `Host Port:\t${hostPorts || '<none>'}\n`);
    if (c.command?.length) {
      w.write(LEVEL_2, 'Command:\n');
      for (const part of c.command) for (const s of part.split('\n')) w.write(LEVEL_3, `${s}\n`);
    }
    if (c.args?.length) {
      w.write(LEVEL_2, 'Args:\n');
      for (const part of c.args) for (const s of part.split('\n')) w.write(LEVEL_3, `${s}\n`);
    }
    if (st) {
      describeState(w, 'State', st.state);
      if (st.lastState?.terminated) describeState(w, 'Last State', st.lastState);
      w.write(LEVEL_2, `Ready:\t${st.ready ? 'True' : 'False'}\n`);
      w.write(LEVEL_2, `Restart Count:\t${st.restartCount ?? 0}\n`);
    }
    describeResources(w, c.resources as Record<string, unknown> | undefined, LEVEL_2);
    if (c.livenessProbe) w.write(LEVEL_2, `Liveness:\t${describeProbe(c.livenessProbe)}\n`);
    if (c.readinessProbe) w.write(LEVEL_2, `Readiness:\t${describeProbe(c.readinessProbe)}\n`);
    if (c['startupProbe']) w.write(LEVEL_2, `Startup:\t${describeProbe(c['startupProbe'] as Probe)}\n`);
    if (arrOf(c['envFrom']).length > 0) describeEnvFrom(w, c);
    describeEnv(w, c, resolve);
    describeMounts(w, c);
  }
}

function describeEnvFrom(w: DescribeWriter, c: Container): void {
  w.write(LEVEL_2, 'Environment Variables from:\n');
  for (const e of arrOf<Record<string, unknown>>(c['envFrom'])) {
    const cm = e['configMapRef'] ? objOf(e['configMapRef']) : undefined;
    const secret = e['secretRef'] ? objOf(e['secretRef']) : undefined;
    const ref = cm ?? secret ?? {};
    const from = cm ? 'ConfigMap' : secret ? 'Secret' : '';
    const prefix = str(e['prefix']);
    w.write(LEVEL_3, `${str(ref['name'])}\t${from}${prefix ? ` with prefix '${prefix}'` : ''}\tOptional: ${ref['optional'] === true}\n`);
  }
}

/** describeVolumes for the sources Proxyscope's pods use. */
export function describeVolumes(w: DescribeWriter, volumes: Record<string, unknown>[] | undefined, space: string): void {
  if (!volumes || volumes.length === 0) {
    w.write(LEVEL_0, `${space}Volumes:\t<none>\n`);
    return;
  }
  w.write(LEVEL_0, `${space}Volumes:\n`);
  for (const v of volumes) {
    w.write(LEVEL_1, `${space ? ' ' : ''}${str(v['name'])}:\n`);
    const projected = v['projected'] ? objOf(v['projected']) : undefined;
    const hostPath = v['hostPath'] ? objOf(v['hostPath']) : undefined;
    const emptyDir = v['emptyDir'] ? objOf(v['emptyDir']) : undefined;
    const configMap = v['configMap'] ? objOf(v['configMap']) : undefined;
    const secret = v['secret'] ? objOf(v['secret']) : undefined;
    if (hostPath) {
      w.write(LEVEL_2, `Type:\tHostPath (bare host directory volume)\n    Path:\t${str(hostPath['path'])}\n    HostPathType:\t${str(hostPath['type']) || '<none>'}\n`);
    } else if (emptyDir) {
      w.write(LEVEL_2, `Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t${str(emptyDir['medium'])}\n    SizeLimit:\t${str(emptyDir['sizeLimit']) || '<unset>'}\n`);
    } else if (secret) {
      w.write(LEVEL_2, `Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t${str(secret['secretName'])}\n    Optional:\t${secret['optional'] === true}\n`);
    } else if (configMap) {
      w.write(LEVEL_2, `Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t${str(configMap['name'])}\n    Optional:\t${configMap['optional'] === true}\n`);
    } else if (projected) {
      w.write(LEVEL_2, 'Type:\tProjected (a volume that contains injected data from multiple sources)\n');
      for (const src of arrOf<Record<string, unknown>>(projected['sources'])) {
        if (src['secret']) {
          const s = objOf(src['secret']);
          w.write(LEVEL_2, `SecretName:\t${str(s['name'])}\n    Optional:\t${s['optional'] === true}\n`);
        } else if (src['downwardAPI']) {
          w.write(LEVEL_2, 'DownwardAPI:\ttrue\n');
        } else if (src['configMap']) {
          const c = objOf(src['configMap']);
          w.write(LEVEL_2, `ConfigMapName:\t${str(c['name'])}\n    Optional:\t${c['optional'] === true}\n`);
        } else if (src['serviceAccountToken']) {
          w.write(LEVEL_2, `TokenExpirationSeconds:\t${String(objOf(src['serviceAccountToken'])['expirationSeconds'] ?? 0)}\n`);
        }
      }
    } else {
      w.write(LEVEL_1, '<unknown>\n');
    }
  }
}

/** DescribePodTemplate (Deployments, ReplicaSets, DaemonSets). */
export function describePodTemplate(w: DescribeWriter, template: PodTemplateSpec | undefined): void {
  w.write(LEVEL_0, 'Pod Template:\n');
  if (!template) {
    w.write(LEVEL_1, '<unset>');
    return;
  }
  const spec = template.spec ?? { containers: [] };
  printLabelsMultiline(w, '  Labels', template.metadata?.labels);
  if (Object.keys(template.metadata?.annotations ?? {}).length > 0) printAnnotationsMultiline(w, '  Annotations', template.metadata?.annotations);
  if (spec.serviceAccountName) w.write(LEVEL_1, `Service Account:\t${spec.serviceAccountName}\n`);
  if (spec.initContainers?.length) describeContainers(w, 'Init Containers', spec.initContainers, undefined, undefined, '  ');
  describeContainers(w, 'Containers', spec.containers ?? [], undefined, undefined, '  ');
  describeVolumes(w, spec['volumes'] as Record<string, unknown>[] | undefined, '  ');
  if (spec['priorityClassName']) w.write(LEVEL_1, `Priority Class Name:\t${String(spec['priorityClassName'])}\n`);
  printLabelsMultiline(w, '  Node-Selectors', spec.nodeSelector);
  printTolerationsMultiline(w, '  Tolerations', spec.tolerations);
}

/** EnvValueRetriever: the downward-API value of a pod field. */
export function podFieldResolver(pod: Pod): EnvResolver {
  return (path) => {
    const label = /^metadata\.labels\['(.+)'\]$/.exec(path);
    if (label) return pod.metadata.labels?.[label[1]!] ?? '';
    const ann = /^metadata\.annotations\['(.+)'\]$/.exec(path);
    if (ann) return pod.metadata.annotations?.[ann[1]!] ?? '';
    switch (path) {
      case 'metadata.name':
        return pod.metadata.name ?? '';
      case 'metadata.namespace':
        return pod.metadata.namespace ?? '';
      case 'metadata.uid':
        return pod.metadata.uid ?? '';
      case 'spec.nodeName':
        return pod.spec?.nodeName ?? '';
      case 'spec.serviceAccountName':
        return pod.spec?.serviceAccountName ?? '';
      case 'status.hostIP':
        return pod.status?.hostIP ?? '';
      case 'status.hostIPs':
        return (pod.status?.hostIPs ?? []).map((i) => i.ip).join(',');
      case 'status.podIP':
        return pod.status?.podIP ?? '';
      case 'status.podIPs':
        return (pod.status?.podIPs ?? []).map((i) => i.ip).join(',');
      default:
        return '';
    }
  };
}
