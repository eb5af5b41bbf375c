// `journal`: a Proxyscope command (not a real-cluster tool) that prints the simulation's event
// journal — every API write with the bytes it cost, controller actions, pod phase changes.

import { printTable } from '../format/table.ts';
import { type FlagDef, flagBool, flagInt, flagString, parseFlags } from '../kubectl/flags.ts';
import type { CommandDescriptor } from '../shell/types.ts';
import type { Stamped } from '../sim/journal.ts';
import type { Simulation } from '../simulation.ts';

const FLAGS: FlagDef[] = [
  { name: 'tail', type: 'int', description: 'show the last N matching entries (default 20; -1 for all)' },
  { name: 'since', type: 'int', description: 'only entries after sequence number N' },
  { name: 'type', type: 'string', description: 'write, controller, pod or note' },
  { name: 'resource', type: 'string', description: 'only writes of this resource (pods, endpointslices, endpoints, …)' },
  { name: 'name', type: 'string', description: 'only entries about objects with this name' },
  { name: 'namespace', short: 'n', type: 'string', description: 'only entries in this namespace' },
  { name: 'summary', type: 'bool', description: 'totals of writes and bytes per resource instead of entries' },
  { name: 'help', short: 'h', type: 'bool', description: 'help for journal' },
];

const HELP = `journal: print the simulation's event journal (a Proxyscope command).

Every write to the API server is recorded with the size of the object written, so the cost of
a change is visible: an EndpointSlice update writes one slice, the legacy Endpoints object is
rewritten whole.

Usage:
  journal [--tail N] [--since SEQ] [--type write|controller|pod|note] [--resource R] [--name NAME] [-n NS] [--summary]

Examples:
  # The last 20 events
  journal

  # Every write to EndpointSlices and Endpoints since event 1200
  journal --since 1200 --type write --resource endpointslices
  journal --since 1200 --type write --resource endpoints

  # Writes and bytes per resource since event 1200
  journal --since 1200 --summary

Options:
${FLAGS.map((f) => `  ${f.short ? `-${f.short}, ` : ''}--${f.name}: ${f.description}`).join('\n')}
`;

function time(ms: number): string {
  return `${(ms / 1000).toFixed(3)}s`;
}

function describeEntry(e: Stamped): string[] {
  switch (e.type) {
    case 'write':
      return [e.verb, e.resource, e.namespace || '-', e.name, `rv=${e.resourceVersion} bytes=${e.bytes}`, e.actor];
    case 'controller':
      return ['action', e.controller, e.namespace || '-', e.name, e.action + (e.detail ? ` ${e.detail}` : ''), e.controller];
    case 'pod':
      return ['pod', 'pods', e.namespace, e.name, e.phase + (e.node ? ` on ${e.node}` : '') + (e.detail ? ` ${e.detail}` : ''), e.node ? `kubelet/${e.node}` : '-'];
    case 'note':
      return ['note', '-', '-', '-', e.message, e.source];
  }
}

export const journalCommand: CommandDescriptor<Simulation> = {
  name: 'journal',
  summary: "print the simulation's event journal (Proxyscope)",
  help: HELP,
  flags: FLAGS.map((f) => ({ name: f.name, ...(f.short ? { short: f.short } : {}), takesValue: f.type !== 'bool', description: f.description })),
  run(ctx) {
    const parsed = parseFlags(ctx.args, FLAGS);
    if (!parsed.ok) return { stdout: '', stderr: `journal: ${parsed.error}\n`, exitCode: 2 };
    const f = parsed.flags;
    if (flagBool(f, 'help')) return { stdout: HELP, stderr: '', exitCode: 0 };
    const type = flagString(f, 'type');
    if (type && !['write', 'controller', 'pod', 'note'].includes(type)) {
      return { stdout: '', stderr: `journal: unknown type "${type}" (write, controller, pod, note)\n`, exitCode: 2 };
    }
    const resource = flagString(f, 'resource');
    const name = flagString(f, 'name');
    const ns = flagString(f, 'namespace');
    const entries = ctx.world.journal.since(flagInt(f, 'since') ?? 0).filter((e) => {
      if (type && e.type !== type) return false;
      if (resource && (e.type !== 'write' || e.resource !== resource)) return false;
      if (name && (!('name' in e) || e.name !== name)) return false;
      if (ns && (!('namespace' in e) || e.namespace !== ns)) return false;
      return true;
    });
    if (flagBool(f, 'summary')) {
      const totals = new Map<string, { writes: number; bytes: number }>();
      for (const e of entries) {
        if (e.type !== 'write') continue;
        const t = totals.get(e.resource) ?? { writes: 0, bytes: 0 };
        t.writes++;
        t.bytes += e.bytes;
        totals.set(e.resource, t);
      }
      const rows = [...totals].sort(([a], [b]) => (a < b ? -1 : 1)).map(([r, t]) => [r, String(t.writes), String(t.bytes)]);
      return { stdout: rows.length ? printTable(['RESOURCE', 'WRITES', 'BYTES'], rows) : '', stderr: rows.length ? '' : 'No matching events.\n', exitCode: 0 };
    }
    const tail = flagInt(f, 'tail') ?? 20;
    const shown = tail < 0 ? entries : entries.slice(-tail);
    if (shown.length === 0) return { stdout: '', stderr: 'No matching events.\n', exitCode: 0 };
    const rows = shown.map((e) => [String(e.seq), time(e.at), ...describeEntry(e)]);
    return { stdout: printTable(['SEQ', 'TIME', 'EVENT', 'KIND', 'NAMESPACE', 'NAME', 'DETAIL', 'BY'], rows), stderr: '', exitCode: 0 };
  },
};
