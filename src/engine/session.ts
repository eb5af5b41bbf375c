// A terminal session on the simulated cluster: the user's own shell (kubectl, the text
// utilities, Proxyscope's commands), and node shells stacked on top of it by
// `ssh NODE` / `docker exec -it NODE bash` until `exit`, or pod shells by
// `kubectl exec -it POD -- sh`.

import { curlCommand, makeCurlCommand } from './commands/curl.ts';
import { journalCommand } from './commands/journal.ts';
import { traceCommand } from './commands/trace.ts';
import { kubectlDescriptor } from './kubectl/kubectl.ts';
import { PodShell, setPodShellEntry } from './podshell/index.ts';
import { createNodeShell, dockerCommand, leaveText, networkDeps, nodePrompt, sshCommand, type NodeDeps, type NodeWorld } from './nodeshell/index.ts';
import { runInForeground, type LiveOutput } from './shell/foreground.ts';
import { Shell, createStandardRegistry, type Completion, type ShellOutput } from './shell/index.ts';
import { Parser } from './shell/parser.ts';
import type { CommandResult } from './shell/types.ts';
import type { Simulation } from './simulation.ts';

/** The user's own machine: where kubectl runs. */
export const HOST_PROMPT = '$ ';

/** A command still printing in the terminal (`kubectl get -w`), from `Session.begin`. */
export interface RunningCommand {
  /** What it printed since the last call ('' when nothing new). */
  drain(): string;
  /**
   * Ctrl-C: stops it. Returns what it printed last and the terminal's `^C` echo; kubectl's
   * interrupt handler exits with status 1 (and bash starts no new line for it).
   */
  stop(): { text: string; exitCode: number };
}

export interface Begun {
  /** What the line printed before returning (all of it when nothing keeps running). */
  output: ShellOutput;
  running?: RunningCommand;
}

interface NodeFrame {
  node: string;
  via: 'ssh' | 'docker';
  shell: Shell<NodeWorld>;
}

/** A shell in a pod's container, from `kubectl exec -it`. */
interface PodFrame {
  via: 'kubectl';
  pod: PodShell;
}

type Frame = NodeFrame | PodFrame;

/** What a frame's shell runs lines in. */
const frameShell = (f: Frame): { execute(input: string): ShellOutput; isComplete(input: string): boolean; complete(line: string, cursor: number): Completion; lastExitCode: number } =>
  f.via === 'kubectl' ? f.pod.shell : f.shell;

export class Session {
  readonly host: Shell<Simulation>;
  private readonly stack: Frame[] = [];
  private running: RunningCommand | undefined;

  constructor(
    readonly sim: Simulation,
    private readonly nodeDeps: () => NodeDeps | undefined = () => networkDeps(sim.network, [curlCommand]),
  ) {
    const registry = createStandardRegistry<Simulation>();
    registry.register(kubectlDescriptor);
    registry.register(journalCommand);
    registry.register(traceCommand);
    // curl on the machine that runs kind: its connections leave from the docker bridge's
    // gateway address (172.18.0.1), which reaches the nodes' IPs (NodePorts) but resolves no
    // cluster names.
    registry.register(makeCurlCommand<Simulation>(() => ({ ip: hostAddress(sim) }), (s) => s));
    const enterVia = (via: NodeFrame['via']) => (node: string) => {
      this.stack.push({ node, via, shell: createNodeShell(sim, node, this.nodeDeps()) });
    };
    const runOnNode = (node: string, line: string): CommandResult => createNodeShell(sim, node, this.nodeDeps()).runLine(line);
    registry.register(sshCommand(enterVia('ssh'), runOnNode));
    registry.register(dockerCommand(enterVia('docker'), runOnNode));
    this.host = new Shell({ registry, world: sim, env: { HOSTNAME: 'proxyscope' } });
    setPodShellEntry(sim, (pod, container, shell) => {
      this.stack.push({ via: 'kubectl', pod: new PodShell(sim, pod, container, shell) });
    });
  }

  /** The prompt for the next line: the host's, or `root@kind-worker:/# ` inside a node. */
  prompt(): string {
    const top = this.stack.at(-1);
    if (!top) return HOST_PROMPT;
    return top.via === 'kubectl' ? top.pod.prompt() : nodePrompt(top.node);
  }

  /** Where commands run now: undefined for the host (or a pod), else the node's name. */
  currentNode(): string | undefined {
    const top = this.stack.at(-1);
    return top && top.via !== 'kubectl' ? top.node : undefined;
  }

  /** The pod a `kubectl exec -it` shell runs in now (`<ns>/<name>`), else undefined. */
  currentPod(): string | undefined {
    const top = this.stack.at(-1);
    return top?.via === 'kubectl' ? `${top.pod.world.namespace}/${top.pod.world.name}` : undefined;
  }

  execute(input: string): ShellOutput {
    const top = this.stack.at(-1);
    if (!top) return this.host.execute(input);
    const out = top.via === 'kubectl' ? top.pod.execute(input) : top.shell.execute(input);
    if (!out.exit) return out;
    // Leaving a node or pod shell returns to the previous shell, not out of the session.
    this.stack.pop();
    if (top.via === 'kubectl') return leavePod(top.pod, out);
    // The exit builtin's own "exit" line is replaced by what the way in prints on the way out
    // (`exit` for docker exec, `logout` + "Connection … closed." for ssh).
    const chunks = out.chunks.filter((c, i) => !(i === out.chunks.length - 1 && c.fd === 2 && c.text === 'exit\n'));
    return { chunks: [...chunks, { fd: 2, text: leaveText(top.via, top.node) }], exitCode: out.exitCode };
  }

  /**
   * The interactive terminal's way to run a line: like `execute`, but a watch typed as the
   * whole line keeps running — `running` hands over its further output as virtual time
   * passes, until `stop()`. Anything else (pipes, redirections, node shells, a second watch
   * while one runs) runs as headless.
   */
  begin(input: string): Begun {
    // A line sent while a watch runs (the page's own checks, not the user: the terminal sends
    // nothing but Ctrl-C then) runs beside it, as from a second terminal.
    if (this.running || this.stack.length > 0 || !isForegroundLine(this.host, input)) return { output: this.execute(input) };
    const { result, live } = runInForeground(this.sim, () => this.host.execute(input));
    if (!live) return { output: result };
    const running = this.track(live);
    this.running = running;
    return { output: result, running };
  }

  private track(live: LiveOutput): RunningCommand {
    let stopped = false;
    const handle: RunningCommand = {
      drain: () => (stopped ? '' : live.take()),
      stop: () => {
        if (stopped) return { text: '', exitCode: this.host.lastExitCode };
        stopped = true;
        if (this.running === handle) this.running = undefined;
        const text = live.take();
        live.stop();
        this.host.lastExitCode = 1;
        return { text: `${text}^C`, exitCode: 1 };
      },
    };
    return handle;
  }

  /** Ctrl-C at the prompt: bash drops the line being typed and sets `$?` to 130. */
  cancelLine(): void {
    const top = this.stack.at(-1);
    (top ? frameShell(top) : this.host).lastExitCode = 130;
  }

  isComplete(input: string): boolean {
    const top = this.stack.at(-1);
    return (top ? frameShell(top) : this.host).isComplete(input);
  }

  complete(line: string, cursor: number): Completion {
    const top = this.stack.at(-1);
    return (top ? frameShell(top) : this.host).complete(line, cursor);
  }
}

/**
 * Leaving `kubectl exec -it`: bash prints "exit" (busybox ash prints nothing); a shell that
 * exits non-zero makes kubectl report it and exit with that status.
 */
function leavePod(pod: PodShell, out: ShellOutput): ShellOutput {
  const isBash = pod.world.profile.kind === 'bash' && /(^|\/)bash$/.test(pod.shellName);
  const chunks = out.chunks.filter((c, i) => isBash || !(i === out.chunks.length - 1 && c.fd === 2 && c.text === 'exit\n'));
  if (out.exitCode !== 0) chunks.push({ fd: 2, text: `command terminated with exit code ${out.exitCode}\n` });
  return { chunks, exitCode: out.exitCode };
}

/**
 * True when `input` is one simple command writing to the terminal: no pipe, list, redirection,
 * substitution or background `&`, not a function, and (through aliases) again such a command.
 * Only such a command may keep running; a watch inside anything else runs as headless.
 */
function isForegroundLine(shell: Shell<Simulation>, input: string, depth = 0): boolean {
  if (depth > 10) return false;
  let list;
  try {
    const parser = new Parser(input);
    list = parser.parseCommandLine();
    if (list === null || parser.parseCommandLine() !== null) return false;
  } catch {
    return false;
  }
  const item = list.items[0];
  if (list.items.length !== 1 || !item || item.background || item.andOr.rest.length > 0) return false;
  const pipeline = item.andOr.first;
  const cmd = pipeline.cmds[0];
  if (pipeline.bang || pipeline.cmds.length !== 1 || cmd?.kind !== 'simple' || cmd.redirs.length > 0) return false;
  if (cmd.words.some((w) => w.parts.some((p) => p.kind === 'cmdsub'))) return false;
  const name = cmd.words[0]?.raw;
  if (name === undefined || shell.functions.has(name)) return false;
  const alias = shell.aliases.get(name);
  return alias === undefined || isForegroundLine(shell, alias, depth + 1);
}

export function createSession(sim: Simulation, nodeDeps?: () => NodeDeps | undefined): Session {
  return new Session(sim, nodeDeps);
}

/** The docker bridge gateway's address: where the host's own connections to the nodes come from. */
function hostAddress(sim: Simulation): string {
  return [...(sim.network.host('gateway')?.addresses ?? [])].find((a) => !a.startsWith('127.')) ?? '172.18.0.1';
}
