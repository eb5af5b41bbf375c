// `trace`: a Proxyscope command (no real-cluster tool does this in one step) that sends one
// connection through the simulated network and prints what the kernels did with it, as
// `iptables -t raw -I PREROUTING -j TRACE` would show on every node, with routing and delivery
// in between. `--count N` sends N connections and shows how they spread over the endpoints.

import { isIPv4 } from '../api/kinds/ip.ts';
import type { Service } from '../api/types.ts';
import { printTable } from '../format/table.ts';
import { type FlagDef, flagBool, flagInt, flagString, parseFlags } from '../kubectl/flags.ts';
import type { ConnectFrom, ConnectionTrace, Network } from '../network/index.ts';
import { share, spread, traceJson, traceText } from '../network/traceText.ts';
import type { CommandDescriptor, CommandResult } from '../shell/types.ts';
import type { Simulation } from '../simulation.ts';

const FLAGS: FlagDef[] = [
  { name: 'protocol', short: 'p', type: 'string', description: 'tcp (default) or udp' },
  { name: 'namespace', short: 'n', type: 'string', description: 'namespace of a pod/NAME source (default "default")' },
  { name: 'node', type: 'string', description: 'only show what happens on this node (its kernel and its pods)' },
  { name: 'json', type: 'bool', description: 'print a one-line JSON summary instead' },
  { name: 'count', type: 'int', description: 'send N connections and show how they spread over the endpoints' },
  { name: 'help', short: 'h', type: 'bool', description: 'help for trace' },
];

const USAGE = 'Usage: trace SRC DST:PORT [-p tcp|udp] [-n NAMESPACE] [--node NODE] [--json] [--count N]';

const HELP = `trace: follow one connection through the cluster's network (a Proxyscope command).

Sends the first packet of a connection (TCP SYN, or a UDP datagram) from SRC to DST:PORT and
prints every netfilter hook, table, chain and rule it passes on each node, in the format of the
kernel's TRACE log lines, with routing decisions, NAT and delivery in between; then the answer
(SYN-ACK, RST, a UDP reply or an ICMP error) on its way back through conntrack, and what the
client's socket sees: connected, refused, timeout or unreachable. The packets are real for the
simulation: rule counters and conntrack entries change as they would.

${USAGE}

SRC is one of:
  IP            the namespace that owns this address (a node, a pod, 172.18.0.100 = external)
  pod/NAME      a pod (namespace from -n, default "default")
  node/NAME     a node's own network namespace
  external      a client outside the cluster on the kind docker network (172.18.0.100)

DST is an IPv4 address, or SERVICE / SERVICE.NAMESPACE (namespace from -n by default): the
Service's ClusterIP, as the pod's resolver would answer (trace sends no DNS query itself).

Examples:
  # From the client pod to the auth-service ClusterIP
  trace pod/client 10.96.241.179:8080
  trace pod/client auth-service:8080

  # From a node: the connection is masqueraded
  trace node/kind-worker 10.96.241.179:8080

  # DNS over UDP to kube-dns, as JSON
  trace pod/client 10.96.0.10:53 -p udp --json

  # 300 connections: how kube-proxy's random probabilities spread them
  trace pod/client 10.96.241.179:8080 --count 300

Options:
${FLAGS.map((f) => `  ${f.short ? `-${f.short}, ` : '    '}--${f.name}${f.type === 'bool' ? '' : ' VALUE'}: ${f.description}`).join('\n')}
`;

const usage = (msg: string): CommandResult => ({ stdout: '', stderr: `trace: ${msg}\n${USAGE}\nTry 'trace --help' for more information.\n`, exitCode: 2 });
const failure = (msg: string): CommandResult => ({ stdout: '', stderr: `trace: ${msg}\n`, exitCode: 1 });

function parseSource(s: string, namespace: string): ConnectFrom | undefined {
  if (s === 'external') return { external: true };
  if (s.startsWith('pod/') && s.length > 4) return { pod: { namespace, name: s.slice(4) } };
  if (s.startsWith('node/') && s.length > 5) return { node: s.slice(5) };
  if (isIPv4(s)) return { ip: s };
  return undefined;
}

function parseDestination(s: string): { host: string; port: number } | string {
  const i = s.lastIndexOf(':');
  if (i < 0) return `invalid destination "${s}": expected IP:PORT or SERVICE:PORT`;
  const host = s.slice(0, i);
  const port = s.slice(i + 1);
  if (!isIPv4(host) && !SERVICE_HOST.test(host)) return `invalid destination "${s}": "${host}" is neither an IPv4 address nor a Service name`;
  if (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65535) return `invalid port "${port}": must be 1-65535`;
  return { host, port: Number(port) };
}

/** SERVICE or SERVICE.NAMESPACE (what a pod's resolver would find with its search list). */
const SERVICE_HOST = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)?$/;

/** The ClusterIP a Service name stands for (trace itself sends no DNS query), or the error. */
function serviceAddress(sim: Simulation, host: string, namespace: string): string | { error: string } {
  if (isIPv4(host)) return host;
  const [name, ns = namespace] = host.split('.') as [string, string?];
  const svc = sim.api.get<Service>('services', ns, name);
  if (!svc) return { error: `services "${name}" not found in namespace "${ns}"` };
  const ip = svc.spec.clusterIP;
  if (!ip || !isIPv4(ip)) return { error: `service ${ns}/${name} has no ClusterIP (headless or ExternalName): name a pod IP instead` };
  return ip;
}

/** A source that exists in the cluster, or the error text. */
function checkSource(sim: Simulation, net: Network, from: ConnectFrom): string | undefined {
  if ('pod' in from) {
    const pod = sim.api.get('pods', from.pod.namespace, from.pod.name);
    if (!pod) return `pods "${from.pod.name}" not found in namespace "${from.pod.namespace}"`;
    if (!net.host(`pod/${from.pod.namespace}/${from.pod.name}`)) return `pod ${from.pod.namespace}/${from.pod.name} has no network namespace yet (not running)`;
  } else if ('node' in from) {
    if (!net.kernel(from.node)) return `nodes "${from.node}" not found`;
  } else if ('ip' in from) {
    if (!net.host(from.ip)) return `no network namespace has the address ${from.ip}`;
  } else if (!net.host('external')) return 'the cluster has no nodes yet';
  return undefined;
}

const MAX_COUNT = 100_000;

export const traceCommand: CommandDescriptor<Simulation> = {
  name: 'trace',
  summary: 'follow a connection through netfilter and routing on every node (Proxyscope)',
  help: HELP,
  flags: FLAGS.map((f) => ({ name: f.name, ...(f.short ? { short: f.short } : {}), takesValue: f.type !== 'bool', description: f.description })),
  complete(words, world) {
    if (words.length !== 2) return [];
    const pods = world.api.list('pods', 'default').map((p) => `pod/${p.metadata.name ?? ''}`);
    const nodes = world.api.list('nodes').map((n) => `node/${n.metadata.name ?? ''}`);
    return ['external', ...nodes, ...pods].filter((c) => c.startsWith(words[1] ?? ''));
  },
  run(ctx) {
    const parsed = parseFlags(ctx.args, FLAGS);
    if (!parsed.ok) return usage(parsed.error);
    const f = parsed.flags;
    if (flagBool(f, 'help')) return { stdout: HELP, stderr: '', exitCode: 0 };
    const [srcArg, dstArg, ...extra] = parsed.positional;
    if (srcArg === undefined) return usage('missing source and destination');
    if (dstArg === undefined) return usage('missing destination');
    if (extra.length) return usage(`unexpected argument "${extra[0]}"`);
    const proto = flagString(f, 'protocol') ?? 'tcp';
    if (proto !== 'tcp' && proto !== 'udp') return usage(`invalid protocol "${proto}": must be tcp or udp`);
    const count = flagInt(f, 'count');
    if (count !== undefined && (count < 1 || count > MAX_COUNT)) return usage(`invalid count "${flagString(f, 'count')}": must be 1-${MAX_COUNT}`);
    const namespace = flagString(f, 'namespace') ?? 'default';
    const from = parseSource(srcArg, namespace);
    if (!from) return usage(`invalid source "${srcArg}": expected IP, pod/NAME, node/NAME or external`);
    const dst = parseDestination(dstArg);
    if (typeof dst === 'string') return usage(dst);

    const sim = ctx.world;
    const net = (sim as Simulation & { network?: Network }).network;
    if (!net) return failure('the simulated network is not running');
    const bad = checkSource(sim, net, from);
    if (bad) return failure(bad);
    const node = flagString(f, 'node');
    if (node !== undefined && !net.kernel(node)) return failure(`nodes "${node}" not found`);
    const to = serviceAddress(sim, dst.host, namespace);
    if (typeof to !== 'string') return failure(to.error);
    const opts = { from, to, port: dst.port, proto, source: 'trace' } as const;

    if (count !== undefined) {
      const traces: ConnectionTrace[] = [];
      for (let i = 0; i < count; i++) traces.push(net.connect(opts));
      const rows = spread(traces);
      if (flagBool(f, 'json')) {
        const json = { connections: count, endpoints: rows.map((r) => ({ endpoint: r.endpoint, pod: r.pod, connections: r.connections, share: share(r.connections, count) })) };
        return { stdout: `${JSON.stringify(json)}\n`, stderr: '', exitCode: 0 };
      }
      const table = printTable(['ENDPOINT', 'POD', 'CONNECTIONS', 'SHARE'], rows.map((r) => [r.endpoint, r.pod, String(r.connections), share(r.connections, count)]));
      return { stdout: table, stderr: '', exitCode: 0 };
    }

    const t = net.connect(opts);
    const nodeOpt = node === undefined ? {} : { node };
    if (flagBool(f, 'json')) return { stdout: `${traceJson(t, nodeOpt)}\n`, stderr: '', exitCode: 0 };
    const head = `# trace: ${proto} ${t.client.ip}:${t.client.port} -> ${to}:${dst.port} from ${t.client.host}${hostNode(t)}`;
    return { stdout: [head, ...traceText(t, nodeOpt)].join('\n') + '\n', stderr: '', exitCode: 0 };
  },
};

function hostNode(t: ConnectionTrace): string {
  const first = t.hops[0];
  return first?.node && first.node !== first.host ? ` on ${first.node}` : '';
}
