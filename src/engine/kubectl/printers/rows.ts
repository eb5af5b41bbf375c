// Column definitions and row cells of the server-side table printers
// (pkg/printers/internalversion/printers.go, v1.33) for the kinds Proxyscope serves. The server
// always generates every cell (GenerateOptions{Wide: true}); kubectl drops priority-1 columns
// unless `-o wide`.

import type { DaemonSet, Deployment, EndpointSlice, Endpoints, KubeObject, Namespace, Node, Pod, ReplicaSet, Service } from '../../api/types.ts';
import type { Simulation } from '../../simulation.ts';
import { formatLabels, formatLabelSelector, labelSelectorString, layoutContainerCells, num, objOf, since, str } from './format.ts';
import { podStatusCells, podWideCells } from './podRow.ts';

export interface Column {
  /** Header as printed (upper case). */
  name: string;
  /** 1: only with `-o wide`. */
  priority: 0 | 1;
}

export interface TableDef {
  columns: Column[];
  cells(obj: KubeObject, sim: Simulation): string[];
}

const col = (name: string, priority: 0 | 1 = 0): Column => ({ name, priority });
const wide = (name: string): Column => col(name, 1);

const pods: TableDef = {
  columns: [col('NAME'), col('READY'), col('STATUS'), col('RESTARTS'), col('AGE'), wide('IP'), wide('NODE'), wide('NOMINATED NODE'), wide('READINESS GATES')],
  cells(obj, sim) {
    const pod = obj as Pod;
    const s = podStatusCells(sim, pod);
    return [pod.metadata.name ?? '', s.ready, s.status, s.restarts, since(sim, pod.metadata.creationTimestamp), ...podWideCells(pod)];
  },
};

const LOAD_BALANCER_WIDTH = 16;

/** loadBalancerStatusStringer: the sorted set of ingress IPs/hostnames, clipped unless wide. */
function loadBalancerStatus(svc: Service, isWide: boolean): string {
  const set = new Set<string>();
  for (const ing of svc.status?.loadBalancer?.ingress ?? []) {
    if (ing.ip) set.add(ing.ip);
    else if (ing.hostname) set.add(ing.hostname);
  }
  let r = [...set].sort().join(',');
  if (!isWide && r.length > LOAD_BALANCER_WIDTH) r = r.slice(0, LOAD_BALANCER_WIDTH - 3) + '...';
  return r;
}

/** getServiceExternalIP. kubectl asks the server for wide cells, so the clipping never shows. */
export function serviceExternalIP(svc: Service, isWide: boolean): string {
  const external = svc.spec.externalIPs ?? [];
  switch (svc.spec.type) {
    case 'ClusterIP':
    case 'NodePort':
      return external.length ? external.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerStatus(svc, isWide);
      if (external.length) return [...(lb ? lb.split(',') : []), ...external].join(',');
      return lb || '<pending>';
    }
    case 'ExternalName':
      return svc.spec.externalName ?? '';
  }
  return '<unknown>';
}

/** makePortString: `80/TCP`, `80:31234/TCP`, comma-joined. */
export function servicePorts(svc: Service): string {
  return (svc.spec.ports ?? []).map((p) => (p.nodePort && p.nodePort > 0 ? `${p.port}:${p.nodePort}/${p.protocol ?? ''}` : `${p.port}/${p.protocol ?? ''}`)).join(',');
}

const services: TableDef = {
  columns: [col('NAME'), col('TYPE'), col('CLUSTER-IP'), col('EXTERNAL-IP'), col('PORT(S)'), col('AGE'), wide('SELECTOR')],
  cells(obj, sim) {
    const svc = obj as Service;
    const clusterIP = svc.spec.clusterIPs?.[0] ?? '<none>';
    return [svc.metadata.name ?? '', svc.spec.type ?? '', clusterIP, serviceExternalIP(svc, true), servicePorts(svc) || '<none>', since(sim, svc.metadata.creationTimestamp), formatLabels(svc.spec.selector)];
  },
};

const deployments: TableDef = {
  columns: [col('NAME'), col('READY'), col('UP-TO-DATE'), col('AVAILABLE'), col('AGE'), wide('CONTAINERS'), wide('IMAGES'), wide('SELECTOR')],
  cells(obj, sim) {
    const d = obj as Deployment;
    const st = d.status ?? {};
    const [names, images] = layoutContainerCells(d.spec.template?.spec?.containers);
    const selector = labelSelectorString(d.spec.selector);
    return [
      d.metadata.name ?? '',
      `${st.readyReplicas ?? 0}/${d.spec.replicas ?? 0}`,
      String(st.updatedReplicas ?? 0),
      String(st.availableReplicas ?? 0),
      since(sim, d.metadata.creationTimestamp),
      names,
      images,
      selector === undefined ? '<invalid>' : selector,
    ];
  },
};

const replicasets: TableDef = {
  columns: [col('NAME'), col('DESIRED'), col('CURRENT'), col('READY'), col('AGE'), wide('CONTAINERS'), wide('IMAGES'), wide('SELECTOR')],
  cells(obj, sim) {
    const rs = obj as ReplicaSet;
    const st = rs.status ?? {};
    const [names, images] = layoutContainerCells(rs.spec.template?.spec?.containers);
    return [rs.metadata.name ?? '', String(rs.spec.replicas ?? 0), String(st.replicas ?? 0), String(st.readyReplicas ?? 0), since(sim, rs.metadata.creationTimestamp), names, images, formatLabelSelector(rs.spec.selector)];
  },
};

const daemonsets: TableDef = {
  columns: [col('NAME'), col('DESIRED'), col('CURRENT'), col('READY'), col('UP-TO-DATE'), col('AVAILABLE'), col('NODE SELECTOR'), col('AGE'), wide('CONTAINERS'), wide('IMAGES'), wide('SELECTOR')],
  cells(obj, sim) {
    const ds = obj as DaemonSet;
    const st = ds.status ?? {};
    const [names, images] = layoutContainerCells(ds.spec.template?.spec?.containers);
    return [
      ds.metadata.name ?? '',
      String(st.desiredNumberScheduled ?? 0),
      String(st.currentNumberScheduled ?? 0),
      String(st.numberReady ?? 0),
      String(st.updatedNumberScheduled ?? 0),
      String(st.numberAvailable ?? 0),
      formatLabels(ds.spec.template?.spec?.nodeSelector),
      since(sim, ds.metadata.creationTimestamp),
      names,
      images,
      formatLabelSelector(ds.spec.selector),
    ];
  },
};

/** net.JoinHostPort. */
const joinHostPort = (host: string, port: number): string => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);

/** formatEndpoints (ports nil = all): the first 3 `ip:port`, then ` + N more...`. */
export function formatEndpoints(ep: Endpoints): string {
  const subsets = ep.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const ss of subsets) {
    const addresses = ss.addresses ?? [];
    if ((ss.ports ?? []).length === 0) {
      count += addresses.length;
      for (const a of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(a.ip);
      }
      continue;
    }
    for (const port of ss.ports ?? []) {
      count += addresses.length;
      for (const a of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(joinHostPort(a.ip, port.port));
      }
    }
  }
  const ret = list.join(',');
  return more ? `${ret} + ${count - max} more...` : ret;
}

function listWithMore(list: string[], more: boolean, count: number, max: number): string {
  const ret = list.join(',');
  if (more) return `${ret} + ${count - max} more...`;
  return ret === '' ? '<unset>' : ret;
}

/** formatDiscoveryPorts. */
export function formatSlicePorts(slice: EndpointSlice): string {
  const list: string[] = [];
  let more = false;
  let count = 0;
  for (const p of slice.ports ?? []) {
    if (list.length < 3) list.push(p.port !== undefined && p.port !== null ? String(p.port) : p.name !== undefined && p.name !== null ? p.name : '*');
    else if (list.length === 3) more = true;
    count++;
  }
  return listWithMore(list, more, count, 3);
}

/** formatDiscoveryEndpoints. */
export function formatSliceEndpoints(slice: EndpointSlice): string {
  const list: string[] = [];
  let more = false;
  let count = 0;
  for (const e of slice.endpoints ?? []) {
    for (const a of e.addresses ?? []) {
      if (list.length < 3) list.push(a);
      else if (list.length === 3) more = true;
      count++;
    }
  }
  return listWithMore(list, more, count, 3);
}

const endpoints: TableDef = {
  columns: [col('NAME'), col('ENDPOINTS'), col('AGE')],
  cells: (obj, sim) => [obj.metadata.name ?? '', formatEndpoints(obj as Endpoints), since(sim, obj.metadata.creationTimestamp)],
};

const endpointslices: TableDef = {
  columns: [col('NAME'), col('ADDRESSTYPE'), col('PORTS'), col('ENDPOINTS'), col('AGE')],
  cells: (obj, sim) => {
    const s = obj as EndpointSlice;
    return [s.metadata.name ?? '', s.addressType ?? '', formatSlicePorts(s), formatSliceEndpoints(s), since(sim, s.metadata.creationTimestamp)];
  },
};

/** findNodeRoles: node-role.kubernetes.io/<role> labels and kubernetes.io/role, sorted. */
export function nodeRoles(node: Node): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata.labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/')) {
      const role = k.slice('node-role.kubernetes.io/'.length);
      if (role) roles.add(role);
    } else if (k === 'kubernetes.io/role' && v !== '') roles.add(v);
  }
  return [...roles].sort();
}

/** The STATUS of a node: Ready / NotReady / Unknown, plus SchedulingDisabled when cordoned. */
export function nodeStatus(node: Node): string {
  const status: string[] = [];
  const ready = (node.status?.conditions ?? []).filter((c) => c.type === 'Ready').at(-1);
  if (ready) status.push(ready.status === 'True' ? 'Ready' : 'NotReady');
  if (status.length === 0) status.push('Unknown');
  if (node.spec?.unschedulable) status.push('SchedulingDisabled');
  return status.join(',');
}

const nodeAddress = (node: Node, type: string): string => (node.status?.addresses ?? []).find((a) => a.type === type)?.address ?? '<none>';

const nodes: TableDef = {
  columns: [col('NAME'), col('STATUS'), col('ROLES'), col('AGE'), col('VERSION'), wide('INTERNAL-IP'), wide('EXTERNAL-IP'), wide('OS-IMAGE'), wide('KERNEL-VERSION'), wide('CONTAINER-RUNTIME')],
  cells(obj, sim) {
    const node = obj as Node;
    const info = node.status?.nodeInfo ?? {};
    return [
      node.metadata.name ?? '',
      nodeStatus(node),
      nodeRoles(node).join(',') || '<none>',
      since(sim, node.metadata.creationTimestamp),
      info['kubeletVersion'] ?? '',
      nodeAddress(node, 'InternalIP'),
      nodeAddress(node, 'ExternalIP'),
      info['osImage'] || '<unknown>',
      info['kernelVersion'] || '<unknown>',
      info['containerRuntimeVersion'] || '<unknown>',
    ];
  },
};

const namespaces: TableDef = {
  columns: [col('NAME'), col('STATUS'), col('AGE')],
  cells: (obj, sim) => [obj.metadata.name ?? '', (obj as Namespace).status?.phase ?? '', since(sim, obj.metadata.creationTimestamp)],
};

const events: TableDef = {
  columns: [col('LAST SEEN'), col('TYPE'), col('REASON'), col('OBJECT'), wide('SUBOBJECT'), wide('SOURCE'), col('MESSAGE'), wide('FIRST SEEN'), wide('COUNT'), wide('NAME')],
  cells(obj, sim) {
    const e = obj as KubeObject & Record<string, unknown>;
    let first = since(sim, str(e['firstTimestamp']) || undefined);
    if (!str(e['firstTimestamp'])) first = since(sim, str(e['eventTime']) || undefined);
    let last = str(e['lastTimestamp']) ? since(sim, str(e['lastTimestamp'])) : first;
    let count = num(e['count']);
    const series = e['series'] ? objOf(e['series']) : undefined;
    if (series) {
      last = since(sim, str(series['lastObservedTime']) || undefined);
      count = num(series['count']);
    } else if (count === 0) count = 1;
    const involved = objOf(e['involvedObject']);
    const kind = str(involved['kind']).toLowerCase();
    const target = str(involved['name']) ? `${kind}/${str(involved['name'])}` : kind;
    const source = objOf(e['source']);
    const component = str(source['component']) || str(e['reportingComponent']);
    const host = str(source['host']) || str(e['reportingInstance']);
    return [last, str(e['type']), str(e['reason']), target, str(involved['fieldPath']), host ? `${component}, ${host}` : component, str(e['message']).trim(), first, String(count), e.metadata.name ?? ''];
  },
};

const TABLES: Record<string, TableDef> = { pods, services, deployments, replicasets, daemonsets, endpoints, endpointslices, nodes, namespaces, events };

/** The table printer for a resource (the plural resource name, as in RESOURCES). */
export function tableFor(resource: string): TableDef {
  return (
    TABLES[resource] ?? {
      // The default handler for kinds without a printer: NAME and AGE.
      columns: [col('NAME'), col('AGE')],
      cells: (obj, sim) => [obj.metadata.name ?? '', since(sim, obj.metadata.creationTimestamp)],
    }
  );
}


