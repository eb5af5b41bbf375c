// Per-lesson command gating (FORMAT.md `commands:`): a line is refused when any simple command
// it would run — pipeline stages, list members, substitutions, and the command a wrapper runs
// (`sudo X`, `xargs X`, `ssh NODE X`, `docker exec NODE X`, `kubectl exec POD -- X`,
// `sh -c 'X'`, `eval X`) — is disabled, or not in the allow list. The refusal reads like bash's
// "command not found", and the caller sets exit status 127 as bash does.

import type { CommandGate } from './types.ts';
import { simpleCommands, type SimpleWords } from './commands.ts';

/** The exit status of a refused line (bash: command not found). */
export const GATED_EXIT_CODE = 127;

/** Always available, even with an allow list: leaving a node or pod shell must stay possible. */
const ALWAYS = new Set(['exit', 'logout', 'clear', 'help']);

const MAX_DEPTH = 8;

export const gatedMessage = (name: string): string => `bash: ${name}: command not available in this lesson\n`;

/** undefined: the line may run; else the stderr to print (then exit status 127). */
export function gateCommand(gate: CommandGate | undefined, line: string): string | undefined {
  if (!gate || (!gate.allow && !gate.disable)) return undefined;
  return gateLine(gate, line, 0);
}

function gateLine(gate: CommandGate, line: string, depth: number): string | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const found = simpleCommands(line);
  // A line that does not parse runs nothing: the shell prints its syntax error.
  if (!found.ok) return undefined;
  for (const cmd of found.commands) {
    const refused = gateSimple(gate, cmd, depth);
    if (refused) return refused;
  }
  return undefined;
}

function refuses(gate: CommandGate, name: string | undefined): boolean {
  if (name === undefined) return gate.allow !== undefined; // computed name: only a deny list lets it through
  const base = name.slice(name.lastIndexOf('/') + 1);
  if (ALWAYS.has(base)) return false;
  if (gate.allow) return !gate.allow.includes(base);
  return gate.disable?.includes(base) ?? false;
}

function gateSimple(gate: CommandGate, cmd: SimpleWords, depth: number): string | undefined {
  const name = cmd.words[0];
  if (refuses(gate, name)) return gatedMessage(name ?? cmd.raw[0] ?? '');
  const inner = wrapped(cmd.words);
  if (inner === undefined) return undefined;
  return gateLine(gate, inner, depth + 1);
}

/** Options (with a value) of the wrappers, so the wrapped command's first word is found. */
const SSH_VALUE_OPTS = new Set(['-b', '-c', '-D', '-E', '-e', '-F', '-I', '-i', '-J', '-L', '-l', '-m', '-O', '-o', '-p', '-Q', '-R', '-S', '-W', '-w']);
const DOCKER_VALUE_OPTS = new Set(['-e', '--env', '-u', '--user', '-w', '--workdir', '--env-file', '--detach-keys']);
const PREFIX_WRAPPERS = new Set(['sudo', 'command', 'builtin', 'exec', 'env', 'nohup', 'time', 'xargs', 'watch', 'nice', 'timeout']);

/** The command line a wrapper would run (its words re-joined), or undefined. */
export function wrapped(words: readonly (string | undefined)[]): string | undefined {
  const name = words[0];
  if (name === undefined) return undefined;
  const rest = words.slice(1);
  const join = (ws: readonly (string | undefined)[]): string | undefined => (ws.length && ws.every((w) => w !== undefined) ? ws.map(quote).join(' ') : undefined);
  const base = name.slice(name.lastIndexOf('/') + 1);
  if (base === 'eval') return rest.every((w) => w !== undefined) ? rest.join(' ') : undefined;
  if ((base === 'sh' || base === 'bash' || base === 'ash') && rest[0] === '-c') return rest[1];
  if (PREFIX_WRAPPERS.has(base)) {
    let i = 0;
    while (i < rest.length && (rest[i]?.startsWith('-') || (base === 'env' && /^[A-Za-z_]\w*=/.test(rest[i] ?? '')))) i++;
    if (base === 'timeout') i++; // the duration
    return join(rest.slice(i));
  }
  if (base === 'ssh') {
    let i = 0;
    while (i < rest.length && rest[i]?.startsWith('-')) i += SSH_VALUE_OPTS.has(rest[i]!) ? 2 : 1;
    // ssh hands the remote shell its words joined by spaces (it re-parses them).
    const remote = rest.slice(i + 1);
    return remote.length && remote.every((w) => w !== undefined) ? remote.join(' ') : undefined;
  }
  if (base === 'docker' && rest[0] === 'exec') {
    let i = 1;
    while (i < rest.length && rest[i]?.startsWith('-')) i += DOCKER_VALUE_OPTS.has(rest[i]!) ? 2 : 1;
    return join(rest.slice(i + 1));
  }
  if (base === 'kubectl' && rest.includes('exec')) {
    const dd = rest.indexOf('--');
    return dd >= 0 ? join(rest.slice(dd + 1)) : undefined;
  }
  return undefined;
}

/** Single-quotes a word for re-parsing when it needs it. */
function quote(w: string | undefined): string {
  const s = w ?? '';
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
