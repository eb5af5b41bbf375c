// iputils `ping` from a pod (netshoot). Pods and nodes answer ICMP echo; a ClusterIP is only a
// DNAT rule for TCP/UDP/SCTP ports, nothing owns the address, so an echo to it (or to an address
// no namespace has) is never answered.

import type { CommandDescriptor } from '../shell/types.ts';
import { podResolve } from './resolve.ts';
import type { PodWorld } from './types.ts';

const USAGE = '\nUsage\n  ping [options] <destination>\n';

/** Round-trip times in ms, varying per packet: veth on one node, or across the kind bridge. */
function rtt(seed: string, seq: number, remote: boolean): number {
  let h = 0x811c9dc5;
  for (const ch of `${seed}/${seq}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  const base = remote ? 0.09 : 0.04;
  return Math.round((base + (h % 60) / 1000 + (seq === 1 ? 0.03 : 0)) * 1000) / 1000;
}

const ms = (n: number): string => n.toFixed(3);

export const pingCommand: CommandDescriptor<PodWorld> = {
  name: 'ping',
  summary: 'send ICMP ECHO_REQUEST to network hosts (iputils)',
  help: USAGE,
  ownHelp: true,
  run(ctx) {
    let count: number | undefined;
    let deadline: number | undefined;
    let dest: string | undefined;
    for (let i = 0; i < ctx.args.length; i++) {
      const a = ctx.args[i] as string;
      if (a === '-c') count = Number(ctx.args[++i]);
      else if (/^-c\d+$/.test(a)) count = Number(a.slice(2));
      else if (a === '-w') deadline = Number(ctx.args[++i]);
      else if (a === '-W') i++;
      else if (a.startsWith('-')) continue;
      else dest = a;
    }
    if (dest === undefined) return { stdout: '', stderr: 'ping: usage error: Destination address required\n', exitCode: 1 };
    const w = ctx.world;
    const ip = podResolve(w, dest);
    if (ip === undefined) return { stdout: '', stderr: `ping: ${dest}: Name does not resolve\n`, exitCode: 2 };
    // Without -c/-w ping runs until Ctrl-C; a synchronous shell cannot be interrupted, so the
    // run stops where -c 4 would.
    const sent = count ?? (deadline !== undefined ? Math.max(1, deadline) : 4);
    const target = w.sim.network.host(ip);
    const self = w.sim.network.host(`pod/${w.namespace}/${w.name}`);
    let out = `PING ${dest} (${ip}) 56(84) bytes of data.\n`;
    if (!target || !target.addresses.has(ip) || (target.kind !== 'pod' && target.kind !== 'node')) {
      const elapsed = (sent - 1) * 1022;
      w.sim.advance(deadline !== undefined && count === undefined ? deadline * 1000 : elapsed);
      out += `\n--- ${dest} ping statistics ---\n${sent} packets transmitted, 0 received, 100% packet loss, time ${elapsed}ms\n\n`;
      return { stdout: out, stderr: '', exitCode: 1 };
    }
    // TTL 64 less one per router: the source node forwards, and the peer node too across nodes.
    const sameNode = target.node === self?.node;
    const ttl = target === self ? 64 : target.kind === 'node' ? (sameNode ? 64 : 63) : sameNode ? 63 : 62;
    const times: number[] = [];
    for (let seq = 1; seq <= sent; seq++) {
      const t = target === self ? 0.03 : rtt(`${w.name}>${ip}`, seq, !sameNode);
      times.push(t);
      out += `64 bytes from ${ip}: icmp_seq=${seq} ttl=${ttl} time=${ms(t)} ms\n`;
    }
    const elapsed = (sent - 1) * 1001;
    w.sim.advance(elapsed);
    const avg = times.reduce((a, b) => a + b, 0) / sent;
    const mdev = Math.sqrt(times.reduce((a, b) => a + b * b, 0) / sent - avg * avg);
    out += `\n--- ${dest} ping statistics ---\n${sent} packets transmitted, ${sent} received, 0% packet loss, time ${elapsed}ms\n`;
    out += `rtt min/avg/max/mdev = ${ms(Math.min(...times))}/${ms(avg)}/${ms(Math.max(...times))}/${ms(mdev || 0)} ms\n`;
    return { stdout: out, stderr: '', exitCode: 0 };
  },
};
