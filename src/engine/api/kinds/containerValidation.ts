// Container validation (pkg/apis/core/validation: validateContainerCommon and what it calls),
// in the order the API server reports errors.

import type { FieldError } from '../strategy.ts';
import type { Container, ContainerPort, Probe } from '../types.ts';
import { duplicate, forbidden, invalid, invalidEach, notFound, notSupported, required } from './errors.ts';
import { isDNS1123Label, isEnvVarName, isHTTPHeaderName, isValidPortName, isValidPortNum } from './names.ts';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

export const validateDNS1123Label = (value: string, field: string): FieldError[] => invalidEach(field, value, isDNS1123Label(value));

function validateContainerPorts(ports: ContainerPort[] | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  (ports ?? []).forEach((p, i) => {
    const at = `${path}[${i}]`;
    if (p.name) {
      const msgs = isValidPortName(p.name);
      if (msgs.length) errs.push(...invalidEach(`${at}.name`, p.name, msgs));
      else if (names.has(p.name)) errs.push(duplicate(`${at}.name`, p.name));
      else names.add(p.name);
    }
    if (!p.containerPort) errs.push(required(`${at}.containerPort`));
    else errs.push(...invalidEach(`${at}.containerPort`, p.containerPort, isValidPortNum(p.containerPort)));
    if (p.hostPort) errs.push(...invalidEach(`${at}.hostPort`, p.hostPort, isValidPortNum(p.hostPort)));
    if (!p.protocol) errs.push(required(`${at}.protocol`));
    else if (!PROTOCOLS.includes(p.protocol)) errs.push(notSupported(`${at}.protocol`, p.protocol, PROTOCOLS));
  });
  return errs;
}

function validateEnv(env: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  (Array.isArray(env) ? env : []).forEach((e: Obj, i) => {
    const at = `${path}[${i}]`;
    const name = typeof e.name === 'string' ? e.name : '';
    if (!name) errs.push(required(`${at}.name`));
    else errs.push(...invalidEach(`${at}.name`, name, isEnvVarName(name)));
    if (isObj(e.valueFrom)) {
      const sources = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef'].filter((k) => isObj((e.valueFrom as Obj)[k]));
      if (sources.length === 0)
        errs.push(invalid(`${at}.valueFrom`, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'));
      else if (e.value) errs.push(invalid(`${at}.valueFrom`, '', 'may not be specified when `value` is not empty'));
      else if (sources.length > 1) errs.push(invalid(`${at}.valueFrom`, '', 'may not have more than one field specified at a time'));
    }
  });
  return errs;
}

function validateVolumeMounts(c: Container, volumes: Set<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  ((c.volumeMounts ?? []) as Obj[]).forEach((m, i) => {
    const at = `${path}[${i}]`;
    const name = typeof m.name === 'string' ? m.name : '';
    const mountPath = typeof m.mountPath === 'string' ? m.mountPath : '';
    if (!name) errs.push(required(`${at}.name`));
    if (!volumes.has(name)) errs.push(notFound(`${at}.name`, name));
    if (!mountPath) errs.push(required(`${at}.mountPath`));
    if (seen.has(mountPath)) errs.push(invalid(`${at}.mountPath`, mountPath, 'must be unique'));
    seen.add(mountPath);
  });
  return errs;
}

/** IntOrString port: a number in range or an IANA_SVC_NAME. */
export function validatePortNumOrName(port: unknown, field: string): FieldError[] {
  if (typeof port === 'number') return invalidEach(field, port, isValidPortNum(port));
  if (typeof port === 'string') return invalidEach(field, port, isValidPortName(port));
  return [invalid(field, null, 'unknown type')];
}

function validateHandler(h: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let n = 0;
  for (const kind of ['exec', 'httpGet', 'tcpSocket', 'grpc', 'sleep']) {
    const v = h[kind];
    if (!isObj(v)) continue;
    if (n > 0) {
      errs.push(forbidden(`${path}.${kind}`, 'may not specify more than 1 handler type'));
      continue;
    }
    n++;
    if (kind === 'exec' && !(Array.isArray(v.command) && v.command.length)) errs.push(required(`${path}.exec.command`));
    if (kind === 'httpGet') {
      if (!v.path) errs.push(required(`${path}.httpGet.path`));
      errs.push(...validatePortNumOrName(v.port, `${path}.httpGet.port`));
      const scheme = typeof v.scheme === 'string' ? v.scheme : '';
      if (scheme !== 'HTTP' && scheme !== 'HTTPS') errs.push(notSupported(`${path}.httpGet.scheme`, scheme, ['HTTP', 'HTTPS']));
      for (const header of Array.isArray(v.httpHeaders) ? (v.httpHeaders as Obj[]) : [])
        errs.push(...invalidEach(`${path}.httpGet.httpHeaders`, String(header.name ?? ''), isHTTPHeaderName(String(header.name ?? ''))));
    }
    if (kind === 'tcpSocket') errs.push(...validatePortNumOrName(v.port, `${path}.tcpSocket.port`));
    if (kind === 'grpc') errs.push(...validatePortNumOrName(typeof v.port === 'number' ? v.port : 0, `${path}.grpc.port`));
  }
  if (n === 0) errs.push(required(path, 'must specify a handler type'));
  return errs;
}

function validateProbe(p: Probe | undefined, path: string, kind: 'liveness' | 'readiness' | 'startup'): FieldError[] {
  if (!p) return [];
  const errs = validateHandler(p as Obj, path);
  for (const f of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'] as const) {
    const v = p[f] ?? 0;
    if (v < 0) errs.push(invalid(`${path}.${f}`, v, 'must be greater than or equal to 0'));
  }
  const tgps = (p as Obj).terminationGracePeriodSeconds;
  if (typeof tgps === 'number' && tgps <= 0) errs.push(invalid(`${path}.terminationGracePeriodSeconds`, tgps, 'must be greater than 0'));
  if (kind !== 'readiness' && p.successThreshold !== 1) errs.push(invalid(`${path}.successThreshold`, p.successThreshold ?? 0, 'must be 1'));
  if (kind === 'readiness' && tgps !== undefined)
    errs.push(invalid(`${path}.terminationGracePeriodSeconds`, Number(tgps), 'must not be set for readinessProbes'));
  return errs;
}

const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];

/** validateContainerCommon: what every container kind shares. */
export function validateContainerCommon(c: Container, volumes: Set<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!c.name) errs.push(required(`${path}.name`));
  else errs.push(...validateDNS1123Label(c.name, `${path}.name`));
  if (!c.image) errs.push(required(`${path}.image`));
  const tmp = c.terminationMessagePolicy ?? '';
  if (!tmp) errs.push(required(`${path}.terminationMessagePolicy`));
  else if (tmp !== 'File' && tmp !== 'FallbackToLogsOnError')
    errs.push(notSupported(`${path}.terminationMessagePolicy`, tmp, ['File', 'FallbackToLogsOnError']));
  errs.push(...validateContainerPorts(c.ports, `${path}.ports`));
  errs.push(...validateEnv(c.env, `${path}.env`));
  errs.push(...validateVolumeMounts(c, volumes, `${path}.volumeMounts`));
  const pull = c.imagePullPolicy ?? '';
  if (!pull) errs.push(required(`${path}.imagePullPolicy`));
  else if (!PULL_POLICIES.includes(pull)) errs.push(notSupported(`${path}.imagePullPolicy`, pull, PULL_POLICIES));
  return errs;
}

// Init containers are checked one at a time, so their errors always carry index 0 (as upstream).
function checkHostPortConflicts(containers: Container[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  containers.forEach((c, ci) => {
    (c.ports ?? []).forEach((p, pi) => {
      if (!p.hostPort) return;
      const key = `${p.protocol ?? ''}/${(p as unknown as Obj).hostIP ?? ''}/${p.hostPort}`;
      if (seen.has(key)) errs.push(duplicate(`${path}[${ci}].ports[${pi}].hostPort`, key));
      else seen.add(key);
    });
  });
  return errs;
}

export function validateContainers(containers: Container[] | undefined, volumes: Set<string>, path: string): FieldError[] {
  if (!containers || containers.length === 0) return [required(path)];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  containers.forEach((c, i) => {
    const at = `${path}[${i}]`;
    errs.push(...validateContainerCommon(c, volumes, at));
    if (names.has(c.name)) errs.push(duplicate(`${at}.name`, c.name));
    else names.add(c.name);
    if (isObj(c.lifecycle)) {
      for (const hook of ['postStart', 'preStop']) {
        const h = c.lifecycle[hook];
        if (isObj(h)) errs.push(...validateHandler(h, `${at}.lifecycle.${hook}`));
      }
    }
    errs.push(...validateProbe(c.livenessProbe, `${at}.livenessProbe`, 'liveness'));
    errs.push(...validateProbe(c.readinessProbe, `${at}.readinessProbe`, 'readiness'));
    errs.push(...validateProbe(c.startupProbe as Probe | undefined, `${at}.startupProbe`, 'startup'));
    if (c.restartPolicy !== undefined) errs.push(forbidden(`${at}.restartPolicy`, 'may not be set for non-init containers'));
  });
  errs.push(...checkHostPortConflicts(containers, path));
  return errs;
}

export function validateInitContainers(init: Container[] | undefined, regular: Container[], volumes: Set<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set(regular.map((c) => c.name));
  (init ?? []).forEach((c, i) => {
    const at = `${path}[${i}]`;
    errs.push(...validateContainerCommon(c, volumes, at));
    const restartPolicy = c.restartPolicy as string | undefined;
    if (restartPolicy !== undefined && restartPolicy !== 'Always') errs.push(notSupported(`${at}.restartPolicy`, restartPolicy, ['Always']));
    if (names.has(c.name)) errs.push(duplicate(`${at}.name`, c.name));
    else if (c.name) names.add(c.name);
    errs.push(...checkHostPortConflicts([c], path));
    if (restartPolicy === 'Always') {
      errs.push(...validateProbe(c.livenessProbe, `${at}.livenessProbe`, 'liveness'));
      errs.push(...validateProbe(c.readinessProbe, `${at}.readinessProbe`, 'readiness'));
      errs.push(...validateProbe(c.startupProbe as Probe | undefined, `${at}.startupProbe`, 'startup'));
    } else {
      for (const f of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe'])
        if (c[f] !== undefined) errs.push(forbidden(`${at}.${f}`, 'may not be set for init containers without restartPolicy=Always'));
    }
  });
  return errs;
}
