// The environment of a container process as the kubelet and containerd build it: containerd's
// default PATH, HOSTNAME, the image's ENV, then the kubelet's list (the container's env, then
// the Service variables of enableServiceLinks), and HOME appended by runc when unset.
// The kubelet collects both in Go maps, so the real order changes from pod to pod; a hash of
// the pod's uid and the name stands in for Go's map order (stable for one pod).

import type { Container, Pod, Service } from '../api/types.ts';
import type { Simulation } from '../simulation.ts';
import type { ImageProfile } from './profiles.ts';

function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

const envName = (s: string): string => s.toUpperCase().replace(/-/g, '_');

/** pkg/kubelet/envvars FromServices for one Service: host, ports, then docker-link variables. */
export function serviceEnv(svc: Service): [string, string][] {
  const name = envName(svc.metadata.name ?? '');
  const ip = svc.spec.clusterIP ?? '';
  const ports = svc.spec.ports ?? [];
  const out: [string, string][] = [[`${name}_SERVICE_HOST`, ip]];
  if (ports[0]) out.push([`${name}_SERVICE_PORT`, String(ports[0].port)]);
  for (const p of ports) if (p.name) out.push([`${name}_SERVICE_PORT_${envName(p.name)}`, String(p.port)]);
  ports.forEach((p, i) => {
    const proto = p.protocol ?? 'TCP';
    const prefix = `${name}_PORT_${p.port}_${proto}`;
    if (i === 0) out.push([`${name}_PORT`, `${proto.toLowerCase()}://${ip}:${p.port}`]);
    out.push([prefix, `${proto.toLowerCase()}://${ip}:${p.port}`], [`${prefix}_PROTO`, proto.toLowerCase()], [`${prefix}_PORT`, String(p.port)], [`${prefix}_ADDR`, ip]);
  });
  return out;
}

/** Services whose variables the kubelet gave the pod: its namespace's, plus default/kubernetes,
 *  with a ClusterIP, created before the container started. */
function linkedServices(sim: Simulation, pod: Pod): Service[] {
  const ns = pod.metadata.namespace ?? 'default';
  const started = pod.status.startTime ?? '';
  const list = (sim.api.list('services', ns) as Service[]).slice();
  if (ns !== 'default') {
    const k = sim.api.get('services', 'default', 'kubernetes') as Service | undefined;
    if (k) list.push(k);
  }
  return list.filter((s) => {
    const ip = s.spec.clusterIP;
    if (!ip || ip === 'None' || s.spec.type === 'ExternalName') return false;
    const created = s.metadata.creationTimestamp ?? '';
    return s.metadata.name === 'kubernetes' || started === '' || created <= started;
  });
}

const mapOrder = (pod: Pod, vars: [string, string][]): [string, string][] => {
  const uid = pod.metadata.uid ?? '';
  return vars.slice().sort((a, b) => fnv(uid + a[0]) - fnv(uid + b[0]));
};

/** The process environment of `container` in `pod`, in environ order. */
export function containerEnv(sim: Simulation, pod: Pod, container: Container, profile: ImageProfile): [string, string][] {
  const env = new Map<string, string>([['PATH', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], ['HOSTNAME', pod.metadata.name ?? '']]);
  for (const [k, v] of profile.env) env.set(k, v);
  const own = new Map<string, string>();
  for (const e of container.env ?? []) own.set(e.name, e.value ?? '');
  for (const [k, v] of mapOrder(pod, [...own])) env.set(k, v);
  if (pod.spec['enableServiceLinks'] !== false) {
    const svcVars = linkedServices(sim, pod).flatMap(serviceEnv).filter(([k]) => !own.has(k));
    for (const [k, v] of mapOrder(pod, svcVars)) env.set(k, v);
  }
  if (!env.has('HOME')) env.set('HOME', '/root');
  return [...env];
}
