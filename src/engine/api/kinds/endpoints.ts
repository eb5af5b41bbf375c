// Endpoints (core/v1) and EndpointSlices (discovery.k8s.io/v1): port defaults, validation,
// and the slices' own generation counting (their registry bumps it on any non-metadata change).

import { deepEqual } from '../deepEqual.ts';
import type { FieldError, Strategy } from '../strategy.ts';
import type { EndpointSlice, Endpoints, KubeObject } from '../types.ts';
import { validateDNS1123Label } from './containerValidation.ts';
import { duplicate, invalid, invalidEach, notSupported, required, tooMany } from './errors.ts';
import { isIPv4, isIPv6, validateIP, validateNonSpecialIP } from './ip.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from './meta.ts';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue, isValidPortNum, nameIsDNSSubdomain } from './names.ts';

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const META = { namespaced: true, nameFn: nameIsDNSSubdomain, core: true };

function validateSubsets(ep: Endpoints): FieldError[] {
  const errs: FieldError[] = [];
  (ep.subsets ?? []).forEach((ss, i) => {
    const at = `subsets[${i}]`;
    if (!(ss.addresses ?? []).length && !(ss.notReadyAddresses ?? []).length)
      errs.push(required(at, 'must specify `addresses` or `notReadyAddresses`'));
    for (const list of ['addresses', 'notReadyAddresses'] as const) {
      (ss[list] ?? []).forEach((a, j) => {
        const path = `${at}.${list}[${j}]`;
        errs.push(...validateIP(`${path}.ip`, a.ip));
        if (a.hostname) errs.push(...validateDNS1123Label(a.hostname, `${path}.hostname`));
        if (a.nodeName !== undefined) errs.push(...invalidEach(`${path}.nodeName`, a.nodeName, nameIsDNSSubdomain(a.nodeName, false)));
        errs.push(...validateNonSpecialIP(`${path}.ip`, a.ip));
      });
    }
    const ports = ss.ports ?? [];
    ports.forEach((p, j) => {
      const path = `${at}.ports[${j}]`;
      if (ports.length > 1 && !p.name) errs.push(required(`${path}.name`));
      else if (p.name) errs.push(...validateDNS1123Label(p.name, `${path}.name`));
      errs.push(...invalidEach(`${path}.port`, p.port, isValidPortNum(p.port)));
      if (!p.protocol) errs.push(required(`${path}.protocol`));
      else if (!PROTOCOLS.includes(p.protocol)) errs.push(notSupported(`${path}.protocol`, p.protocol, PROTOCOLS));
      if (p.appProtocol !== undefined) errs.push(...invalidEach(`${path}.appProtocol`, p.appProtocol, isQualifiedName(p.appProtocol)));
    });
  });
  return errs;
}

// Controllers write these often and may share sub-trees with stored objects: defaults are
// applied copy-on-write, only where a field is missing.
function defaultEndpoints(ep: Endpoints): void {
  if (!(ep.subsets ?? []).some((ss) => (ss.ports ?? []).some((p) => !p.protocol))) return;
  ep.subsets = ep.subsets!.map((ss) => (ss.ports ? { ...ss, ports: ss.ports.map((p) => (p.protocol ? p : { ...p, protocol: 'TCP' })) } : ss));
}

export function endpointsStrategy(): Strategy {
  return {
    prepareForCreate: (obj) => defaultEndpoints(obj as Endpoints),
    validateCreate: (obj) => [...validateObjectMeta(obj.metadata, META), ...validateSubsets(obj as Endpoints)],
    prepareForUpdate: (obj) => defaultEndpoints(obj as Endpoints),
    validateUpdate: (obj, old) => [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateObjectMeta(obj.metadata, META), ...validateSubsets(obj as Endpoints)],
  };
}

// ---- EndpointSlices -------------------------------------------------------------------------

const ADDRESS_TYPES = ['FQDN', 'IPv4', 'IPv6'];

function defaultSlice(s: EndpointSlice): void {
  // discovery/v1 SetDefaults_EndpointPort: name and protocol are pointers, defaulted to "" and TCP.
  if ((s.ports ?? []).every((p) => p.name !== undefined && p.protocol)) return;
  s.ports = s.ports!.map((p) => ({ ...p, name: p.name ?? '', protocol: p.protocol || 'TCP' }));
}

function validateSliceEndpoints(s: EndpointSlice): FieldError[] {
  const errs: FieldError[] = [];
  const endpoints = s.endpoints ?? [];
  if (endpoints.length > 1000) return [tooMany('endpoints', endpoints.length, 1000)];
  endpoints.forEach((ep, i) => {
    const at = `endpoints[${i}]`;
    const addrs = ep.addresses ?? [];
    if (addrs.length === 0) errs.push(required(`${at}.addresses`, 'must contain at least 1 address'));
    else if (addrs.length > 100) errs.push(tooMany(`${at}.addresses`, addrs.length, 100));
    addrs.forEach((a, j) => {
      const path = `${at}.addresses[${j}]`;
      if (s.addressType === 'IPv4' || s.addressType === 'IPv6') {
        const ipErrs = validateIP(path, a);
        if (ipErrs.length) errs.push(...ipErrs);
        else if (s.addressType === 'IPv4' && !isIPv4(a)) errs.push(invalid(path, a, 'must be an IPv4 address'));
        else if (s.addressType === 'IPv6' && !isIPv6(a)) errs.push(invalid(path, a, 'must be an IPv6 address'));
        else errs.push(...validateNonSpecialIP(path, a));
      } else if (s.addressType === 'FQDN') {
        const name = a.replace(/\.$/, '');
        const sub = isDNS1123Subdomain(name);
        if (!name) errs.push(required(path));
        else if (sub.length) errs.push(invalid(path, name, sub.join(',')));
        else if (name.split('.').length < 2) errs.push(invalid(path, name, 'should be a domain with at least two segments separated by dots'));
        else {
          const bad = name.split('.').find((l) => isDNS1123Label(l).length);
          if (bad !== undefined) errs.push(invalid(path, bad, isDNS1123Label(bad).join(',')));
        }
      }
    });
    if (ep.nodeName !== undefined) errs.push(...invalidEach(`${at}.nodeName`, ep.nodeName, nameIsDNSSubdomain(ep.nodeName, false)));
    if (ep.hostname !== undefined) errs.push(...validateDNS1123Label(ep.hostname, `${at}.hostname`));
    const zones = ep.hints?.forZones ?? [];
    if (zones.length > 8) errs.push(tooMany(`${at}.hints.forZones`, zones.length, 8));
    else {
      const seen = new Set<string>();
      zones.forEach((z, j) => {
        const path = `${at}.hints.forZones[${j}].name`;
        if (seen.has(z.name)) errs.push(duplicate(path, z.name));
        seen.add(z.name);
        errs.push(...invalidEach(path, z.name, isValidLabelValue(z.name)));
      });
    }
  });
  return errs;
}

function validateSlice(s: EndpointSlice, old?: EndpointSlice): FieldError[] {
  const errs = validateObjectMeta(s.metadata, META);
  if (!s.addressType) errs.push(required('addressType'));
  else if (!ADDRESS_TYPES.includes(s.addressType)) errs.push(notSupported('addressType', s.addressType, ADDRESS_TYPES));
  const ports = s.ports ?? [];
  if (ports.length > 20000) errs.push(tooMany('ports', ports.length, 20000));
  else {
    const names = new Set<string>();
    ports.forEach((p, i) => {
      const name = p.name ?? '';
      if (name) errs.push(...validateDNS1123Label(name, `ports[${i}].name`));
      if (names.has(name)) errs.push(duplicate(`ports[${i}].name`, name));
      names.add(name);
      if (!p.protocol) errs.push(required(`ports[${i}].protocol`));
      else if (!PROTOCOLS.includes(p.protocol)) errs.push(notSupported(`ports[${i}].protocol`, p.protocol, PROTOCOLS));
      if (p.appProtocol !== undefined) errs.push(...invalidEach(`ports[${i}].appProtocol`, p.appProtocol, isQualifiedName(p.appProtocol)));
    });
  }
  // Unchanged endpoints are not re-validated (they may predate stricter IP rules).
  if (!old || !deepEqual(old.endpoints ?? null, s.endpoints ?? null)) errs.push(...validateSliceEndpoints(s));
  return errs;
}

export function endpointSliceStrategy(): Strategy {
  return {
    prepareForCreate(obj) {
      defaultSlice(obj as EndpointSlice);
      obj.metadata.generation = 1;
    },
    validateCreate: (obj) => validateSlice(obj as EndpointSlice),
    prepareForUpdate(obj, old) {
      defaultSlice(obj as EndpointSlice);
      const strip = (o: KubeObject): Record<string, unknown> => {
        const { metadata: _m, apiVersion: _a, kind: _k, ...rest } = o;
        return rest;
      };
      const changed = !deepEqual(strip(obj), strip(old)) || !deepEqual(obj.metadata.labels ?? {}, old.metadata.labels ?? {});
      obj.metadata.generation = (old.metadata.generation ?? 0) + (changed ? 1 : 0);
    },
    validateUpdate(obj, old) {
      const s = obj as EndpointSlice;
      const errs = [...validateObjectMetaUpdate(s.metadata, old.metadata), ...validateSlice(s, old as EndpointSlice)];
      if (s.addressType !== (old as EndpointSlice).addressType) errs.push(invalid('addressType', s.addressType, 'field is immutable'));
      return errs;
    },
  };
}
