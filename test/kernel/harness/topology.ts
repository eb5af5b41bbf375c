// A kind-like cluster made of real network namespaces: one per node, one per pod, one per
// outside client, and a switch namespace whose bridge is the node network (kind's docker
// bridge, 172.18.0.0/16). Pods are wired as kindnet's ptp CNI does: a veth per pod, the pod's
// IP as /32 on its eth0 with a default route via the node-side gateway (the podCIDR's .1 on
// every host veth), a /32 host route per local pod on the node, and each other node's podCIDR
// routed via that node's IP.

import { fileURLToPath } from 'node:url';
import { spawn } from 'node:child_process';
import { must, run } from './exec.ts';
import { createNamespaces, deleteNamespaces, killPid, nextStem, trackPid, untrackPid } from './netns.ts';

export interface NodeDef {
  name: string;
  ip: string;
  podCIDR: string;
}

export interface ListenDef {
  port: number;
  protocol: 'TCP' | 'UDP';
}

export interface PodDef {
  name: string;
  node: string;
  ip: string;
  listen: ListenDef[];
}

/** The outside client: another container on the node network (`docker run --network kind`). */
export interface OutsideDef {
  ip: string;
  /** Static routes, e.g. a LoadBalancer IP via the node a cloud LB would send it to. */
  routes: { to: string; via: string }[];
}

export interface TopologyDef {
  nodes: NodeDef[];
  pods: PodDef[];
  outside: OutsideDef;
  /** The node network's prefix length (kind: /16). */
  nodePrefix: number;
  /** The node network's gateway, on the switch's bridge (kind: 172.18.0.1): nodes' default route. */
  gateway: string;
}

export type Endpoint = { node: string } | { pod: string } | { outside: true };

export interface ProbeSpec {
  id: number;
  proto: 'tcp' | 'udp';
  host: string;
  port: number;
  timeoutMs: number;
  group?: string;
}

export interface ProbeResult {
  id: number;
  outcome: 'connected' | 'refused' | 'timeout' | 'unreachable' | 'error';
  pod?: string;
  /** "ip:port" the server saw as the client. */
  seen?: string;
  /** The client socket's own "ip:port". */
  local?: string;
  /** Proxyscope says whether it masqueraded (the kernel's answer is seen ≠ local). */
  masqueraded?: boolean;
  /** Proxyscope's `conntrack -L` line of the connection on the client's (first) node. */
  conntrack?: string;
  detail?: string;
}

const HERE = fileURLToPath(new URL('.', import.meta.url));
const SERVER = `${HERE}server.mjs`;
const CLIENT = `${HERE}client.mjs`;

/** The gateway address of a podCIDR (its .1), held by every host-side veth on that node. */
export function gatewayOf(podCIDR: string): string {
  const [base] = podCIDR.split('/');
  const parts = base!.split('.').map(Number);
  parts[3] = parts[3]! + 1;
  return parts.join('.');
}

export class World {
  readonly stem: string;
  private readonly servers: number[] = [];
  private readonly names: string[] = [];

  constructor(readonly def: TopologyDef) {
    this.stem = nextStem();
  }

  ns(e: Endpoint | 'switch'): string {
    if (e === 'switch') return `${this.stem}-sw`;
    if ('node' in e) return `${this.stem}-n-${e.node}`;
    if ('pod' in e) return `${this.stem}-p-${e.pod}`;
    return `${this.stem}-out`;
  }

  /** Every namespace of this world. */
  allNamespaces(): string[] {
    return [
      this.ns('switch'),
      ...this.def.nodes.map((n) => this.ns({ node: n.name })),
      ...this.def.pods.map((p) => this.ns({ pod: p.name })),
      this.ns({ outside: true }),
    ];
  }

  async up(): Promise<void> {
    const { nodes, pods, outside, nodePrefix } = this.def;
    this.names.push(...this.allNamespaces());
    await createNamespaces(this.names);
    const sw = this.ns('switch');
    // The switch: a bridge with one port per node and per outside host.
    const hosts: { ns: string }[] = [...nodes.map((n) => ({ ns: this.ns({ node: n.name }) })), { ns: this.ns({ outside: true }) }];
    // br0 holds the node network's gateway (.1), as docker's bridge does for kind. Multicast is
    // off on every interface and the bridge does no snooping (which joins 224.0.0.106): IGMP
    // reports would otherwise bump the counters `iptables -L -v` prints before any traffic.
    const swLines = ['link add br0 type bridge mcast_snooping 0', `addr add ${this.def.gateway}/${nodePrefix} dev br0`, 'link set br0 multicast off up'];
    hosts.forEach((h, i) => swLines.push(`link add s${i} type veth peer name eth0 netns ${h.ns}`, `link set s${i} master br0 multicast off up`));
    await must('ip', ['-n', sw, '-batch', '-'], { input: swLines.join('\n') + '\n' });
    // Frames crossing the bridge must not be seen by the switch's own (empty) netfilter.
    await run('sysctl', ['-q', '-w', 'net.bridge.bridge-nf-call-iptables=0'], { netns: sw });

    await Promise.all(
      nodes.map(async (n) => {
        const ns = this.ns({ node: n.name });
        const gw = gatewayOf(n.podCIDR);
        const lines = [`addr add ${n.ip}/${nodePrefix} dev eth0`, 'link set eth0 multicast off up', `route add default via ${this.def.gateway} dev eth0`];
        pods.filter((p) => p.node === n.name).forEach((p) => {
          const veth = `veth${pods.indexOf(p)}`;
          lines.push(
            `link add ${veth} type veth peer name eth0 netns ${this.ns({ pod: p.name })}`,
            `addr add ${gw}/32 dev ${veth}`,
            `link set ${veth} multicast off up`,
            `route add ${p.ip}/32 dev ${veth} scope host`,
          );
        });
        for (const other of nodes) if (other !== n) lines.push(`route add ${other.podCIDR} via ${other.ip} dev eth0`);
        await must('ip', ['-n', ns, '-batch', '-'], { input: lines.join('\n') + '\n' });
        // kube-proxy sets route_localnet for localhost NodePorts; nodes route pod traffic.
        // Traffic that a node forwards back out eth0 (an externalIP without endpoints) would
        // make it send an ICMP redirect first, and the per-host ICMP rate limit would then
        // swallow REJECT's port-unreachable: neither is what the suite is about.
        await must('sysctl', ['-q', '-w', 'net.ipv4.ip_forward=1', 'net.ipv4.conf.all.route_localnet=1', 'net.ipv4.conf.all.send_redirects=0', 'net.ipv4.conf.eth0.send_redirects=0', 'net.ipv4.icmp_ratelimit=0'], { netns: ns });
      }),
    );
    await Promise.all([
      ...pods.map((p) => {
        // As the ptp plugin leaves it: podIP/24 without its prefix route, the gateway on-link,
        // the podCIDR and everything else via the gateway.
        const cidr = nodes.find((n) => n.name === p.node)!.podCIDR;
        const [, bits] = cidr.split('/');
        const gw = gatewayOf(cidr);
        const lines = [
          `addr add ${p.ip}/${bits} dev eth0 noprefixroute`,
          'link set eth0 multicast off up',
          `route add ${gw} dev eth0 scope link src ${p.ip}`,
          `route add ${cidr} via ${gw} dev eth0 src ${p.ip}`,
          `route add default via ${gw} dev eth0`,
        ];
        return must('ip', ['-n', this.ns({ pod: p.name }), '-batch', '-'], { input: lines.join('\n') + '\n' });
      }),
      must('ip', ['-n', this.ns({ outside: true }), '-batch', '-'], {
        input: [`addr add ${outside.ip}/${nodePrefix} dev eth0`, 'link set eth0 multicast off up', `route add default via ${this.def.gateway} dev eth0`, ...outside.routes.map((r) => `route add ${r.to} via ${r.via} dev eth0`)].join('\n') + '\n',
      }),
    ]);
  }

  /** Starts each pod's server (the ports its image listens on) and waits until all listen. */
  async startServers(): Promise<void> {
    await Promise.all(this.def.pods.filter((p) => p.listen.length > 0).map((p) => this.startServer(p)));
  }

  private startServer(p: PodDef): Promise<void> {
    const specs = p.listen.map((l) => `${l.protocol.toLowerCase()}:${l.port}`);
    const child = spawn('ip', ['netns', 'exec', this.ns({ pod: p.name }), process.execPath, SERVER, p.name, ...specs], { stdio: ['ignore', 'pipe', 'pipe'] });
    if (child.pid) {
      trackPid(child.pid);
      this.servers.push(child.pid);
    }
    return new Promise((resolve, reject) => {
      let err = '';
      const timer = setTimeout(() => reject(new Error(`server in pod ${p.name} not ready after 10 s: ${err}`)), 10_000);
      child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        if (d.includes('ready')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.on('exit', (code) => {
        if (child.pid) untrackPid(child.pid);
        clearTimeout(timer);
        reject(new Error(`server in pod ${p.name} exited ${code}: ${err}`));
      });
    });
  }

  /** Real connections from one namespace; results in probe order. */
  async connect(from: Endpoint, probes: ProbeSpec[]): Promise<ProbeResult[]> {
    if (probes.length === 0) return [];
    const longest = Math.max(...probes.map((p) => p.timeoutMs));
    const r = await run(process.execPath, [CLIENT], { netns: this.ns(from), input: JSON.stringify(probes), timeoutMs: 60_000 + longest * probes.length });
    if (r.code !== 0) throw new Error(`client in ${this.ns(from)} exited ${r.code}: ${r.stderr}`);
    const results = JSON.parse(r.stdout) as ProbeResult[];
    const byId = new Map(results.map((x) => [x.id, x]));
    return probes.map((p) => byId.get(p.id)!);
  }

  /** Stops the servers and deletes every namespace of this world. Never throws. */
  async down(): Promise<void> {
    for (const pid of this.servers) killPid(pid);
    this.servers.length = 0;
    await deleteNamespaces(this.names);
    this.names.length = 0;
  }
}
