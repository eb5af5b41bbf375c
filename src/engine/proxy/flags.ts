// The kube-proxy container's command line as cmd/kube-proxy reads it (pflag): the flags the
// simulation honours. With `--config FILE` kube-proxy replaces the whole flag-built
// configuration by the file's (options.go Complete: `o.config = c`), keeping only the logging
// flags (-v) and --hostname-override — so `--nodeport-addresses` next to `--config`, as in
// kind's DaemonSet, changes nothing, exactly as on a real node.

import type { Pod } from '../api/types.ts';
import { isValidCIDR, NODE_PORT_ADDRESSES_PRIMARY } from './nodePortAddresses.ts';

/** The kube-proxy container's argv (command, then args). */
export function kubeProxyArgv(pod: Pod): string[] {
  const c = pod.spec.containers.find((x) => x.name === 'kube-proxy') ?? pod.spec.containers[0];
  return [...(c?.command ?? []), ...(c?.args ?? [])];
}

/** Values of a long flag: `--name=v` or `--name v`, every occurrence in order. */
function flagValues(argv: string[], name: string): string[] {
  const out: string[] = [];
  argv.forEach((a, i) => {
    if (a === `--${name}`) {
      const v = argv[i + 1];
      if (v !== undefined) out.push(v);
    } else if (a.startsWith(`--${name}=`)) {
      out.push(a.slice(name.length + 3));
    }
  });
  return out;
}

/** `--v=N` / `-v=N` / `--v N` (klog's default is 0). */
export function verbosityOf(argv: string[]): number {
  let v = 0;
  argv.forEach((a, i) => {
    const m = /^--?v(?:=(\d+))?$/.exec(a);
    if (!m) return;
    const n = m[1] ?? argv[i + 1];
    if (n !== undefined && /^\d+$/.test(n)) v = Number(n);
  });
  return v;
}

/**
 * `--nodeport-addresses` (a pflag string slice: comma-separated, repeats append); undefined
 * when not given or overridden by `--config`. Entries that are neither a CIDR nor "primary"
 * fail kube-proxy's config validation (it exits); the simulation leaves them out instead.
 */
export function nodePortAddressesOf(argv: string[]): string[] | undefined {
  if (flagValues(argv, 'config').length > 0) return undefined;
  const given = flagValues(argv, 'nodeport-addresses');
  if (given.length === 0) return undefined;
  const list = given.flatMap((v) => v.split(',')).map((s) => s.trim()).filter((s) => s !== '');
  return list.filter((s) => s === NODE_PORT_ADDRESSES_PRIMARY || isValidCIDR(s));
}
