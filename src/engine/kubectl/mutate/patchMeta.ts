// Strategic-merge-patch metadata of the kinds Proxyscope serves: which lists merge by a key
// (and which key), which maps keep only the keys a patch names (retainKeys). These are the
// `patchStrategy` / `patchMergeKey` struct tags of k8s.io/api v0.33 (core/v1, apps/v1) and of
// metav1.ObjectMeta; every other field is replaced as a whole.

export interface PatchMeta {
  /** e.g. [] (replace), ['merge'], ['retainKeys'], ['merge', 'retainKeys']. */
  strategies: string[];
  mergeKey: string;
}

export interface PatchSchema {
  /** Metadata of a field and the schema of its value (or of its list elements). */
  lookup(field: string): { meta: PatchMeta; schema: PatchSchema };
}

interface FieldSpec {
  strategy?: string;
  key?: string;
  of?: Fields;
}
type Fields = { [field: string]: FieldSpec };

class TableSchema implements PatchSchema {
  constructor(private readonly fields: Fields) {}
  lookup(field: string): { meta: PatchMeta; schema: PatchSchema } {
    const spec = Object.prototype.hasOwnProperty.call(this.fields, field) ? this.fields[field]! : undefined;
    return {
      meta: { strategies: spec?.strategy ? spec.strategy.split(',') : [], mergeKey: spec?.key ?? '' },
      schema: spec?.of ? new TableSchema(spec.of) : EMPTY,
    };
  }
}

const EMPTY: PatchSchema = new TableSchema({});

const mergeBy = (key: string, of?: Fields): FieldSpec => ({ strategy: 'merge', key, ...(of ? { of } : {}) });
const conditions: Fields = { conditions: mergeBy('type') };

const objectMeta: Fields = { finalizers: { strategy: 'merge' }, ownerReferences: mergeBy('uid') };

const container: Fields = {
  ports: mergeBy('containerPort'),
  env: mergeBy('name'),
  volumeMounts: mergeBy('mountPath'),
  volumeDevices: mergeBy('devicePath'),
};

const podSpec: Fields = {
  volumes: { strategy: 'merge,retainKeys', key: 'name' },
  initContainers: mergeBy('name', container),
  containers: mergeBy('name', container),
  ephemeralContainers: mergeBy('name', container),
  imagePullSecrets: mergeBy('name'),
  hostAliases: mergeBy('ip'),
  topologySpreadConstraints: mergeBy('topologyKey'),
  schedulingGates: mergeBy('name'),
  resourceClaims: { strategy: 'merge,retainKeys', key: 'name' },
};

const podStatus: Fields = {
  ...conditions,
  hostIPs: mergeBy('ip'),
  podIPs: mergeBy('ip'),
  resourceClaimStatuses: { strategy: 'merge,retainKeys', key: 'name' },
};

const podTemplate: Fields = { metadata: { of: objectMeta }, spec: { of: podSpec } };

const KINDS: Record<string, Fields> = {
  Pod: { metadata: { of: objectMeta }, spec: { of: podSpec }, status: { of: podStatus } },
  Deployment: {
    metadata: { of: objectMeta },
    spec: { of: { template: { of: podTemplate }, strategy: { strategy: 'retainKeys' } } },
    status: { of: conditions },
  },
  ReplicaSet: { metadata: { of: objectMeta }, spec: { of: { template: { of: podTemplate } } }, status: { of: conditions } },
  DaemonSet: { metadata: { of: objectMeta }, spec: { of: { template: { of: podTemplate } } }, status: { of: conditions } },
  Service: { metadata: { of: objectMeta }, spec: { of: { ports: mergeBy('port') } }, status: { of: conditions } },
  Node: {
    metadata: { of: objectMeta },
    spec: { of: { podCIDRs: { strategy: 'merge' } } },
    status: { of: { ...conditions, addresses: mergeBy('type') } },
  },
  Namespace: { metadata: { of: objectMeta }, status: { of: conditions } },
};

/** The patch schema of a kind (kinds without list strategies only know ObjectMeta's). */
export function patchSchemaFor(kind: string): PatchSchema {
  return new TableSchema(KINDS[kind] ?? { metadata: { of: objectMeta } });
}
