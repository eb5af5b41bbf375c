// `kubectl logs` (kubectl/pkg/cmd/logs, v1.33): Complete (arguments, options, the builder's
// GET or -l LIST of pods), Validate, then RunLogs: one log request per container, consumed one
// after another, or all at once with -f. Following prints what the containers write while the
// cluster settles (headless), or as virtual time runs until Ctrl-C in the page's terminal
// (shell/foreground.ts); a followed container's restart ends its stream, as the kubelet's does.

import type { ResourceInfo } from '../../api/resources.ts';
import { notFound } from '../../api/status.ts';
import type { KubeObject, Pod } from '../../api/types.ts';
import { keepRunning } from '../../shell/foreground.ts';
import type { CommandResult } from '../../shell/types.ts';
import { flagBool, flagInt, flagString, parseGoDuration } from '../flags.ts';
import { resolveTypeOrError, splitTypes } from '../resourceArgs.ts';
import type { Invocation, KubectlCommand } from '../types.ts';
import { compileSelectors } from './getFetch.ts';
import { Output, requestWarnings } from './getResult.ts';
import { completeLogs } from './logsComplete.ts';
import { LOGS_FLAGS, LOGS_HELP, LOGS_USAGE } from './logsHelp.ts';
import { openLogStream, podContainerStatus, storedLines, type LogStream, type PodLogOptions } from './logsStream.ts';
import { logsTargets, type LogRequest } from './logsTargets.ts';
import { parseRFC3339, unixSecondsToVirtualMs } from './logsTime.ts';

/** kubectl sets this --tail when -l is given and --tail is not. */
const SELECTOR_TAIL = 10;

const usageError = (msg: string): string => `error: ${msg}\nSee 'kubectl logs -h' for help and examples\n`;
const USAGE_ERR = `expected '${LOGS_USAGE}'.\nPOD or TYPE/NAME is a required argument for the logs command`;

/** Go's Duration.Round(time.Second) in whole seconds (halves away from zero). */
const roundSeconds = (ms: number): number => Math.sign(ms) * Math.floor(Math.abs(ms) / 1000 + 0.5) || 0;

type Fetched = { ok: true; target: { pods: Pod[] } | { object: KubeObject; info: ResourceInfo }; warnings: string; notes: string } | { ok: false; error: string };

/** The builder of Complete: ResourceNames("pods", ARG) or ResourceTypes("pods") with -l. */
function fetchTarget(inv: Invocation, resourceArg: string | undefined, selector: string): Fetched {
  let type = 'pods';
  let name = resourceArg ?? '';
  if (resourceArg?.includes('/')) {
    const seg = resourceArg.split('/');
    if (seg.length !== 2) return { ok: false, error: 'error: arguments in resource/name form may not have more than one slash\n' };
    [type, name] = seg as [string, string];
    if (type === '' || name === '' || splitTypes(type).length !== 1) return { ok: false, error: 'error: arguments in resource/name form must have a single resource and name\n' };
  }
  const trimmed = selector.trim();
  if (trimmed !== '') {
    if (resourceArg !== undefined) return { ok: false, error: 'error: selectors and the all flag cannot be used when passing resource/name arguments\n' };
    const pods = resolveTypeOrError('pods');
    if (!pods.ok) return { ok: false, error: `${pods.error}\n` };
    const sel = compileSelectors(pods.info, trimmed, '');
    if (!sel.ok) return { ok: false, error: sel.error };
    const list = inv.sim.api.list<Pod>('pods', inv.namespace, sel.matches);
    const notes = list.length === 0 ? `No resources found in ${inv.namespace} namespace.\n` : '';
    return { ok: true, target: { pods: list }, warnings: '', notes };
  }
  if (resourceArg === undefined) return { ok: false, error: 'error: resource(s) were provided, but no name was specified\n' };
  const r = resolveTypeOrError(type);
  if (!r.ok) return { ok: false, error: `${r.error}\n` };
  if (name === '') return { ok: false, error: 'error: resource name may not be empty\n' };
  const warnings = requestWarnings([r.info]);
  const object = inv.sim.api.get(r.info.resource, r.info.namespaced ? inv.namespace : '', name);
  if (!object) {
    // Since v1.29 kubectl names the namespace it looked in.
    const message = notFound(inv.sim.api.qualified(r.info.resource), name).status.message;
    return { ok: false, error: `${warnings}error: error from server (NotFound): ${message} in namespace "${inv.namespace}"\n` };
  }
  return { ok: true, target: { object, info: r.info }, warnings, notes: '' };
}

function run(inv: Invocation): CommandResult {
  const f = inv.flags;
  const o = new Output();
  const fail = (text: string): CommandResult => o.err(text).result(1);
  const selector = flagString(f, 'selector') ?? '';
  let container = flagString(f, 'container') ?? '';
  let resourceArg: string | undefined;
  switch (inv.args.length) {
    case 0:
      if (selector === '') return fail(usageError(USAGE_ERR));
      break;
    case 1:
      resourceArg = inv.args[0]!;
      if (selector !== '') return fail(usageError('only a selector (-l) or a POD name is allowed'));
      break;
    case 2:
      [resourceArg, container] = inv.args as [string, string];
      break;
    default:
      return fail(usageError(USAGE_ERR));
  }
  const allPods = flagBool(f, 'all-pods');
  const prefix = flagBool(f, 'prefix') || allPods;
  const timeoutMs = parseGoDuration(flagString(f, 'pod-running-timeout') ?? '20s')!;
  if (timeoutMs <= 0) return fail('error: --pod-running-timeout must be higher than zero\n');

  // ToLogOptions.
  const sinceTimeText = flagString(f, 'since-time') ?? '';
  const opts: PodLogOptions = { follow: flagBool(f, 'follow'), previous: flagBool(f, 'previous'), timestamps: flagBool(f, 'timestamps') };
  if (sinceTimeText !== '') {
    const t = parseRFC3339(sinceTimeText);
    if (!t.ok) return fail(`error: ${t.error}\n`);
    opts.sinceTimeMs = unixSecondsToVirtualMs(inv.sim.clock, t.unixSeconds);
  }
  const limitBytes = flagInt(f, 'limit-bytes') ?? 0;
  if (limitBytes !== 0) opts.limitBytes = limitBytes;
  const sinceMs = parseGoDuration(flagString(f, 'since') ?? '0s')!;
  if (sinceMs !== 0) opts.sinceSeconds = roundSeconds(sinceMs);
  const tail = flagInt(f, 'tail') ?? -1;
  if (selector !== '' && tail === -1 && !f.has('tail')) opts.tailLines = SELECTOR_TAIL;
  else if (tail !== -1) opts.tailLines = tail;

  const fetched = fetchTarget(inv, resourceArg, selector);
  if (!fetched.ok) return fail(fetched.error);
  o.err(fetched.warnings).err(fetched.notes);

  // Validate.
  const allContainers = flagBool(f, 'all-containers');
  if (sinceTimeText !== '' && sinceMs !== 0) return fail('error: at most one of `sinceTime` or `sinceSeconds` may be specified\n');
  if (allContainers && container !== '') return fail(`error: --all-containers=true should not be specified with container name ${container}\n`);
  if (f.has('container') && inv.args.length === 2) return fail('error: only one of -c or an inline [CONTAINER] arg is allowed\n');
  if (limitBytes < 0) return fail('error: --limit-bytes must be greater than 0\n');
  if ((opts.sinceSeconds ?? 0) < 0) return fail('error: --since must be greater than 0\n');
  if ((opts.tailLines ?? 0) < -1) return fail('error: --tail must be greater than or equal to -1\n');

  // RunLogs.
  const targets = logsTargets(inv.sim, fetched.target, { container, allContainers, allPods, podRunningTimeoutMs: timeoutMs });
  o.err(targets.notes);
  if (!targets.ok) return fail(targets.error);
  const requests = targets.requests;
  const maxRequests = flagInt(f, 'max-log-requests') ?? 5;
  if (opts.follow && requests.length > 1 && requests.length > maxRequests) {
    return fail(`error: you are attempting to follow ${requests.length} log streams, but maximum allowed concurrency is ${maxRequests}, use --max-log-requests to increase the limit\n`);
  }
  return consume(inv, o, requests, opts, { prefix, ignoreErrors: flagBool(f, 'ignore-errors') });
}

/** Writes every stream (with its `[pod/NAME/CONTAINER] ` prefix), then follows the live ones. */
function consume(inv: Invocation, o: Output, requests: LogRequest[], opts: PodLogOptions, how: { prefix: boolean; ignoreErrors: boolean }): CommandResult {
  const following: Followed[] = [];
  for (const req of requests) {
    const opened = openLogStream(inv.sim, req.pod, req.container, opts);
    if (!opened.ok) {
      if (!how.ignoreErrors) return o.err(opened.error.printed).result(1);
      o.out(`error: ${opened.error.message}\n`);
      continue;
    }
    const prefix = how.prefix ? `[pod/${req.pod.metadata.name ?? ''}/${req.container}] ` : '';
    for (const chunk of opened.stream.initial(storedLines(inv.sim, req.pod, req.container, opened.stream))) o.out(prefix + chunk);
    if (opened.stream.live && !opened.stream.exhausted) {
      following.push({ stream: opened.stream, prefix, pod: req.pod, container: req.container, containerID: podContainerStatus(req.pod, req.container)?.containerID });
    }
  }
  if (following.length > 0) {
    let printed = '';
    const unsubscribe = inv.sim.logs.subscribe((key, line) => {
      for (const f of following) {
        if (f.stream.key !== key) continue;
        const text = f.stream.next(line);
        if (text !== undefined && text !== '') printed += f.prefix + text;
      }
    });
    const take = (): string => {
      const text = printed;
      printed = '';
      return text;
    };
    // An interactive terminal: print the log now; new lines come as the clock runs, until Ctrl-C
    // or until every followed container has exited (the kubelet then closes each stream).
    const ends = followEnds(inv, following);
    const stop = (): void => {
      unsubscribe();
      ends.stop();
    };
    const exited = (): number | undefined => {
      if (!following.every((f) => f.ended || f.stream.exhausted)) return undefined;
      stop();
      return 0;
    };
    if (keepRunning(inv.sim, { take, stop, exited })) return o.result(0);
    ends.stop();
    try {
      inv.sim.settle();
    } finally {
      unsubscribe();
    }
    o.out(take());
  }
  return o.result(0);
}

interface Followed {
  stream: LogStream;
  prefix: string;
  pod: Pod;
  container: string;
  /** The container instance followed (a later one is a new stream). */
  containerID: string | undefined;
  ended?: boolean;
}

/** Marks a followed stream ended once its container instance stops running or its pod goes. */
function followEnds(inv: Invocation, following: Followed[]): { stop: () => void } {
  const unwatch = inv.sim.api.watch('pods', (ev) => {
    const pod = ev.object as Pod;
    for (const f of following) {
      if (f.ended || pod.metadata.uid !== f.pod.metadata.uid) continue;
      const cs = podContainerStatus(pod, f.container);
      if (ev.type === 'DELETED' || !cs?.state?.running || cs.containerID !== f.containerID) f.ended = true;
    }
  });
  return { stop: unwatch };
}

export const logsCommand: KubectlCommand = {
  name: 'logs',
  short: 'Print the logs for a container in a pod',
  group: 'Troubleshooting and Debugging Commands:',
  flags: LOGS_FLAGS,
  help: LOGS_HELP,
  run,
  complete: (words, sim) => completeLogs(words, sim, LOGS_FLAGS),
};
