// Tab completion for commands that take `TYPE [NAME…]` or `TYPE/NAME` (get, describe, …):
// resource types as `kubectl api-resources -o name` spells them, object names of the chosen
// type in the namespace given by -n (all with -A), and the command's flags.

import { RESOURCES, type ResourceInfo } from '../../api/resources.ts';
import type { Simulation } from '../../simulation.ts';
import type { FlagDef } from '../flags.ts';
import { GLOBAL_FLAGS } from '../globalFlags.ts';
import { GET_FORMATS_HELP_ORDER } from '../printers/output.ts';
import { resolveTypeOrError, splitTypes } from '../resourceArgs.ts';

const typeNames = (): string[] => RESOURCES.map((r) => (r.group ? `${r.resource}.${r.group}` : r.resource));

function objectNames(sim: Simulation, info: ResourceInfo, namespace: string | undefined): string[] {
  return sim.api.list(info.resource, info.namespaced ? namespace : undefined).map((o) => o.metadata.name ?? '');
}

const unique = (xs: string[]): string[] => [...new Set(xs)].sort();

/** `words` start after the subcommand; the last one is being completed. */
export function completeResourceArgs(words: string[], sim: Simulation, flags: FlagDef[] = []): string[] {
  const current = words.at(-1) ?? '';
  const before = words.slice(0, -1);
  const defs = [...flags, ...GLOBAL_FLAGS];
  const valued = new Map<string, FlagDef>();
  for (const d of defs) {
    if (d.type === 'bool') continue;
    valued.set(`--${d.name}`, d);
    if (d.short) valued.set(`-${d.short}`, d);
  }
  let namespace = 'default';
  let allNamespaces = false;
  const positional: string[] = [];
  for (let i = 0; i < before.length; i++) {
    const w = before[i]!;
    if (w === '-A' || w === '--all-namespaces') allNamespaces = true;
    if (valued.has(w)) {
      const v = before[++i];
      if (valued.get(w)!.name === 'namespace' && v !== undefined) namespace = v;
      continue;
    }
    if (w.startsWith('--namespace=')) namespace = w.slice('--namespace='.length);
    else if (/^-n./.test(w)) namespace = w.slice(2).replace(/^=/, '');
    if (!w.startsWith('-')) positional.push(w);
  }
  const prev = before.at(-1);
  const prevFlag = prev !== undefined ? valued.get(prev) : undefined;
  const match = (xs: string[]) => unique(xs).filter((x) => x.startsWith(current));
  if (prevFlag) {
    if (prevFlag.name === 'namespace') return match(objectNames(sim, RESOURCES.find((r) => r.resource === 'namespaces')!, undefined));
    if (prevFlag.name === 'output') return match(GET_FORMATS_HELP_ORDER);
    return [];
  }
  if (current.startsWith('-')) return match(defs.map((d) => `--${d.name}`));
  const ns = allNamespaces ? undefined : namespace;
  if (positional.length === 0) {
    const slash = current.indexOf('/');
    if (slash >= 0) {
      const r = resolveTypeOrError(current.slice(0, slash));
      if (!r.ok) return [];
      return match(objectNames(sim, r.info, ns).map((n) => `${current.slice(0, slash)}/${n}`));
    }
    const comma = current.lastIndexOf(',');
    const head = current.slice(0, comma + 1);
    return match(typeNames().map((t) => head + t));
  }
  if (positional[0]!.includes('/')) return [];
  const types = splitTypes(positional[0]!);
  const infos = types.map(resolveTypeOrError).flatMap((r) => (r.ok ? [r.info] : []));
  if (infos.length !== 1) return [];
  const used = new Set(positional.slice(1));
  return match(objectNames(sim, infos[0]!, ns).filter((n) => !used.has(n)));
}
