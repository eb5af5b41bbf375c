// `kubectl exec` (kubectl v1.33, cmd/exec/exec.go): runs a command in a container of a pod, in
// the pod's network namespace (podshell/). Errors are kubectl's, the API server's (a container
// not in the spec) or the kubelet's (a container that is not running, relayed as "unable to
// upgrade connection"); a command that fails is reported as "command terminated with exit code N".

import type { Container, KubeObject, Pod } from '../../api/types.ts';
import { enterPodShell, execInPod, imageProfile } from '../../podshell/index.ts';
import { runRelayed } from '../../shell/foreground.ts';
import type { CommandResult } from '../../shell/types.ts';
import { flagBool, flagString, parseGoDuration } from '../flags.ts';
import { resolveTypeOrError } from '../resourceArgs.ts';
import type { Invocation, KubectlCommand } from '../types.ts';
import { EXEC_FLAGS, EXEC_HELP } from './execHelp.ts';
import { completeLogs } from './logsComplete.ts';
import { logsTargets } from './logsTargets.ts';

const DEFAULT_CONTAINER_ANNOTATION = 'kubectl.kubernetes.io/default-container';
const DEPRECATED = 'kubectl exec [POD] [COMMAND] is DEPRECATED and will be removed in a future version. Use kubectl exec [POD] -- [COMMAND] instead.\n';

const fail = (notes: string, text: string, exitCode = 1): CommandResult => ({ stdout: '', stderr: notes + text, exitCode });

/** cobra's ArgsLenAtDash: how many positional arguments came before `--` (-1: no `--`). */
function argsLenAtDash(inv: Invocation): number {
  const raw = inv.shell.args;
  const dash = raw.indexOf('--');
  return dash < 0 ? -1 : inv.args.length - (raw.length - dash - 1);
}

type Found = { ok: true; pod: Pod } | { ok: false; error: string };

/** The builder + AttachablePodForObjectFn: a pod, or the first pod of a workload / Service. */
function findPod(inv: Invocation, resource: string): Found {
  let type = 'pods';
  let name = resource;
  if (resource.includes('/')) {
    const seg = resource.split('/');
    if (seg.length !== 2) return { ok: false, error: 'error: arguments in resource/name form may not have more than one slash\n' };
    [type, name] = seg as [string, string];
  }
  const r = resolveTypeOrError(type);
  if (!r.ok) return { ok: false, error: `${r.error}\n` };
  if (name === '') return { ok: false, error: 'error: resource name may not be empty\n' };
  const object = inv.sim.api.get<KubeObject>(r.info.resource, r.info.namespaced ? inv.namespace : '', name);
  if (!object) return { ok: false, error: `Error from server (NotFound): ${inv.sim.api.qualified(r.info.resource)} "${name}" not found\n` };
  if (r.info.kind === 'Pod') return { ok: true, pod: object as Pod };
  const timeout = parseGoDuration(flagString(inv.flags, 'pod-running-timeout') ?? '1m0s') ?? 60_000;
  const t = logsTargets(inv.sim, { object, info: r.info }, { container: '', allContainers: true, allPods: false, podRunningTimeoutMs: timeout });
  if (!t.ok) return { ok: false, error: t.error.replace('cannot get the logs from', 'cannot attach to') };
  return { ok: true, pod: t.requests[0]!.pod };
}

/** podcmd.FindOrDefaultContainerByName with an empty name: the annotated or first container. */
function defaultContainer(pod: Pod, quiet: boolean): { container: Container; notes: string } {
  const all = [...pod.spec.containers, ...(pod.spec.initContainers ?? [])];
  let notes = '';
  const annotated = pod.metadata.annotations?.[DEFAULT_CONTAINER_ANNOTATION];
  if (annotated) {
    const c = all.find((x) => x.name === annotated);
    if (c) return { container: c, notes };
    if (!quiet) notes += `Default container name "${annotated}" not found in pod ${pod.metadata.name ?? ''}\n`;
  }
  const container = pod.spec.containers[0]!;
  if (!quiet && all.length > 1) {
    const names = [...pod.spec.containers.map((c) => c.name), ...(pod.spec.initContainers ?? []).map((c) => `${c.name} (init)`)].join(', ');
    notes += `Defaulted container "${container.name}" out of: ${names}\n`;
  }
  return { container, notes };
}

/** containerd's id for an exec process: 64 hex digits, stable per pod and command. */
function execId(pod: Pod, argv: string[]): string {
  let out = '';
  for (let k = 0; out.length < 64; k++) {
    let h = 0x811c9dc5 ^ k;
    for (const ch of `${pod.metadata.uid ?? ''}/${argv.join(' ')}/${k}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
    out += h.toString(16).padStart(8, '0');
  }
  return out;
}

function run(inv: Invocation): CommandResult {
  const quiet = flagBool(inv.flags, 'quiet');
  const dash = argsLenAtDash(inv);
  const args = inv.args;
  let notes = '';
  const resource = args.length > 0 && dash !== 0 ? args[0]! : '';
  let command: string[] = [];
  if (dash > -1) command = args.slice(dash);
  else if (args.length > 1) {
    if (!quiet) notes += DEPRECATED;
    command = args.slice(1);
  }
  if (resource === '') return fail(notes, 'error: pod, type/name or --filename must be specified\n');
  if (command.length === 0) return fail(notes, 'error: you must specify at least one command for the container\n');
  const found = findPod(inv, resource);
  if (!found.ok) return fail(notes, found.error);
  const pod = found.pod;
  const podName = pod.metadata.name ?? '';
  const phase = pod.status.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return fail(notes, `error: cannot exec into a container in a completed pod; current phase is ${phase}\n`);
  let container: Container | undefined;
  const named = flagString(inv.flags, 'container') ?? '';
  if (named === '') {
    const d = defaultContainer(pod, quiet);
    container = d.container;
    notes += d.notes;
  } else {
    container = [...pod.spec.containers, ...(pod.spec.initContainers ?? [])].find((c) => c.name === named);
    // The API server checks the name against the spec (pod strategy's streamLocation).
    if (!container) return fail(notes, `Error from server (BadRequest): container ${named} is not valid for pod ${podName}\n`);
  }
  if (!pod.spec.nodeName) return fail(notes, `Error from server (BadRequest): pod ${podName} does not have a host assigned\n`);
  const status = [...(pod.status.containerStatuses ?? []), ...((pod.status['initContainerStatuses'] as typeof pod.status.containerStatuses) ?? [])].find((s) => s.name === container.name);
  // The kubelet finds no running container of that name (still creating, crashed, restarting).
  if (!status?.state.running) return fail(notes, `error: unable to upgrade connection: container not found ("${container.name}")\n`);
  const stdin = flagBool(inv.flags, 'stdin');
  const tty = flagBool(inv.flags, 'tty');
  const [cmd, ...rest] = command as [string, ...string[]];
  const profile = imageProfile(container.image);
  if (stdin && tty && rest.length === 0 && profile.shells.includes(cmd) && enterPodShell(inv.sim, pod, container, cmd)) {
    return { stdout: '', stderr: notes, exitCode: 0 };
  }
  // A program that keeps running (ping) in the page: with -t Ctrl-C reaches it; without, it kills kubectl (130).
  const relay = { tty, exit: (code: number) => ({ text: code === 0 ? '' : `command terminated with exit code ${code}\n`, exitCode: code }) };
  // A shell's script (`sh -c 'ping X; echo'`) keeps running only as one simple command.
  const script = profile.shells.includes(cmd) ? (rest[0] === '-c' ? (rest[1] ?? '') : stdin ? inv.shell.stdin : '') : undefined;
  const result = runRelayed(inv.sim, relay, () => execInPod(inv.sim, pod, container, command, stdin ? inv.shell.stdin : ''), script);
  if (!result.ok) {
    return fail(
      notes,
      `error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "${execId(pod, command)}": OCI runtime exec failed: exec failed: unable to start container process: exec: "${result.missing}": executable file not found in $PATH: unknown\n`,
    );
  }
  const r = result.result;
  const chunks = [...(notes ? [{ fd: 2 as const, text: notes }] : []), ...(r.chunks ?? [{ fd: 1 as const, text: r.stdout }, { fd: 2 as const, text: r.stderr }]).filter((c) => c.text !== '')];
  let stderr = notes + r.stderr;
  if (r.exitCode !== 0) {
    const text = `command terminated with exit code ${r.exitCode}\n`;
    chunks.push({ fd: 2, text });
    stderr += text;
  }
  return { stdout: r.stdout, stderr, exitCode: r.exitCode, chunks };
}

export const execCommand: KubectlCommand = {
  name: 'exec',
  short: 'Execute a command in a container',
  group: 'Troubleshooting and Debugging Commands:',
  flags: EXEC_FLAGS,
  help: EXEC_HELP,
  run,
  // Pods and TYPE/ like logs; nothing after `--` (the command runs in the container).
  complete: (words, sim) => (words.slice(0, -1).includes('--') ? [] : completeLogs(words, sim, EXEC_FLAGS)),
};
