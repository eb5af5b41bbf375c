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
import { isForegroundLine, runInForeground, runRelayed, type LiveOutput } from './shell/foreground.ts';
import { Shell, createStandardRegistry, type Completion, type ShellOutput } from './shell/index.ts';
import type { CommandResult } from './shell/types.ts';
import type { Simulation } from './simulation.ts';

/** The user's own machine: where kubectl runs. */
export const HOST_PROMPT = '$ ';

/** A command still printing in the terminal (`kubectl get -w`, `tcpdump`, `ping`), from `Session.begin`. */
export interface RunningCommand {
  /** What it printed since the last call ('' when nothing new). */
  drain(): string;
  /** Its exit status once it ended by itself (`tcpdump -c N`) and a drain handed over its last output. */
  exited(): number | undefined;
  /**
   * Ctrl-C: stops it. Returns what it printed last, the terminal's `^C` echo and what the
   * program prints on SIGINT (tcpdump's statistics, ping's summary), and its exit status:
   * kubectl's interrupt handler exits with 1 (and bash starts no new line for it).
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
interface LineShell {
  execute(input: string): ShellOutput;
  isComplete(input: string): boolean;
  complete(line: string, cursor: number): Completion;
  lastExitCode: number;
  readonly functions: ReadonlyMap<string, unknown>;
  readonly aliases: ReadonlyMap<string, string>;
}
const frameShell = (f: Frame): LineShell => (f.via === 'kubectl' ? f.pod.shell : f.shell);

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
    // A one-shot command on a node (`docker exec NODE tcpdump …`): with -t Ctrl-C reaches the
    // program, without a terminal it kills the client (docker: 130, ssh: cleanup_exit(255)).
    const runOnNode = (node: string, line: string, tty = false, via: NodeFrame['via'] = 'docker'): CommandResult =>
      runRelayed(sim, { tty, killedStatus: via === 'ssh' ? 255 : 130 }, () => createNodeShell(sim, node, this.nodeDeps()).runLine(line), line);
    registry.register(sshCommand(enterVia('ssh'), (node, line, tty) => runOnNode(node, line, tty, 'ssh')));
    registry.register(dockerCommand(enterVia('docker'), (node, line, tty) => runOnNode(node, line, tty, 'docker')));
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
   * The interactive terminal's way to run a line: like `execute`, but a command that keeps
   * running (a watch, tcpdump, ping), typed as the whole line at any prompt (the host's, a
   * node's or a pod's), goes on: `running` hands over its further output as virtual time
   * passes, until `stop()` or its own end. Anything else (pipes, redirections, a second one
   * while one runs) runs as headless.
   */
  begin(input: string): Begun {
    // A line sent while a command runs (the page's own checks, not the user: the terminal sends
    // nothing but Ctrl-C then) runs beside it, as from a second terminal.
    const top = this.stack.at(-1);
    const shell = top ? frameShell(top) : this.host;
    if (this.running || !isForegroundLine(shell, input)) return { output: this.execute(input) };
    const { result, live } = runInForeground(this.sim, () => this.execute(input));
    if (!live) return { output: result };
    const running = this.track(live, shell);
    this.running = running;
    return { output: result, running };
  }

  /** `live` as the terminal drives it; its exit status becomes `$?` of `shell`. */
  private track(live: LiveOutput, shell: LineShell): RunningCommand {
    let stopped = false;
    let status: number | undefined;
    const finish = (code: number): number => {
      stopped = true;
      status = code;
      shell.lastExitCode = code;
      if (this.running === handle) this.running = undefined;
      return code;
    };
    const handle: RunningCommand = {
      drain: () => {
        if (stopped) return '';
        const text = live.take();
        const code = live.exited?.();
        if (code !== undefined) finish(code);
        return text;
      },
      exited: () => status,
      stop: () => {
        if (stopped) return { text: '', exitCode: shell.lastExitCode };
        const text = live.take();
        const code = live.exited?.();
        // It ended by itself before the terminal saw it: nothing to interrupt.
        if (code !== undefined) return { text, exitCode: finish(code) };
        if (live.interrupt) {
          const last = live.interrupt();
          return { text: `${text}^C${last.text}`, exitCode: finish(last.exitCode) };
        }
        live.stop();
        return { text: `${text}^C`, exitCode: finish(1) };
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

export function createSession(sim: Simulation, nodeDeps?: () => NodeDeps | undefined): Session {
  return new Session(sim, nodeDeps);
}

/** The docker bridge gateway's address: where the host's own connections to the nodes come from. */
function hostAddress(sim: Simulation): string {
  return [...(sim.network.host('gateway')?.addresses ?? [])].find((a) => !a.startsWith('127.')) ?? '172.18.0.1';
}
