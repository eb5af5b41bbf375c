// The packet-flow fixtures (test/fixtures/kube-proxy-flows/*.json): upstream's test cases as data,
// one file per upstream test of kubernetes/kubernetes pkg/proxy/iptables/proxier_test.go, and
// the driver that builds a scenario's node — Proxyscope's kube-proxy for test-node writing into a
// NetfilterKernel — step by step as the upstream test does.

import { readdirSync, readFileSync } from 'node:fs';
import type { EndpointSlice, Service } from '../../../src/engine/api/types.ts';
import { restore } from '../../../src/engine/netfilter/rules/index.ts';
import type { ProxierConfig } from '../../../src/engine/proxy/config.ts';
import type { Proxier } from '../../../src/engine/proxy/proxier.ts';
import { rulesetPort } from '../../../src/engine/proxy/rulesetPort.ts';
import { makeTestEndpointSlice, makeTestService, newFakeProxier, stripComments } from '../../../src/engine/proxy/testkit.ts';
import { nodeNetns, type Flow, type NodeNetns } from './tracer.ts';

const DIR = new URL('../../fixtures/kube-proxy-flows/', import.meta.url);

/** One packetFlowTest of upstream: `output` exactly as upstream writes it ("a:80, b:80"). */
export interface FlowCase extends Flow {
  name: string;
  output: string;
  /** Upstream leaves it out when false. */
  masq?: boolean;
}

interface ServiceFixture {
  namespace: string;
  name: string;
  spec: Record<string, unknown>;
  status?: Record<string, unknown>;
}

interface SliceFixture {
  namespace: string;
  service: string;
  n: number;
  addressType?: 'IPv4' | 'IPv6';
  endpoints: { addresses: string[]; nodeName?: string; conditions?: { ready?: boolean; serving?: boolean; terminating?: boolean } }[];
  ports: { name: string; port: number; protocol: string }[];
}

export interface Step {
  services?: ServiceFixture[];
  slices?: SliceFixture[];
  /** "ns/name" of Services to delete (OnServiceDelete). */
  deleteServices?: string[];
  /** "ns/name" of EndpointSlices to delete (OnEndpointSliceDelete). */
  deleteSlices?: string[];
  /** Traced after this step's syncProxyRules. */
  flows?: FlowCase[];
}

export interface ScenarioFixture {
  /** Upstream's t.Run name, if the test has subtests. */
  name?: string;
  /** kube-proxy settings the upstream case changes on NewFakeProxier; clusterCIDR null = no local-traffic detector. */
  config?: { ipFamily?: 'IPv4' | 'IPv6'; localhostNodePorts?: boolean; masqueradeAll?: boolean; clusterCIDR?: string | null; nodePortAddresses?: string[] };
  /** Upstream calls OnServiceSynced/OnEndpointSlicesSynced before adding objects. */
  syncedFirst?: boolean;
  /** A ruleset file restored into the kernel instead of running kube-proxy. */
  staticRules?: string;
  steps?: Step[];
  /** With the fixture's setup/baseFlows: expectations this case changes (upstream packetFlowTestOverride). */
  overrides?: Record<string, { output?: string; masq?: boolean }>;
  /** Why Proxyscope cannot run this upstream case (listed as todo, never as passing). */
  unsupported?: string;
  upstreamSettings?: Record<string, unknown>;
  notes?: string;
}

export interface FlowFixture {
  upstream: { repo: string; path: string; test: string; summary: string };
  /** Reference rule ids the test names cite. */
  rules: string[];
  /** testNodeIPs of upstream, IPv4 ones: addresses `-m addrtype LOCAL` matches (besides 127/8). */
  nodeIPs: string[];
  /** The IPv6 ones (besides ::1), for scenarios with config.ipFamily IPv6. */
  nodeIPv6s?: string[];
  setup?: Step[];
  baseFlows?: FlowCase[];
  scenarios: ScenarioFixture[];
}

export function loadFixtures(): FlowFixture[] {
  return readdirSync(DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(new URL(f, DIR), 'utf8')) as FlowFixture);
}

/** A scenario's steps, with a shared setup and the base flows (after overrides) where the fixture has them. */
export function scenarioSteps(fx: FlowFixture, sc: ScenarioFixture): Step[] {
  if (sc.steps) return sc.steps;
  const overrides = sc.overrides ?? {};
  const unknown = Object.keys(overrides).filter((n) => !fx.baseFlows?.some((f) => f.name === n));
  if (unknown.length) throw new Error(`${fx.upstream.test}/${sc.name}: overrides match no flow: ${unknown.join(', ')}`);
  const flows = (fx.baseFlows ?? []).map((f) => ({ ...f, ...overrides[f.name] }));
  return [...(fx.setup ?? []), { flows }];
}

const toService = (s: ServiceFixture): Service =>
  makeTestService(s.namespace, s.name, (svc) => {
    svc.spec = structuredClone(s.spec) as Service['spec'];
    if (s.status) svc.status = structuredClone(s.status) as Service['status'];
  });

const toSlice = (s: SliceFixture): EndpointSlice =>
  makeTestEndpointSlice(s.namespace, s.service, s.n, (eps) => {
    if (s.addressType) eps.addressType = s.addressType;
    eps.endpoints = s.endpoints.map((e) => ({ addresses: [...e.addresses], conditions: { ...e.conditions }, ...(e.nodeName !== undefined ? { nodeName: e.nodeName } : {}) }));
    eps.ports = s.ports.map((p) => ({ ...p }));
  });

/** test-node: its network namespace and, unless the scenario restores static rules, its kube-proxy. */
export interface NodeUnderTest {
  ns: NodeNetns;
  proxier: Proxier | undefined;
  /** Applies one step (objects, then syncProxyRules); throws if the restore failed. */
  apply(step: Step): void;
}

export function startNode(fx: FlowFixture, sc: ScenarioFixture): NodeUnderTest {
  // An IPv6 proxier writes with ip6tables-restore: the namespace's IPv6 netfilter.
  const ns = sc.config?.ipFamily === 'IPv6' ? nodeNetns(fx.nodeIPv6s ?? [], 1, 'ipv6') : nodeNetns(fx.nodeIPs);
  if (sc.staticRules) {
    const text = readFileSync(new URL(sc.staticRules, DIR), 'utf8');
    const r = restore(ns.kernel.ruleset, stripComments(text), { noflush: false, counters: true });
    if (!r.ok) throw new Error(`restore of ${sc.staticRules} failed: ${r.stderr}`);
    return { ns, proxier: undefined, apply: () => undefined };
  }
  const over: Partial<ProxierConfig> = {};
  // NewFakeProxier(iptablestest.NewIPv6Fake()): the IPv6 proxier, pods fd00:10::/64.
  if (sc.config?.ipFamily !== undefined) over.ipFamily = sc.config.ipFamily;
  if (sc.config?.localhostNodePorts !== undefined) over.localhostNodePorts = sc.config.localhostNodePorts;
  if (sc.config?.masqueradeAll !== undefined) over.masqueradeAll = sc.config.masqueradeAll;
  if (sc.config?.clusterCIDR !== undefined) over.clusterCIDR = sc.config.clusterCIDR ?? undefined;
  // fp.nodePortAddresses = NewNodePortAddresses(family, …): the fake network's addresses
  // (FAKE_INTERFACE_ADDRS) decide which node IPs get a KUBE-NODEPORTS jump.
  if (sc.config?.nodePortAddresses !== undefined) over.nodePortAddresses = [...sc.config.nodePortAddresses];
  const port = rulesetPort(ns.kernel);
  const { fp } = newFakeProxier(over, { port: () => port });
  if (sc.syncedFirst) {
    fp.onServicesSynced();
    fp.onEndpointSlicesSynced();
  }
  const services = new Map<string, Service>();
  const slices = new Map<string, EndpointSlice>();
  const apply = (step: Step): void => {
    for (const s of step.services ?? []) {
      const svc = toService(s);
      services.set(`${s.namespace}/${s.name}`, svc);
      fp.onServiceAdd(svc);
    }
    for (const s of step.slices ?? []) {
      const slice = toSlice(s);
      slices.set(`${s.namespace}/${slice.metadata.name ?? ''}`, slice);
      fp.onEndpointSliceAdd(slice);
    }
    for (const key of step.deleteServices ?? []) {
      const svc = services.get(key);
      if (!svc) throw new Error(`no service ${key}`);
      fp.onServiceDelete(svc);
    }
    for (const key of step.deleteSlices ?? []) {
      const slice = slices.get(key);
      if (!slice) throw new Error(`no EndpointSlice ${key}`);
      fp.onEndpointSliceDelete(slice);
    }
    const rec = fp.syncProxyRules();
    if (!rec?.ok) throw new Error(`syncProxyRules failed: ${rec?.error ?? 'not initialized'}`);
  };
  return { ns, proxier: fp, apply };
}
