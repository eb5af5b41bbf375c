// `docker` on the machine that runs the kind cluster (Docker 28 CLI): `docker ps` lists the
// node containers, `docker exec` runs a command in one or opens a shell on it.

import { shellQuote } from '../shell/index.ts';
import type { CommandDescriptor, CommandResult } from '../shell/types.ts';
import type { Simulation } from '../simulation.ts';

const EXEC_USAGE = 'Usage:  docker exec [OPTIONS] CONTAINER COMMAND [ARG...]';

const EXEC_HELP = `${EXEC_USAGE}

Execute a command in a running container

Aliases:
  docker container exec, docker exec

Options:
  -d, --detach               Detached mode: run command in the background
      --detach-keys string   Override the key sequence for detaching a
                             container
  -e, --env list             Set environment variables
      --env-file list        Read in a file of environment variables
  -i, --interactive          Keep STDIN open even if not attached
      --privileged           Give extended privileges to the command
  -t, --tty                  Allocate a pseudo-TTY
  -u, --user string          Username or UID (format:
                             "<name|uid>[:<group|gid>]")
  -w, --workdir string       Working directory inside the container
`;

const DOCKER_HELP = `Usage:  docker [OPTIONS] COMMAND

A self-sufficient runtime for containers

Common Commands:
  exec        Execute a command in a running container
  ps          List containers
`;

/** When the kind node containers were created and started, relative to the cluster's t=0. */
const CREATED_AT_MS = -45_000;
const STARTED_AT_MS = -44_000;

/** FNV-1a over a string with a seed: reproducible ids and ports per cluster. */
function fnv(s: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

export function containerId(sim: Simulation, node: string): string {
  const a = fnv(node, sim.seed).toString(16).padStart(8, '0');
  const b = fnv(`${node}/id`, sim.seed).toString(16).padStart(8, '0');
  return (a + b).slice(0, 12);
}

/** The host port docker published the control plane's API server on (127.0.0.1:PORT->6443). */
export function apiServerHostPort(sim: Simulation): number {
  return 32768 + (fnv(sim.scenario.clusterName, sim.seed) % (60999 - 32768));
}

/** go-units HumanDuration, as docker prints CREATED and STATUS. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.floor(seconds / 60);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.round(ms / 3_600_000);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.floor(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.floor(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24 / 30)} months`;
  return `${Math.floor(ms / 3_600_000 / 24 / 365)} years`;
}

/** text/tabwriter with docker's settings (minwidth 10, padding 3); widths count runes. */
function table(rows: string[][]): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, [...c].length)));
  return rows
    .map((r) => r.map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat(Math.max(10, (widths[i] as number) + 3) - [...c].length))).join(''))
    .map((l) => `${l}\n`)
    .join('');
}

function dockerPs(sim: Simulation, args: string[]): CommandResult {
  let quiet = false;
  for (const a of args) {
    if (a === '-q' || a === '--quiet') quiet = true;
    else if (a === '-a' || a === '--all' || a === '--no-trunc') continue;
    else if (a.startsWith('-')) return { stdout: '', stderr: `unknown shorthand flag: '${a.replace(/^-+/, '')[0]}' in ${a}\nSee 'docker ps --help'.\n`, exitCode: 125 };
    else return { stdout: '', stderr: `"docker ps" accepts no arguments.\nSee 'docker ps --help'.\n\nUsage:  docker ps [OPTIONS]\n\nList containers\n`, exitCode: 1 };
  }
  const now = sim.clock.now();
  const nodes = [...sim.scenario.nodes].reverse();
  if (quiet) return { stdout: nodes.map((n) => `${containerId(sim, n.name)}\n`).join(''), stderr: '', exitCode: 0 };
  const rows = [['CONTAINER ID', 'IMAGE', 'COMMAND', 'CREATED', 'STATUS', 'PORTS', 'NAMES']];
  for (const n of nodes) {
    rows.push([
      containerId(sim, n.name),
      `kindest/node:${sim.scenario.kubernetesVersion}`,
      '"/usr/local/bin/entr…"',
      `${humanDuration(now - CREATED_AT_MS)} ago`,
      `Up ${humanDuration(now - STARTED_AT_MS)}`,
      n.roles.includes('control-plane') ? `127.0.0.1:${apiServerHostPort(sim)}->6443/tcp` : '',
      n.name,
    ]);
  }
  return { stdout: table(rows), stderr: '', exitCode: 0 };
}

const SHELLS = new Set(['bash', 'sh', '/bin/bash', '/bin/sh', '/usr/bin/bash']);

function dockerExec(
  sim: Simulation,
  args: string[],
  stdin: string,
  enter: (node: string) => void,
  runOnNode: (node: string, line: string, tty?: boolean) => CommandResult,
): CommandResult {
  let interactive = false;
  let tty = false;
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i] as string;
    if (!a.startsWith('-') || a === '-') break;
    if (a === '--help') return { stdout: EXEC_HELP, stderr: '', exitCode: 0 };
    if (a === '--interactive') interactive = true;
    else if (a === '--tty') tty = true;
    else if (a === '--privileged' || a === '--detach' || a === '-d') continue;
    else if (['-e', '--env', '-u', '--user', '-w', '--workdir', '--env-file', '--detach-keys'].includes(a)) i++;
    else if (/^--(env|user|workdir|env-file|detach-keys)=/.test(a)) continue;
    else if (/^-[itd]+$/.test(a)) {
      interactive ||= a.includes('i');
      tty ||= a.includes('t');
    } else {
      const flag = a.startsWith('--') ? `unknown flag: ${a}` : `unknown shorthand flag: '${a[1]}' in ${a}`;
      return { stdout: '', stderr: `${flag}\nSee 'docker exec --help'.\n`, exitCode: 125 };
    }
  }
  const [container, ...command] = args.slice(i);
  if (container === undefined || command.length === 0) {
    return { stdout: '', stderr: `docker: 'docker exec' requires at least 2 arguments\n\n${EXEC_USAGE}\n\nSee 'docker exec --help' for more information\n`, exitCode: 1 };
  }
  const node = sim.scenario.nodes.find((n) => n.name === container || containerId(sim, n.name).startsWith(container));
  if (!node) return { stdout: '', stderr: `Error response from daemon: No such container: ${container}\n`, exitCode: 1 };
  const [cmd, ...rest] = command as [string, ...string[]];
  if (SHELLS.has(cmd)) {
    if (rest[0] === '-c' && rest[1] !== undefined) return runOnNode(node.name, rest[1], tty);
    if (rest.length === 0) {
      if (interactive && tty) {
        enter(node.name);
        return { stdout: '', stderr: '', exitCode: 0 };
      }
      // Without a terminal bash reads its commands from stdin (none without -i).
      return interactive ? runOnNode(node.name, stdin) : { stdout: '', stderr: '', exitCode: 0 };
    }
  }
  const result = runOnNode(node.name, command.map(shellQuote).join(' '), tty);
  if (result.exitCode === 127 && result.stderr === `bash: ${cmd}: command not found\n`) {
    return {
      stdout: '',
      stderr: `OCI runtime exec failed: exec failed: unable to start container process: exec: "${cmd}": executable file not found in $PATH: unknown\n`,
      exitCode: 127,
    };
  }
  return result;
}

/**
 * `docker`: `enter(node)` is called for an interactive shell (`docker exec -it NODE bash`);
 * `runOnNode(node, line, tty)` runs one command line in a node shell and returns its output
 * (`tty`: -t, Ctrl-C reaches the program).
 */
export function dockerCommand(
  enter: (node: string) => void,
  runOnNode: (node: string, line: string, tty?: boolean) => CommandResult,
): CommandDescriptor<Simulation> {
  return {
    name: 'docker',
    summary: 'the container runtime the kind nodes run in (ps, exec)',
    help: DOCKER_HELP,
    ownHelp: true,
    run(ctx) {
      const [sub, ...rest] = ctx.args;
      if (sub === undefined || sub === '--help' || sub === '-h') return { stdout: DOCKER_HELP, stderr: '', exitCode: 0 };
      if (sub === 'ps') return dockerPs(ctx.world, rest);
      if (sub === 'exec') return dockerExec(ctx.world, rest, ctx.stdin, enter, runOnNode);
      if (sub === 'container' && (rest[0] === 'ls' || rest[0] === 'list' || rest[0] === 'ps')) return dockerPs(ctx.world, rest.slice(1));
      if (sub === 'container' && rest[0] === 'exec') return dockerExec(ctx.world, rest.slice(1), ctx.stdin, enter, runOnNode);
      return { stdout: '', stderr: `docker: unknown command: docker ${sub}\n\nRun 'docker --help' for more information\n`, exitCode: 1 };
    },
  };
}
