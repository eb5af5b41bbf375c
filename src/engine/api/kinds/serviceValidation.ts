// Service validation (pkg/apis/core/validation ValidateService, ValidateServiceUpdate and
// ValidateServiceClusterIPsRelatedFields), errors in upstream's order.

import { goQuote, goStringSlice } from '../fieldErrors.ts';
import type { FieldError } from '../strategy.ts';
import type { Service, ServicePort } from '../types.ts';
import { validateDNS1123Label, validatePortNumOrName } from './containerValidation.ts';
import { duplicate, forbidden, invalid, invalidEach, notSupported, printed, required } from './errors.ts';
import { isIPv6, validateCIDR, validateIP, validateNonSpecialIP } from './ip.ts';
import { validateLabels, validateObjectMeta, validateObjectMetaUpdate } from './meta.ts';
import { isDNS1123Subdomain, isQualifiedName, isValidPortNum, nameIsDNS1035Label } from './names.ts';

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const POLICIES = ['Cluster', 'Local'];
const FAMILY_POLICIES = ['PreferDualStack', 'RequireDualStack', 'SingleStack'];

export const isHeadless = (svc: Service): boolean => svc.spec.clusterIPs?.length === 1 && svc.spec.clusterIPs[0] === 'None';
export const externallyAccessible = (svc: Service): boolean =>
  svc.spec.type === 'LoadBalancer' || svc.spec.type === 'NodePort' || (svc.spec.type === 'ClusterIP' && (svc.spec.externalIPs ?? []).length > 0);
export const needsHealthCheck = (svc: Service): boolean => svc.spec.type === 'LoadBalancer' && svc.spec.externalTrafficPolicy === 'Local';

const clusterIPsValue = (svc: Service) => printed(goStringSlice(svc.spec.clusterIPs ?? null));

/** ValidateServiceClusterIPsRelatedFields: clusterIP/clusterIPs/ipFamilies/ipFamilyPolicy. */
export function validateClusterIPFields(svc: Service): FieldError[] {
  const spec = svc.spec;
  if (spec.type === 'ExternalName') return [];
  const errs: FieldError[] = [];
  const ips = spec.clusterIPs ?? [];
  if (spec.clusterIP) {
    if (ips.length === 0) errs.push(required('spec.clusterIPs'));
    else if (ips[0] !== spec.clusterIP) errs.push(invalid('spec.clusterIPs', clusterIPsValue(svc), 'first value must match `clusterIP`'));
  } else if (ips.length) errs.push(invalid('spec.clusterIPs', clusterIPsValue(svc), 'must be empty when `clusterIP` is not specified'));
  const seen = new Set<string>();
  (spec.ipFamilies ?? []).forEach((f, i) => {
    if (f !== 'IPv4' && f !== 'IPv6') errs.push(notSupported(`spec.ipFamilies[${i}]`, f, ['IPv4', 'IPv6']));
    if (seen.has(f)) errs.push(duplicate(`spec.ipFamilies[${i}]`, f));
    seen.add(f);
  });
  if (spec.ipFamilyPolicy !== undefined && !FAMILY_POLICIES.includes(spec.ipFamilyPolicy))
    errs.push(notSupported('spec.ipFamilyPolicy', spec.ipFamilyPolicy, FAMILY_POLICIES));
  let badIPs = false;
  ips.forEach((ip, i) => {
    if (i === 0 && ip === 'None') {
      if (ips.length > 1) {
        badIPs = true;
        errs.push(invalid('spec.clusterIPs', clusterIPsValue(svc), "'None' must be the first and only value"));
      }
      return;
    }
    const e = validateIP(`spec.clusterIPs[${i}]`, ip);
    if (e.length) badIPs = true;
    errs.push(...e);
  });
  if (ips.length > 2) errs.push(invalid('spec.clusterIPs', clusterIPsValue(svc), 'may only hold up to 2 values'));
  if (badIPs) return errs;
  if (ips.length > 1 && isIPv6(ips[0]!) === isIPv6(ips[1]!))
    errs.push(invalid('spec.clusterIPs', clusterIPsValue(svc), 'may specify no more than one IP for each IP family'));
  if (!isHeadless(svc) && ips.length && (spec.ipFamilies ?? []).length) {
    ips.forEach((ip, i) => {
      const fam = spec.ipFamilies![i];
      if (fam === 'IPv4' && isIPv6(ip)) errs.push(invalid(`spec.clusterIPs[${i}]`, ip, `expected an IPv4 value as indicated by \`ipFamilies[${i}]\``));
      if (fam === 'IPv6' && !isIPv6(ip)) errs.push(invalid(`spec.clusterIPs[${i}]`, ip, `expected an IPv6 value as indicated by \`ipFamilies[${i}]\``));
    });
  }
  return errs;
}

function validateServicePort(p: ServicePort, requireName: boolean, names: Set<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (requireName && !p.name) errs.push(required(`${path}.name`));
  else if (p.name) {
    errs.push(...validateDNS1123Label(p.name, `${path}.name`));
    if (names.has(p.name)) errs.push(duplicate(`${path}.name`, p.name));
    else names.add(p.name);
  }
  errs.push(...invalidEach(`${path}.port`, p.port ?? 0, isValidPortNum(p.port ?? 0)));
  if (!p.protocol) errs.push(required(`${path}.protocol`));
  else if (!PROTOCOLS.includes(p.protocol)) errs.push(notSupported(`${path}.protocol`, p.protocol, PROTOCOLS));
  errs.push(...validatePortNumOrName(p.targetPort ?? 0, `${path}.targetPort`));
  if (p.appProtocol !== undefined) errs.push(...invalidEach(`${path}.appProtocol`, p.appProtocol, isQualifiedName(p.appProtocol)));
  return errs;
}

/** %#v of the core.ServicePort key the duplicate-port check builds. */
const goServicePortKey = (protocol: string, port: number): string =>
  `core.ServicePort{Name:"", Protocol:${goQuote(protocol)}, AppProtocol:(*string)(nil), Port:${port}, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`;

export function validateService(svc: Service): FieldError[] {
  const spec = svc.spec;
  const errs = validateObjectMeta(svc.metadata, { namespaced: true, nameFn: nameIsDNS1035Label, core: true });
  const ports = spec.ports ?? [];
  if (ports.length === 0 && !isHeadless(svc) && spec.type !== 'ExternalName') errs.push(required('spec.ports'));
  if (spec.type === 'LoadBalancer' && isHeadless(svc))
    errs.push(invalid('spec.clusterIPs[0]', 'None', "may not be set to 'None' for LoadBalancer services"));
  if (spec.type === 'NodePort' && isHeadless(svc)) errs.push(invalid('spec.clusterIPs[0]', 'None', "may not be set to 'None' for NodePort services"));
  if (spec.type === 'ExternalName') {
    if ((spec.clusterIPs ?? []).length) errs.push(forbidden('spec.clusterIPs', 'may not be set for ExternalName services'));
    if ((spec.ipFamilies ?? []).length) errs.push(forbidden('spec.ipFamilies', 'may not be set for ExternalName services'));
    if (spec.ipFamilyPolicy !== undefined) errs.push(forbidden('spec.ipFamilyPolicy', 'may not be set for ExternalName services'));
    const cname = (spec.externalName ?? '').replace(/\.$/, '');
    if (cname) errs.push(...invalidEach('spec.externalName', cname, isDNS1123Subdomain(cname)));
    else errs.push(required('spec.externalName'));
  }
  const names = new Set<string>();
  ports.forEach((p, i) => errs.push(...validateServicePort(p, ports.length > 1, names, `spec.ports[${i}]`)));
  if (spec.selector) errs.push(...validateLabels(spec.selector, 'spec.selector'));
  const affinity = spec.sessionAffinity ?? '';
  if (!affinity) errs.push(required('spec.sessionAffinity'));
  else if (affinity !== 'ClientIP' && affinity !== 'None') errs.push(notSupported('spec.sessionAffinity', affinity, ['ClientIP', 'None']));
  if (affinity === 'ClientIP') {
    const t = spec.sessionAffinityConfig?.clientIP?.timeoutSeconds;
    if (!spec.sessionAffinityConfig) errs.push(required('spec.sessionAffinityConfig', 'when session affinity type is ClientIP'));
    else if (!spec.sessionAffinityConfig.clientIP) errs.push(required('spec.sessionAffinityConfig.clientIP', 'when session affinity type is ClientIP'));
    else if (t === undefined) errs.push(required('spec.sessionAffinityConfig.clientIP.timeoutSeconds', 'when session affinity type is ClientIP'));
    else if (t <= 0 || t > 86400) errs.push(invalid('spec.sessionAffinityConfig.clientIP.timeoutSeconds', t, 'must be greater than 0 and less than 86400'));
  } else if (affinity === 'None' && spec.sessionAffinityConfig)
    errs.push(forbidden('spec.sessionAffinityConfig', 'must not be set when session affinity is None'));
  errs.push(...validateClusterIPFields(svc));
  (spec.externalIPs ?? []).forEach((ip, i) => {
    const e = validateIP(`spec.externalIPs[${i}]`, ip);
    errs.push(...(e.length ? e : validateNonSpecialIP(`spec.externalIPs[${i}]`, ip)));
  });
  const type = spec.type ?? '';
  if (!type) errs.push(required('spec.type'));
  else if (!TYPES.includes(type)) errs.push(notSupported('spec.type', type, TYPES));
  if (type === 'ClusterIP')
    ports.forEach((p, i) => {
      if (p.nodePort) errs.push(forbidden(`spec.ports[${i}].nodePort`, "may not be used when `type` is 'ClusterIP'"));
    });
  const nodePorts = new Set<string>();
  ports.forEach((p, i) => {
    if (!p.nodePort) return;
    const key = `${p.protocol}/${p.nodePort}`;
    if (nodePorts.has(key)) errs.push(duplicate(`spec.ports[${i}].nodePort`, p.nodePort));
    nodePorts.add(key);
  });
  const portKeys = new Set<string>();
  ports.forEach((p, i) => {
    const key = `${p.protocol ?? ''}/${p.port}`;
    if (portKeys.has(key)) errs.push(duplicate(`spec.ports[${i}]`, printed(goServicePortKey(p.protocol ?? '', p.port))));
    portKeys.add(key);
  });
  const ranges = spec.loadBalancerSourceRanges ?? [];
  if (ranges.length) {
    if (type !== 'LoadBalancer') errs.push(forbidden('spec.LoadBalancerSourceRanges', "may only be used when `type` is 'LoadBalancer'"));
    ranges.forEach((r, i) => errs.push(...validateCIDR(`spec.LoadBalancerSourceRanges[${i}]`, r.trim())));
  }
  if (spec.allocateLoadBalancerNodePorts !== undefined && type !== 'LoadBalancer')
    errs.push(forbidden('spec.allocateLoadBalancerNodePorts', "may only be used when `type` is 'LoadBalancer'"));
  if (type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts === undefined) errs.push(required('allocateLoadBalancerNodePorts'));
  errs.push(...validateTrafficPolicies(svc));
  return errs;
}

function validateTrafficPolicies(svc: Service): FieldError[] {
  const spec = svc.spec;
  const errs: FieldError[] = [];
  const etp = spec.externalTrafficPolicy ?? '';
  if (!externallyAccessible(svc)) {
    if (etp) errs.push(invalid('spec.externalTrafficPolicy', etp, 'may only be set for externally-accessible services'));
  } else if (!etp) errs.push(required('spec.externalTrafficPolicy'));
  else if (!POLICIES.includes(etp)) errs.push(notSupported('spec.externalTrafficPolicy', etp, POLICIES));
  const hc = spec.healthCheckNodePort ?? 0;
  if (!needsHealthCheck(svc)) {
    if (hc) errs.push(invalid('spec.healthCheckNodePort', hc, "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"));
  } else if (!hc) errs.push(required('spec.healthCheckNodePort'));
  else errs.push(...invalidEach('spec.healthCheckNodePort', hc, isValidPortNum(hc)));
  const itp = spec.internalTrafficPolicy;
  if (itp === undefined && ['NodePort', 'LoadBalancer', 'ClusterIP'].includes(spec.type ?? '')) errs.push(required('spec.internalTrafficPolicy'));
  if (itp !== undefined && !POLICIES.includes(itp)) errs.push(notSupported('spec.internalTrafficPolicy', itp, POLICIES));
  const td = spec.trafficDistribution;
  if (td !== undefined && td !== 'PreferClose') errs.push(notSupported('spec.trafficDistribution', td as string, ['PreferClose']));
  return errs;
}

/** ValidateServiceUpdate. */
export function validateServiceUpdate(svc: Service, old: Service): FieldError[] {
  const errs = validateObjectMetaUpdate(svc.metadata, old.metadata);
  const [n, o] = [svc.spec, old.spec];
  if (n.type !== 'ExternalName' && o.type !== 'ExternalName' && !(isHeadless(svc) && isHeadless(old))) {
    const newIPs = n.clusterIPs ?? [];
    const oldIPs = o.clusterIPs ?? [];
    if (newIPs.length === oldIPs.length) {
      oldIPs.forEach((ip, i) => {
        if (ip !== newIPs[i]) errs.push(invalid(`spec.clusterIPs[${i}]`, clusterIPsValue(svc), 'may not change once set'));
      });
    } else if (oldIPs.length > newIPs.length) {
      if (newIPs.length === 0) errs.push(invalid('spec.clusterIPs[0]', clusterIPsValue(svc), 'primary clusterIP can not be unset'));
      else if (newIPs[0] !== oldIPs[0]) errs.push(invalid('spec.clusterIPs[0]', clusterIPsValue(svc), 'may not change once set'));
    } else if (oldIPs.length > 0 && newIPs[0] !== oldIPs[0]) errs.push(invalid('spec.clusterIPs[0]', clusterIPsValue(svc), 'may not change once set'));
  }
  if (n.type !== 'ExternalName' && o.type !== 'ExternalName' && isHeadless(svc) === isHeadless(old) && !isHeadless(svc)) {
    const nf = n.ipFamilies ?? [];
    const of = o.ipFamilies ?? [];
    if (nf.length === of.length)
      of.forEach((f, i) => {
        if (f !== nf[i]) errs.push(invalid('spec.ipFamilies[0]', printed(`[]core.IPFamily{${nf.map(goQuote).join(', ')}}`), 'may not change once set'));
      });
  }
  if (needsHealthCheck(old) && needsHealthCheck(svc) && n.healthCheckNodePort !== o.healthCheckNodePort)
    errs.push(forbidden('spec.healthCheckNodePort', 'field is immutable'));
  errs.push(...validateService(svc));
  return errs;
}
