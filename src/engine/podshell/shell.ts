// A shell in a container of a pod (`kubectl exec`): the image's shell with the programs the
// image ships, acting in the pod's network namespace, with the kubelet's files and env.

import type { Container, Pod } from '../api/types.ts';
import { resolvConfOf } from '../dns/index.ts';
import { CommandRegistry, MemoryFileSystem, STANDARD_COMMANDS, Shell, shellQuote, type ShellOutput } from '../shell/index.ts';
import type { CommandDescriptor, CommandResult } from '../shell/types.ts';
import type { Simulation } from '../simulation.ts';
import { podPrograms } from './commands.ts';
import { containerEnv } from './env.ts';
import { podFiles } from './files.ts';
import { imageProfile, shellPrompt, type ImageProfile } from './profiles.ts';
import type { PodWorld } from './types.ts';

export function createPodWorld(sim: Simulation, pod: Pod, container: Container): PodWorld {
  const profile = imageProfile(container.image);
  return {
    sim,
    pod,
    namespace: pod.metadata.namespace ?? 'default',
    name: pod.metadata.name ?? '',
    container,
    profile,
    env: containerEnv(sim, pod, container, profile),
    resolvConf: () => resolvConfOf(sim, pod),
  };
}

function podRegistry(profile: ImageProfile): CommandRegistry<PodWorld> {
  const registry = new CommandRegistry<PodWorld>();
  const all = [...(STANDARD_COMMANDS as CommandDescriptor<PodWorld>[]), ...podPrograms()];
  for (const d of all) if (profile.programs.has(d.name)) registry.register(d);
  return registry;
}

/** The shell of an exec into `container` of `pod`. */
export class PodShell {
  readonly world: PodWorld;
  readonly shell: Shell<PodWorld>;

  constructor(sim: Simulation, pod: Pod, container: Container, readonly shellName = 'sh') {
    this.world = createPodWorld(sim, pod, container);
    const fs = new MemoryFileSystem({ files: podFiles(sim, pod), now: () => sim.scenario.epochMs + sim.clock.now() });
    fs.mkdir('/root', true);
    fs.chdir(this.world.profile.cwd);
    this.shell = new Shell({ registry: podRegistry(this.world.profile), world: this.world, fs, env: Object.fromEntries(this.world.env) });
  }

  prompt(): string {
    return shellPrompt(this.world.profile, this.shellName, this.world.name, this.shell.fs.cwd());
  }

  /** A line typed at the prompt. */
  execute(input: string): ShellOutput {
    const out = this.shell.execute(input);
    return { ...out, chunks: out.chunks.map((c) => (c.fd === 2 ? { fd: 2, text: this.notFound(c.text) } : c)) };
  }

  runLine(line: string, stdin = ''): CommandResult {
    const r = this.shell.runLine(line, stdin);
    const stderr = this.notFound(r.stderr);
    return stderr === r.stderr ? r : { stdout: r.stdout, stderr, exitCode: r.exitCode, ...(r.chunks ? { chunks: r.chunks.map((c) => (c.fd === 2 ? { fd: 2, text: this.notFound(c.text) } : c)) } : {}) };
  }

  /** busybox ash words a missing command as `sh: xyz: not found`. */
  private notFound(text: string): string {
    if (this.world.profile.kind === 'bash' && /(^|\/)bash$/.test(this.shellName)) return text;
    // dash (Debian's sh) adds the line number.
    return text.replace(/^bash: (.+): command not found$/gm, this.world.profile.kind === 'bash' ? 'sh: 1: $1: not found' : 'sh: $1: not found');
  }
}

export type ExecResult = { ok: true; result: CommandResult } | { ok: false; missing: string };

/**
 * Runs argv in the container as the runtime does (no shell in between, unless argv is one):
 * `missing` when the image has no such executable.
 */
export function execInPod(sim: Simulation, pod: Pod, container: Container, argv: string[], stdin: string): ExecResult {
  const [cmd, ...rest] = argv as [string, ...string[]];
  const profile = imageProfile(container.image);
  const base = cmd.replace(/^.*\//, '');
  if (profile.shells.includes(cmd)) {
    const sh = new PodShell(sim, pod, container, cmd);
    if (rest[0] === '-c') return { ok: true, result: rest[1] === undefined ? { stdout: '', stderr: `${base}: -c: option requires an argument\n`, exitCode: 2 } : sh.runLine(rest[1], stdin) };
    // Without a terminal the shell reads its commands from stdin.
    return { ok: true, result: sh.runLine(stdin) };
  }
  if (!profile.programs.has(base) && !['echo', 'printf', 'true', 'false', 'pwd', 'test', 'kill'].includes(base)) return { ok: false, missing: cmd };
  return { ok: true, result: new PodShell(sim, pod, container, 'sh').runLine([base, ...rest].map(shellQuote).join(' '), stdin) };
}
