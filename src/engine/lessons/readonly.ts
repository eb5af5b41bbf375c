// The commands an `output` check may run: they only read the cluster (kubectl get/describe/
// logs, iptables-save, iptables -L/-S, conntrack -L/-C/-S/-G, ip route/addr/link/neigh), text
// tools over their output, and those through `ssh NODE …` / `docker exec NODE …`. Anything
// that could change what the learner sees (writes, traffic, zeroed counters, watches) is
// refused, with the reason.

import { simpleCommands, type SimpleWords } from './commands.ts';
import { wrapped } from './gate.ts';

const TEXT_TOOLS = new Set([
  'cat', 'grep', 'egrep', 'fgrep', 'awk', 'sed', 'sort', 'uniq', 'wc', 'head', 'tail', 'cut', 'tr', 'echo', 'printf',
  'seq', 'true', 'false', 'test', '[', 'column', 'tac', 'rev', 'nl', 'paste', 'fold',
]);

export const READONLY_HELP =
  'an output check runs read-only commands only (kubectl get/describe/logs, iptables-save, iptables -L/-S, ' +
  'conntrack -L/-C/-S, ip route/addr, text tools such as grep, awk, sort, wc, and these through ssh NODE or docker exec NODE)';

/** undefined when `line` only reads; else why not (a sentence without the file prefix). */
export function readOnlyProblem(line: string, depth = 0): string | undefined {
  const found = simpleCommands(line);
  if (!found.ok) return `output check: '${line}' does not parse: ${found.error}`;
  if (found.commands.length === 0) return `output check: no command`;
  for (const cmd of found.commands) {
    const why = simpleProblem(cmd, depth);
    if (why) return why;
  }
  return undefined;
}

function refused(name: string, reason?: string): string {
  return `output check: '${name}' is not allowed${reason ? ` (${reason})` : ''}: ${READONLY_HELP}`;
}

function simpleProblem(cmd: SimpleWords, depth: number): string | undefined {
  const words = cmd.words;
  const name = words[0];
  const shown = cmd.raw.join(' ');
  if (name === undefined || words.some((w) => w === undefined)) return refused(shown, 'computed words');
  const args = words.slice(1) as string[];
  if (TEXT_TOOLS.has(name)) return undefined;
  switch (name) {
    case 'kubectl':
      return kubectlProblem(shown, args);
    case 'iptables-save':
    case 'ip6tables-save':
      return undefined;
    case 'iptables':
    case 'ip6tables':
      return iptablesProblem(shown, args);
    case 'conntrack':
      return conntrackProblem(shown, args);
    case 'ip':
      return ipProblem(shown, args);
    case 'ssh':
    case 'docker': {
      if (name === 'docker' && args[0] !== 'exec') return refused(shown);
      const inner = wrapped(words);
      if (inner === undefined || depth > 2) return refused(shown, 'give the command to run on the node');
      return readOnlyProblem(inner, depth + 1);
    }
  }
  return refused(shown);
}

const KUBECTL_VALUE_FLAGS = new Set(['-n', '--namespace', '--context', '--cluster', '--kubeconfig', '-s', '--server', '--user']);

function kubectlProblem(shown: string, args: string[]): string | undefined {
  let i = 0;
  while (i < args.length && args[i]!.startsWith('-')) i += KUBECTL_VALUE_FLAGS.has(args[i]!) ? 2 : 1;
  const verb = args[i];
  if (verb !== 'get' && verb !== 'describe' && verb !== 'logs') return refused(shown);
  if (args.some((a) => /^(-w|--watch|--watch-only|-f|--follow)(=|$)/.test(a))) return refused(shown, 'a watch or follow never ends');
  return undefined;
}

function iptablesProblem(shown: string, args: string[]): string | undefined {
  let listing = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-t' || a === '--table') {
      i++;
      continue;
    }
    if (a === '--list' || a === '--list-rules') listing = true;
    else if (a.startsWith('--')) {
      if (!['--numeric', '--verbose', '--exact', '--line-numbers', '--wait'].includes(a.split('=')[0]!)) return refused(shown);
    } else if (a.startsWith('-')) {
      const letters = a.slice(1);
      if (!/^[LSnvxtw]+$/.test(letters)) return refused(shown, 'only -L and -S list rules');
      if (/[LS]/.test(letters)) listing = true;
      if (letters.endsWith('t')) i++;
    }
  }
  return listing ? undefined : refused(shown, 'only -L and -S list rules');
}

const CONNTRACK_READS = new Set(['-L', '--dump', '-C', '--count', '-S', '--stats', '-G', '--get']);
const CONNTRACK_WRITES = new Set(['-D', '--delete', '-F', '--flush', '-E', '--event', '-U', '--update', '-I', '--create', '-z', '--zero']);

function conntrackProblem(shown: string, args: string[]): string | undefined {
  if (args.some((a) => CONNTRACK_WRITES.has(a))) return refused(shown, 'it changes or streams the table');
  return args.some((a) => CONNTRACK_READS.has(a)) ? undefined : refused(shown, 'only -L, -C, -S and -G read the table');
}

function ipProblem(shown: string, args: string[]): string | undefined {
  const rest = args.filter((a) => !a.startsWith('-'));
  const obj = rest[0];
  const ok = obj !== undefined && ['route', 'r', 'ro', 'addr', 'a', 'address', 'link', 'l', 'neigh', 'n'].includes(obj) && (rest[1] === undefined || ['show', 'list', 'ls', 'get'].includes(rest[1]));
  return ok ? undefined : refused(shown, 'only ip route/addr/link/neigh show');
}
