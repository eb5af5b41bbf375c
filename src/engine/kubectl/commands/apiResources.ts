// `kubectl api-resources` (kubectl/pkg/cmd/apiresources): the resource types the simulated API
// server serves, as discovery reports them, sorted by group then name.

import { RESOURCES, apiVersionOf, type ResourceInfo } from '../../api/resources.ts';
import type { CommandResult } from '../../shell/types.ts';
import { flagAll, flagBool, flagString, type FlagDef } from '../flags.ts';
import { renderHelp } from '../printers/helpText.ts';
import { GET_TABWRITER, tabulate } from '../printers/tabwriter.ts';
import type { Invocation, KubectlCommand } from '../types.ts';

const FLAGS: FlagDef[] = [
  { name: 'api-group', type: 'string', description: 'Limit to resources in the specified API group.' },
  { name: 'cached', type: 'bool', description: 'Use the cached list of resources if available.' },
  { name: 'categories', type: 'stringArray', description: 'Limit to resources that belong to the specified categories.' },
  { name: 'namespaced', type: 'bool', default: 'true', description: 'If false, non-namespaced resources will be returned, otherwise returning namespaced resources by default.' },
  { name: 'no-headers', type: 'bool', description: "When using the default or custom-column output format, don't print headers (default print headers)." },
  { name: 'output', short: 'o', type: 'string', description: 'Output format. One of: (wide, name).' },
  { name: 'sort-by', type: 'string', description: "If non-empty, sort list of resources using specified field. The field can be either 'name' or 'kind'." },
  { name: 'verbs', type: 'stringArray', description: 'Limit to resources that support the specified verbs.' },
];

const EXAMPLES = [
  '# Print the supported API resources',
  'kubectl api-resources',
  '',
  '# Print the supported API resources with more information',
  'kubectl api-resources -o wide',
  '',
  '# Print the supported API resources sorted by a column',
  'kubectl api-resources --sort-by=name',
  '',
  '# Print the supported namespaced resources',
  'kubectl api-resources --namespaced=true',
  '',
  '# Print the supported non-namespaced resources',
  'kubectl api-resources --namespaced=false',
  '',
  '# Print the supported API resources with a specific APIGroup',
  'kubectl api-resources --api-group=rbac.authorization.k8s.io',
];

/** Discovery categories: the `all` members (ResourceInfo.inAll). */
export const categoriesOf = (r: ResourceInfo): string[] => (r.inAll ? ['all'] : []);

const fail = (stderr: string): CommandResult => ({ stdout: '', stderr, exitCode: 1 });
const splitList = (values: string[]): string[] => values.flatMap((v) => (v === '' ? [] : v.split(',')));
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function run(inv: Invocation): CommandResult {
  const f = inv.flags;
  if (inv.args.length > 0) return fail(`error: unexpected arguments: [${inv.args.join(' ')}]\nSee 'kubectl api-resources -h' for help and examples\n`);
  const output = flagString(f, 'output') ?? '';
  if (!['', 'wide', 'name'].includes(output)) return fail(`error: --output ${output} is not available\n`);
  const sortBy = flagString(f, 'sort-by') ?? '';
  if (!['', 'name', 'kind'].includes(sortBy)) return fail('error: --sort-by accepts only name or kind\n');
  const group = flagString(f, 'api-group');
  const namespaced = f.has('namespaced') ? flagBool(f, 'namespaced') : undefined;
  const verbs = splitList(flagAll(f, 'verbs'));
  const categories = splitList(flagAll(f, 'categories'));
  const rows = RESOURCES.filter(
    (r) =>
      (group === undefined || r.group === group) &&
      (namespaced === undefined || r.namespaced === namespaced) &&
      verbs.every((v) => r.verbs.includes(v)) &&
      categories.every((c) => categoriesOf(r).includes(c)),
  );
  const key = (r: ResourceInfo): string => (sortBy === 'name' ? r.resource : sortBy === 'kind' ? r.kind : r.group);
  rows.sort((a, b) => compare(key(a), key(b)) || compare(a.resource, b.resource));
  let text = '';
  if (!flagBool(f, 'no-headers') && output !== 'name') text += ['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND', ...(output === 'wide' ? ['VERBS', 'CATEGORIES'] : [])].join('\t') + '\n';
  for (const r of rows) {
    if (output === 'name') text += (r.group ? `${r.resource}.${r.group}` : r.resource) + '\n';
    else {
      const cells = [r.resource, r.shortNames.join(','), apiVersionOf(r), String(r.namespaced), r.kind];
      if (output === 'wide') cells.push(r.verbs.join(','), categoriesOf(r).join(','));
      text += cells.join('\t') + '\n';
    }
  }
  return { stdout: tabulate(text, GET_TABWRITER), stderr: '', exitCode: 0 };
}

export const apiResourcesCommand: KubectlCommand = {
  name: 'api-resources',
  short: 'Print the supported API resources on the server',
  group: 'Other Commands:',
  flags: FLAGS,
  help: renderHelp({ long: 'Print the supported API resources on the server.', examples: EXAMPLES, flags: FLAGS, usage: 'kubectl api-resources [flags]' }),
  run,
};
