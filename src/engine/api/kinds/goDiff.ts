// An approximation of the cmp.Diff(oldPod.Spec, newPod.Spec) the API server appends to a
// rejected pod update. Upstream diffs the internal Go structs (core.PodSpec) and cmp itself
// randomises some whitespace, so byte equality is impossible; this keeps cmp's shape: Go field
// names in struct order, two lines of context, `... // N identical fields` for the rest.

import { deepEqual } from '../deepEqual.ts';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

interface StructDef {
  type: string;
  /** [json name, Go name, kind] in internal struct order. */
  fields: [string, string, Kind][];
}
type Kind = 'string' | 'int' | 'bool' | 'ptr' | 'slice' | 'map' | 'struct' | 'containers';

// core.PodSpec has no HostNetwork/HostPID/HostIPC: internally they live in SecurityContext.
const POD_SPEC: StructDef = {
  type: 'core.PodSpec',
  fields: [
    ['volumes', 'Volumes', 'slice'], ['initContainers', 'InitContainers', 'containers'], ['containers', 'Containers', 'containers'],
    ['ephemeralContainers', 'EphemeralContainers', 'slice'], ['restartPolicy', 'RestartPolicy', 'string'],
    ['terminationGracePeriodSeconds', 'TerminationGracePeriodSeconds', 'ptr'], ['activeDeadlineSeconds', 'ActiveDeadlineSeconds', 'ptr'],
    ['dnsPolicy', 'DNSPolicy', 'string'], ['nodeSelector', 'NodeSelector', 'map'], ['serviceAccountName', 'ServiceAccountName', 'string'],
    ['automountServiceAccountToken', 'AutomountServiceAccountToken', 'ptr'], ['nodeName', 'NodeName', 'string'],
    ['securityContext', 'SecurityContext', 'ptr'], ['imagePullSecrets', 'ImagePullSecrets', 'slice'], ['hostname', 'Hostname', 'string'],
    ['subdomain', 'Subdomain', 'string'], ['setHostnameAsFQDN', 'SetHostnameAsFQDN', 'ptr'], ['affinity', 'Affinity', 'ptr'],
    ['schedulerName', 'SchedulerName', 'string'], ['tolerations', 'Tolerations', 'slice'], ['hostAliases', 'HostAliases', 'slice'],
    ['priorityClassName', 'PriorityClassName', 'string'], ['priority', 'Priority', 'ptr'], ['preemptionPolicy', 'PreemptionPolicy', 'ptr'],
    ['dnsConfig', 'DNSConfig', 'ptr'], ['readinessGates', 'ReadinessGates', 'slice'], ['runtimeClassName', 'RuntimeClassName', 'ptr'],
    ['overhead', 'Overhead', 'map'], ['enableServiceLinks', 'EnableServiceLinks', 'ptr'],
    ['topologySpreadConstraints', 'TopologySpreadConstraints', 'slice'], ['os', 'OS', 'ptr'], ['schedulingGates', 'SchedulingGates', 'slice'],
    ['resourceClaims', 'ResourceClaims', 'slice'], ['resources', 'Resources', 'ptr'],
  ],
};

const CONTAINER: StructDef = {
  type: 'core.Container',
  fields: [
    ['name', 'Name', 'string'], ['image', 'Image', 'string'], ['command', 'Command', 'slice'], ['args', 'Args', 'slice'],
    ['workingDir', 'WorkingDir', 'string'], ['ports', 'Ports', 'slice'], ['envFrom', 'EnvFrom', 'slice'], ['env', 'Env', 'slice'],
    ['resources', 'Resources', 'struct'], ['resizePolicy', 'ResizePolicy', 'slice'], ['restartPolicy', 'RestartPolicy', 'ptr'],
    ['volumeMounts', 'VolumeMounts', 'slice'], ['volumeDevices', 'VolumeDevices', 'slice'], ['livenessProbe', 'LivenessProbe', 'ptr'],
    ['readinessProbe', 'ReadinessProbe', 'ptr'], ['startupProbe', 'StartupProbe', 'ptr'], ['lifecycle', 'Lifecycle', 'ptr'],
    ['terminationMessagePath', 'TerminationMessagePath', 'string'], ['terminationMessagePolicy', 'TerminationMessagePolicy', 'string'],
    ['imagePullPolicy', 'ImagePullPolicy', 'string'], ['securityContext', 'SecurityContext', 'ptr'], ['stdin', 'Stdin', 'bool'],
    ['stdinOnce', 'StdinOnce', 'bool'], ['tty', 'TTY', 'bool'],
  ],
};

// Go spells initialisms in capitals (APIVersion, HTTPGet, TCPSocket, IP).
const GO_NAMES: Record<string, string> = {
  apiVersion: 'APIVersion', httpGet: 'HTTPGet', tcpSocket: 'TCPSocket', grpc: 'GRPC', hostIP: 'HostIP', ip: 'IP', uid: 'UID',
  fsGroup: 'FSGroup', seLinuxOptions: 'SELinuxOptions', hostPID: 'HostPID', hostIPC: 'HostIPC', tty: 'TTY',
};
const goName = (json: string): string => GO_NAMES[json] ?? json.charAt(0).toUpperCase() + json.slice(1);

/** A compact Go-literal rendering in cmp's style (`{Name: "x", Port: 80}`, `&30`, `nil`). */
function literal(v: unknown, kind: Kind): string {
  if (v === undefined || v === null) {
    if (kind === 'string') return '""';
    if (kind === 'int') return '0';
    if (kind === 'bool') return 'false';
    if (kind === 'struct') return '{}';
    return 'nil';
  }
  const inner = (x: unknown): string => {
    if (typeof x === 'string') return JSON.stringify(x);
    if (typeof x === 'number' || typeof x === 'boolean') return String(x);
    if (Array.isArray(x)) return `{${x.map(inner).join(', ')}}`;
    if (isObj(x)) return `{${Object.entries(x).map(([k, y]) => `${goName(k)}: ${inner(y)}`).join(', ')}}`;
    return 'nil';
  };
  if (kind === 'ptr') return `&${inner(v)}`;
  return inner(v);
}

const same = (a: unknown, b: unknown): boolean => deepEqual(a ?? null, b ?? null);

function renderStruct(def: StructDef, a: Obj, b: Obj, indent: string, lines: string[]): void {
  const changed = def.fields.map(([json]) => !same(a[json], b[json]));
  const show = changed.map((c, i) => c || changed.slice(Math.max(0, i - 2), i + 3).some(Boolean));
  const pad = (names: string[]): number => Math.max(...names.map((n) => n.length));
  let i = 0;
  while (i < def.fields.length) {
    if (!show[i]) {
      let j = i;
      while (j < def.fields.length && !show[j]) j++;
      lines.push(`  ${indent}... // ${j - i} identical fields`);
      i = j;
      continue;
    }
    // A run of shown fields is aligned on the longest name, as gofmt-like cmp output does.
    let j = i;
    while (j < def.fields.length && show[j]) j++;
    const width = pad(def.fields.slice(i, j).map(([, g]) => `${g}:`)) + 1;
    for (let k = i; k < j; k++) {
      const [json, go, kind] = def.fields[k]!;
      const label = `${go}:`.padEnd(width);
      const av = a[json];
      const bv = b[json];
      if (!changed[k]) lines.push(`  ${indent}${label}${literal(av, kind)},`);
      else if (kind === 'containers' && Array.isArray(av) && Array.isArray(bv) && av.length === bv.length) {
        lines.push(`  ${indent}${go}: []core.Container{`);
        av.forEach((c, n) => {
          if (same(c, bv[n])) {
            lines.push(`  ${indent}\t{Name: ${JSON.stringify((c as Obj).name ?? '')}, ...},`);
            return;
          }
          lines.push(`  ${indent}\t{`);
          renderStruct(CONTAINER, c as Obj, bv[n] as Obj, `${indent}\t\t`, lines);
          lines.push(`  ${indent}\t},`);
        });
        lines.push(`  ${indent}},`);
      } else {
        lines.push(`- ${indent}${label}${literal(av, kind)},`);
        lines.push(`+ ${indent}${label}${literal(bv, kind)},`);
      }
    }
    i = j;
  }
}

// Fields the v1 PodSpec carries at top level but core.PodSpec keeps in SecurityContext.
const HOST_FIELDS = ['hostNetwork', 'hostPID', 'hostIPC', 'shareProcessNamespace', 'hostUsers'];

function toInternal(spec: Obj): Obj {
  const out: Obj = { ...spec };
  const sc: Obj = isObj(spec.securityContext) ? { ...spec.securityContext } : {};
  for (const f of HOST_FIELDS) {
    if (spec[f] !== undefined) sc[f] = spec[f];
    delete out[f];
  }
  if (isObj(spec.securityContext) || Object.keys(sc).length) out.securityContext = sc;
  return out;
}

export function podSpecDiff(oldSpec: Obj, newSpec: Obj): string {
  const lines = [`  ${POD_SPEC.type}{`];
  renderStruct(POD_SPEC, toInternal(oldSpec), toInternal(newSpec), '\t', lines);
  lines.push('  }');
  return `${lines.join('\n')}\n`;
}
