// Tab completion of resource arguments, as kubectl's completion functions offer them
// (pkg/util/completion): resource types first (or a command's own list of types), then the
// names of objects of the chosen type in the namespace of the command line, `TYPE/NAME` too.

import { RESOURCES, resolveResource } from '../../api/resources.ts';
import type { Simulation } from '../../simulation.ts';

/** The -n/--namespace value on a partial command line ('default' when absent). */
export function namespaceOf(words: string[]): string {
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if ((w === '-n' || w === '--namespace') && i + 1 < words.length) return words[i + 1]!;
    if (w.startsWith('--namespace=')) return w.slice('--namespace='.length);
    if (w.startsWith('-n') && w.length > 2) return w.slice(2).replace(/^=/, '');
  }
  return 'default';
}

/** Positional words (flags and the values of -n/-o/-l/-f dropped). */
function positionals(words: string[]): string[] {
  const out: string[] = [];
  const valued = new Set(['-n', '--namespace', '-o', '--output', '-l', '--selector', '-f', '--filename', '--context', '--cluster', '--user', '--kubeconfig']);
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (valued.has(w)) {
      i++;
      continue;
    }
    if (w.startsWith('-')) continue;
    out.push(w);
  }
  return out;
}

/** Names of objects of a typed resource (pods, deploy, node, …) in the namespace. */
export function objectNames(sim: Simulation, typed: string, namespace: string): string[] {
  const info = resolveResource(typed);
  if (!info) return [];
  return sim.api.list(info.resource, info.namespaced ? namespace : undefined).map((o) => o.metadata.name ?? '');
}

/** Completes `TYPE [NAME…]` or `TYPE/NAME`; `types` limits the offered types. */
export function completeTypesAndNames(words: string[], sim: Simulation, types?: string[]): string[] {
  const current = words.at(-1) ?? '';
  const before = positionals(words.slice(0, -1));
  const ns = namespaceOf(words);
  if (before.length === 0) {
    const slash = current.indexOf('/');
    if (slash >= 0) {
      const type = current.slice(0, slash);
      return objectNames(sim, type, ns)
        .map((n) => `${type}/${n}`)
        .filter((c) => c.startsWith(current))
        .sort();
    }
    const offered = types ?? RESOURCES.map((r) => (r.group ? `${r.resource}.${r.group}` : r.resource));
    return offered.filter((t) => t.startsWith(current)).sort();
  }
  if (before[0]!.includes('/')) return [];
  return objectNames(sim, before[0]!, ns)
    .filter((n) => n.startsWith(current) && !before.slice(1).includes(n))
    .sort();
}

/** Completes one argument from the names of a fixed type (cordon/drain: nodes). */
export function completeNamesOf(words: string[], sim: Simulation, typed: string): string[] {
  const current = words.at(-1) ?? '';
  if (positionals(words.slice(0, -1)).length > 0) return [];
  return objectNames(sim, typed, namespaceOf(words))
    .filter((n) => n.startsWith(current))
    .sort();
}
