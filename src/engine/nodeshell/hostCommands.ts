// `hostname` and `ip addr|route|link` on a node (net-tools hostname 3.23, iproute2 6.1), and
// the DNS tools `nslookup` / `dig` (src/engine/dns).

import { NODE_RESOLV_CONF, makeDnsCommands } from '../dns/index.ts';
import type { CommandDescriptor, CommandResult } from '../shell/types.ts';
import { scenarioNode } from './state.ts';
import type { NodeWorld } from './types.ts';

const HOSTNAME_USAGE = `Usage: hostname [-b] {hostname|-F file}         set host name (from file)
       hostname [-a|-A|-d|-f|-i|-I|-s|-y]       display formatted name
       hostname                                 display host name

       {yp,nis,}domainname {nisdomain|-F file}  set NIS domain name (from file)
       {yp,nis,}domainname                      display NIS domain name

       dnsdomainname                            display dns domain name

       hostname -V|--version|-h|--help          print info and exit

Program name:
       {yp,nis,}domainname=hostname -y
       dnsdomainname=hostname -d

Program options:
    -a, --alias            alias names
    -A, --all-fqdns        all long host names (FQDNs)
    -b, --boot             set default hostname if none available
    -d, --domain           DNS domain name
    -f, --fqdn, --long     long host name (FQDN)
    -F, --file             read host name or NIS domain name from given file
    -i, --ip-address       addresses for the host name
    -I, --all-ip-addresses all addresses for the host
    -s, --short            short host name
    -y, --yp, --nis        NIS/YP domain name

Description:
   This command can get or set the host name or the NIS domain name. You can
   also get the DNS domain or the FQDN (fully qualified domain name).
   Unless you are using bind or NIS for host lookups you can change the
   FQDN (Fully Qualified Domain Name) and the DNS domain name (which is
   part of the FQDN) in the /etc/hosts file.
`;

export const hostnameCommand: CommandDescriptor<NodeWorld> = {
  name: 'hostname',
  summary: 'show the system host name',
  help: HOSTNAME_USAGE,
  ownHelp: true,
  run(ctx) {
    const { node, sim } = ctx.world;
    const ip = scenarioNode(sim, node)?.ip ?? '';
    const arg = ctx.args[0];
    if (arg === undefined || ['-s', '--short', '-f', '--fqdn', '--long', '-a', '--alias', '-A', '--all-fqdns'].includes(arg)) {
      if (arg === '-a' || arg === '--alias') return { stdout: '\n', stderr: '', exitCode: 0 };
      if (arg === '-A' || arg === '--all-fqdns') return { stdout: `${node} \n`, stderr: '', exitCode: 0 };
      return { stdout: `${node}\n`, stderr: '', exitCode: 0 };
    }
    if (arg === '-i' || arg === '--ip-address') return { stdout: `${ip}\n`, stderr: '', exitCode: 0 };
    if (arg === '-I' || arg === '--all-ip-addresses') return { stdout: `${ip} \n`, stderr: '', exitCode: 0 };
    if (arg === '-h' || arg === '--help') return { stdout: HOSTNAME_USAGE, stderr: '', exitCode: 0 };
    if (arg === '-V' || arg === '--version') return { stdout: '', stderr: 'hostname 3.23+nmu1\n', exitCode: 0 };
    if (arg.startsWith('-')) {
      const opt = arg.startsWith('--') ? `unrecognized option '${arg}'` : `invalid option -- '${arg[1]}'`;
      return { stdout: '', stderr: `hostname: ${opt}\n${HOSTNAME_USAGE}`, exitCode: 255 };
    }
    return { stdout: '', stderr: 'hostname: you must be root to change the host name\n', exitCode: 1 };
  },
};

const IP_USAGE = `Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }
       ip [ -force ] -batch filename
where  OBJECT := { address | addrlabel | amt | fou | help | ila | ioam | l2tp |
                   link | macsec | maddress | monitor | mptcp | mroute | mrule |
                   neighbor | neighbour | netconf | netns | nexthop | ntable |
                   ntbl | route | rule | sr | tap | tcpmetrics |
                   token | tunnel | tuntap | vrf | xfrm }
       OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] | -r[esolve] |
                    -h[uman-readable] | -iec | -j[son] | -p[retty] |
                    -f[amily] { inet | inet6 | mpls | bridge | link } |
                    -4 | -6 | -M | -B | -0 |
                    -l[oops] { maximum-addr-flush-attempts } | -br[ief] |
                    -o[neline] | -t[imestamp] | -ts[hort] | -b[atch] [filename] |
                    -rc[vbuf] [size] | -n[etns] name | -N[umeric] | -a[ll] |
                    -c[olor]}
`;

/** iproute2's matches(): `word` is a prefix of `full`. */
const matches = (word: string, full: string): boolean => word.length > 0 && full.startsWith(word);

/** Blocks of `ip addr` output, one per interface ("N: name: <…>" plus its indented lines). */
function interfaceBlocks(text: string): { name: string; text: string }[] {
  const blocks: { name: string; text: string }[] = [];
  for (const line of text.split(/(?<=\n)/)) {
    const head = /^\d+: ([^:@]+)[@:]/.exec(line);
    if (head) blocks.push({ name: head[1] as string, text: line });
    else if (blocks.length) (blocks[blocks.length - 1] as { text: string }).text += line;
  }
  return blocks;
}

function addrOrLink(ctx: { args: string[]; world: NodeWorld }, rest: string[], link: boolean, family: string): CommandResult {
  const sub = rest[0];
  if (sub !== undefined && !['show', 'list', 'lst', 'ls'].some((w) => matches(sub, w))) {
    return { stdout: '', stderr: `Command "${sub}" is unknown, try "ip ${link ? 'link' : 'address'} help".\n`, exitCode: 1 };
  }
  const args = rest.slice(1);
  let dev: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === 'dev') dev = args[++i];
    else if (!['up', 'primary', 'secondary', 'permanent', 'dynamic'].includes(a)) dev = a;
  }
  let blocks = interfaceBlocks(ctx.world.ipAddr());
  if (dev !== undefined) {
    blocks = blocks.filter((b) => b.name === dev);
    if (!blocks.length) return { stdout: '', stderr: `Device "${dev}" does not exist.\n`, exitCode: 1 };
  }
  let text = blocks.map((b) => b.text).join('');
  // `ip link` is the same listing without addresses, and names the link mode.
  if (link) text = text.replace(/^ {4}inet6? .*\n {7}valid_lft .*\n/gm, '').replace(/^(\d+: .*?) group /gm, '$1 mode DEFAULT group ');
  else if (family === 'inet') text = text.replace(/^ {4}inet6 .*\n {7}valid_lft .*\n/gm, '');
  else if (family === 'inet6') text = text.replace(/^ {4}inet .*\n {7}valid_lft .*\n/gm, '');
  return { stdout: text, stderr: '', exitCode: 0 };
}

export const ipCommand: CommandDescriptor<NodeWorld> = {
  name: 'ip',
  summary: 'show / manipulate routing, network devices, interfaces and tunnels',
  help: IP_USAGE,
  ownHelp: true,
  run(ctx) {
    let args = ctx.args;
    let family = '';
    while (args[0]?.startsWith('-')) {
      const o = args[0];
      if (o === '-4') family = 'inet';
      else if (o === '-6') family = 'inet6';
      else if (o === '-V' || o === '-Version') return { stdout: 'ip utility, iproute2-6.1.0, libbpf 1.1.2\n', stderr: '', exitCode: 0 };
      else if (o === '-h' || o === '-help' || o === '--help') return { stdout: '', stderr: IP_USAGE, exitCode: 0 };
      else return { stdout: '', stderr: `Option "${o}" is unknown, try "ip -help".\n`, exitCode: 255 };
      args = args.slice(1);
    }
    const obj = args[0];
    if (obj === undefined) return { stdout: '', stderr: IP_USAGE, exitCode: 255 };
    if (matches(obj, 'address')) return addrOrLink(ctx, args.slice(1), false, family);
    if (matches(obj, 'link')) return addrOrLink(ctx, args.slice(1), true, family);
    if (matches(obj, 'route')) {
      const sub = args[1];
      if (sub !== undefined && !['show', 'list', 'lst', 'ls'].some((w) => matches(sub, w))) {
        return { stdout: '', stderr: `Command "${sub}" is unknown, try "ip route help".\n`, exitCode: 1 };
      }
      return { stdout: family === 'inet6' ? '' : ctx.world.ipRoute(), stderr: '', exitCode: 0 };
    }
    if (matches(obj, 'help')) return { stdout: '', stderr: IP_USAGE, exitCode: 0 };
    return { stdout: '', stderr: `Object "${obj}" is unknown, try "ip help".\n`, exitCode: 1 };
  },
};

/** `nslookup` and `dig` on a node: from its root namespace, with its resolv.conf (Docker's DNS via the gateway). */
export const nodeDnsCommands: CommandDescriptor<NodeWorld>[] = makeDnsCommands<NodeWorld>(
  (w) => ({ node: w.node }),
  (w) => w.sim,
  () => NODE_RESOLV_CONF,
);
