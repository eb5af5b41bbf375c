// The shell `output` checks run on: the learner's host commands (kubectl, the text tools,
// ssh/docker exec NODE CMD) on a Shell of its own, so the learner's variables, history, files
// and node/pod shells are never touched. It cannot enter a node or pod interactively.

import { curlCommand } from '../commands/curl.ts';
import { kubectlDescriptor } from '../kubectl/kubectl.ts';
import { createNodeShell, dockerCommand, networkDeps, sshCommand } from '../nodeshell/index.ts';
import { Shell, createStandardRegistry } from '../shell/index.ts';
import type { Simulation } from '../simulation.ts';

export interface ReadOnlyOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** Runs a line the caller checked with readOnlyProblem(). */
export function runReadOnly(sim: Simulation, line: string): ReadOnlyOutput {
  const registry = createStandardRegistry<Simulation>();
  registry.register(kubectlDescriptor);
  const runOnNode = (node: string, cmd: string) => createNodeShell(sim, node, networkDeps(sim.network, [curlCommand])).runLine(cmd);
  const noEntry = (): void => undefined;
  registry.register(sshCommand(noEntry, runOnNode));
  registry.register(dockerCommand(noEntry, runOnNode));
  const shell = new Shell({ registry, world: sim, env: { HOSTNAME: 'proxyscope' } });
  const out = shell.execute(line);
  return {
    stdout: out.chunks.filter((c) => c.fd === 1).map((c) => c.text).join(''),
    stderr: out.chunks.filter((c) => c.fd === 2).map((c) => c.text).join(''),
    exitCode: out.exitCode,
  };
}
