// `kubectl describe` (kubectl/pkg/cmd/describe): the objects named, selected or of a type, one
// description after another; `describe TYPE PREFIX` falls back to every object whose name
// starts with PREFIX when no object has that exact name.

import type { KubeObject } from '../../api/types.ts';
import type { CommandResult } from '../../shell/types.ts';
import { describeObject, defaultDescribeOptions } from '../describe/index.ts';
import { flagBool, flagString, type FlagDef } from '../flags.ts';
import { renderHelp } from '../printers/helpText.ts';
import { parseResourceArgs } from '../resourceArgs.ts';
import type { Invocation, KubectlCommand } from '../types.ts';
import { completeResourceArgs } from './getComplete.ts';
import { fetchRefs } from './getFetch.ts';
import { Output, requestWarnings } from './getResult.ts';

const FLAGS: FlagDef[] = [
  { name: 'all-namespaces', short: 'A', type: 'bool', description: 'If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace.' },
  { name: 'chunk-size', type: 'int', default: '500', description: 'Return large lists in chunks rather than all at once. Pass 0 to disable. This flag is beta and may change in the future.' },
  {
    name: 'selector',
    short: 'l',
    type: 'string',
    description: "Selector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label constraints.",
  },
  { name: 'show-events', type: 'bool', default: 'true', description: 'If true, display events related to the described object.' },
];

const LONG = `Show details of a specific resource or group of resources.

 Print a detailed description of the selected resources, including related resources such as events or controllers. You may select a single object by name, all objects of that type, provide a name prefix, or label selector. For example:

        $ kubectl describe TYPE NAME_PREFIX
        
 will first check for an exact match on TYPE and NAME_PREFIX. If no such resource exists, it will output details for every resource that has a name prefixed with NAME_PREFIX.

Use "kubectl api-resources" for a complete list of supported resources.`;

const EXAMPLES = [
  '# Describe a node',
  'kubectl describe nodes kubernetes-node-emt8.c.myproject.internal',
  '',
  '# Describe a pod',
  'kubectl describe pods/nginx',
  '',
  '# Describe a pod identified by type and name in "pod.json"',
  'kubectl describe -f pod.json',
  '',
  '# Describe all pods',
  'kubectl describe pods',
  '',
  '# Describe pods by label name=myLabel',
  'kubectl describe pods -l name=myLabel',
  '',
  "# Describe all pods managed by the 'frontend' replication controller",
  '# (rc-created pods get the name of the rc as a prefix in the pod name)',
  'kubectl describe pods frontend',
];

const fail = (stderr: string, stdout = ''): CommandResult => ({ stdout, stderr, exitCode: 1 });

function run(inv: Invocation): CommandResult {
  if (inv.args.length === 0) return fail('error: You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.\n');
  const allNamespaces = flagBool(inv.flags, 'all-namespaces');
  const labelSelector = (flagString(inv.flags, 'selector') ?? '').trim();
  const showEvents = inv.flags.has('show-events') ? flagBool(inv.flags, 'show-events') : true;
  const parsed = parseResourceArgs(inv.args, inv.sim, { selector: labelSelector !== '' });
  if (!parsed.ok) return fail(`${parsed.error}\n`);
  if (allNamespaces && parsed.mode === 'names' && parsed.refs.some((r) => r.info.namespaced)) {
    return fail('error: a resource cannot be retrieved by name across all namespaces\n');
  }
  const opts = defaultDescribeOptions(inv.sim, showEvents);
  const fetched = fetchRefs(inv.sim, parsed.refs, { namespace: inv.namespace, allNamespaces, labelSelector });
  const o = new Output().err(requestWarnings(parsed.refs.map((r) => r.info)));
  const objects = fetched.infos.flatMap((i) => i.objects);
  // DescribeMatchingResources: `describe TYPE PREFIX` when TYPE/PREFIX does not exist.
  if (fetched.errors.length > 0 && fetched.notFound.every(Boolean) && inv.args.length === 2) {
    if (inv.args[0]!.includes(',')) return o.err('error: you may only specify a single resource type\n').result(1);
    if (inv.args[0]!.includes('/')) return o.err(fetched.errors[0]!).result(1);
    const info = parsed.refs[0]!.info;
    const prefix = inv.args[1]!;
    const matches = inv.sim.api.list(info.resource, info.namespaced ? inv.namespace : undefined).filter((o) => (o.metadata.name ?? '').startsWith(prefix));
    if (matches.length === 0) return o.err(fetched.errors.join('')).result(1);
    return o.out(matches.map((m) => describeObject(inv.sim, m, opts) + '\n').join('')).result(0);
  }
  o.out(objects.map((obj: KubeObject) => describeObject(inv.sim, obj, opts)).join('\n\n'));
  if (objects.length === 0 && fetched.errors.length === 0) o.err(allNamespaces ? 'No resources found\n' : `No resources found in ${inv.namespace} namespace.\n`);
  return o.err(fetched.errors.join('')).result(fetched.errors.length > 0 ? 1 : 0);
}

export const describeCommand: KubectlCommand = {
  name: 'describe',
  short: 'Show details of a specific resource or group of resources',
  group: 'Troubleshooting and Debugging Commands:',
  flags: FLAGS,
  help: renderHelp({ long: LONG, examples: EXAMPLES, flags: FLAGS, usage: 'kubectl describe (-f FILENAME | TYPE [NAME_PREFIX | -l label] | TYPE/NAME)' }),
  run,
  complete: (words, sim) => completeResourceArgs(words, sim, FLAGS),
};
