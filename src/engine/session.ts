// A terminal session on the simulated cluster: the user's own shell (kubectl, the text
// utilities, Proxyscope's commands), and node shells stacked on top of it by
// `ssh NODE` / `docker exec -it NODE bash` until `exit`.

import { curlCommand } from './commands/curl.ts';
import { journalCommand } from './commands/journal.ts';
import { traceCommand } from './commands/trace.ts';
import { kubectlDescriptor } from './kubectl/kubectl.ts';
import { createNodeShell, dockerCommand, leaveText, networkDeps, nodePrompt, sshCommand, type NodeDeps, type NodeWorld } from './nodeshell/index.ts';
import { Shell, createStandardRegistry, type Completion, type ShellOutput } from './shell/index.ts';
import type { CommandResult } from './shell/types.ts';
import type { Simulation } from './simulation.ts';

/** The user's own machine: where kubectl runs. */
export const HOST_PROMPT = '$ ';

interface NodeFrame {
  node: string;
  via: 'ssh' | 'docker';
  shell: Shell<NodeWorld>;
}

export class Session {
  readonly host: Shell<Simulation>;
  private readonly stack: NodeFrame[] = [];

  constructor(
    readonly sim: Simulation,
    private readonly nodeDeps: () => NodeDeps | undefined = () => networkDeps(sim.network, [curlCommand]),
  ) {
    const registry = createStandardRegistry<Simulation>();
    registry.register(kubectlDescriptor);
    registry.register(journalCommand);
    registry.register(traceCommand);
    const enterVia = (via: NodeFrame['via']) => (node: string) => {
      this.stack.push({ node, via, shell: createNodeShell(sim, node, this.nodeDeps()) });
    };
    const runOnNode = (node: string, line: string): CommandResult => createNodeShell(sim, node, this.nodeDeps()).runLine(line);
    registry.register(sshCommand(enterVia('ssh'), runOnNode));
    registry.register(dockerCommand(enterVia('docker'), runOnNode));
    this.host = new Shell({ registry, world: sim, env: { HOSTNAME: 'proxyscope' } });
  }

  /** The prompt for the next line: the host's, or `root@kind-worker:/# ` inside a node. */
  prompt(): string {
    const top = this.stack.at(-1);
    return top ? nodePrompt(top.node) : HOST_PROMPT;
  }

  /** Where commands run now: undefined for the host, else the node's name. */
  currentNode(): string | undefined {
    return this.stack.at(-1)?.node;
  }

  execute(input: string): ShellOutput {
    const top = this.stack.at(-1);
    if (!top) return this.host.execute(input);
    const out = top.shell.execute(input);
    if (!out.exit) return out;
    // Leaving a node shell returns to the previous shell, not out of the session.
    this.stack.pop();
    // The exit builtin's own "exit" line is replaced by what the way in prints on the way out
    // (`exit` for docker exec, `logout` + "Connection … closed." for ssh).
    const chunks = out.chunks.filter((c, i) => !(i === out.chunks.length - 1 && c.fd === 2 && c.text === 'exit\n'));
    return { chunks: [...chunks, { fd: 2, text: leaveText(top.via, top.node) }], exitCode: out.exitCode };
  }

  isComplete(input: string): boolean {
    return (this.stack.at(-1)?.shell ?? this.host).isComplete(input);
  }

  complete(line: string, cursor: number): Completion {
    return (this.stack.at(-1)?.shell ?? this.host).complete(line, cursor);
  }
}

export function createSession(sim: Simulation, nodeDeps?: () => NodeDeps | undefined): Session {
  return new Session(sim, nodeDeps);
}
