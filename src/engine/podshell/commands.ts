// The programs of a pod shell that are not text utilities: hostname, env, ip, nc, wget, and
// curl / nslookup / dig wired to the pod's network namespace and resolv.conf.

import { makeCurlCommand } from '../commands/curl.ts';
import { makeDnsCommands } from '../dns/index.ts';
import { formatIpAddr, formatIpRoute } from '../network/index.ts';
import { ipCommand } from '../nodeshell/hostCommands.ts';
import type { NodeWorld } from '../nodeshell/types.ts';
import type { CommandDescriptor } from '../shell/types.ts';
import type { PodWorld } from './types.ts';
import { ncCommand, wgetCommand } from './netTools.ts';
import { pingCommand } from './ping.ts';
import { podResolve, podSource } from './resolve.ts';

const hostnameCommand: CommandDescriptor<PodWorld> = {
  name: 'hostname',
  summary: 'show the system host name',
  help: 'Usage: hostname [-sfi] [HOSTNAME | -F FILE]\n',
  run(ctx) {
    const name = (ctx.world.pod.spec['hostname'] as string | undefined) ?? ctx.world.name;
    const a = ctx.args[0];
    if (a === '-i') return { stdout: `${ctx.world.pod.status.podIP ?? ''}\n`, stderr: '', exitCode: 0 };
    return { stdout: `${name}\n`, stderr: '', exitCode: 0 };
  },
};

const envCommand: CommandDescriptor<PodWorld> = {
  name: 'env',
  summary: 'print the environment',
  help: 'Usage: env [-i] [NAME=VALUE]... [COMMAND [ARG]...]\n',
  run(ctx) {
    // The process environment the container runtime gave the exec (plus the shell's exports).
    const vars = new Map(ctx.world.env);
    for (const a of ctx.args) {
      const eq = a.indexOf('=');
      if (eq > 0) vars.set(a.slice(0, eq), a.slice(eq + 1));
    }
    return { stdout: [...vars].map(([k, v]) => `${k}=${v}\n`).join(''), stderr: '', exitCode: 0 };
  },
};

/** iproute2's `ip` on the pod's namespace: the node shell's command over the pod's interfaces. */
const podIpCommand: CommandDescriptor<PodWorld> = {
  ...(ipCommand as unknown as CommandDescriptor<PodWorld>),
  run(ctx) {
    const host = ctx.world.sim.network.host(`pod/${ctx.world.namespace}/${ctx.world.name}`);
    // ipCommand reads only ipAddr()/ipRoute() of its world.
    const world = { ipAddr: () => (host ? formatIpAddr(host) : ''), ipRoute: () => (host ? formatIpRoute(host) : '') } as unknown as NodeWorld;
    return ipCommand.run({ ...ctx, world });
  },
};

const curl = makeCurlCommand<PodWorld>(podSource, (w) => w.sim, podResolve, (w) => w.profile.curl ?? '7.88.1');

/** Every program a pod shell knows; the image profile says which of them a container has. */
export function podPrograms(): CommandDescriptor<PodWorld>[] {
  const dns = makeDnsCommands<PodWorld>(podSource, (w) => w.sim, (w) => w.resolvConf(), (w) => w.profile.nslookup);
  return [hostnameCommand, envCommand, podIpCommand, curl, ncCommand, wgetCommand, pingCommand, ...dns];
}
