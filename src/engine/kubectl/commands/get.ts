// `kubectl get`: its flags (those Proxyscope implements, with kubectl's descriptions and
// defaults), its --help text, completion, and the entry into getRun.ts.

import type { FlagDef } from '../flags.ts';
import { renderHelp } from '../printers/helpText.ts';
import { GET_FORMATS_HELP_ORDER } from '../printers/output.ts';
import type { KubectlCommand } from '../types.ts';
import { completeResourceArgs } from './getComplete.ts';
import { runGet } from './getRun.ts';

const SELECTOR_HELP =
  "Selector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label constraints.";

export const GET_FLAGS: FlagDef[] = [
  { name: 'all-namespaces', short: 'A', type: 'bool', description: 'If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace.' },
  { name: 'allow-missing-template-keys', type: 'bool', default: 'true', description: 'If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats.' },
  { name: 'chunk-size', type: 'int', default: '500', description: 'Return large lists in chunks rather than all at once. Pass 0 to disable. This flag is beta and may change in the future.' },
  { name: 'field-selector', type: 'string', description: "Selector (field query) to filter on, supports '=', '==', and '!='.(e.g. --field-selector key1=value1,key2=value2). The server only supports a limited number of field queries per type." },
  { name: 'ignore-not-found', type: 'bool', description: 'If the requested object does not exist the command will return exit code 0.' },
  { name: 'label-columns', short: 'L', type: 'stringArray', description: 'Accepts a comma separated list of labels that are going to be presented as columns. Names are case-sensitive. You can also use multiple flag options like -L label1 -L label2...' },
  { name: 'no-headers', type: 'bool', description: "When using the default or custom-column output format, don't print headers (default print headers)." },
  {
    name: 'output',
    short: 'o',
    type: 'string',
    description: `Output format. One of: (${GET_FORMATS_HELP_ORDER.join(', ')}). See custom columns [https://kubernetes.io/docs/reference/kubectl/#custom-columns], golang template [http://golang.org/pkg/text/template/#pkg-overview] and jsonpath template [https://kubernetes.io/docs/reference/kubectl/jsonpath/].`,
  },
  { name: 'output-watch-events', type: 'bool', description: 'Output watch event objects when --watch or --watch-only is used. Existing objects are output as initial ADDED events.' },
  { name: 'selector', short: 'l', type: 'string', description: SELECTOR_HELP },
  { name: 'show-kind', type: 'bool', description: 'If present, list the resource type for the requested object(s).' },
  { name: 'show-labels', type: 'bool', description: 'When printing, show all labels as the last column (default hide labels column)' },
  {
    name: 'sort-by',
    type: 'string',
    description: "If non-empty, sort list types using this field specification.  The field specification is expressed as a JSONPath expression (e.g. '{.metadata.name}'). The field in the API resource specified by this JSONPath expression must be an integer or a string.",
  },
  { name: 'watch', short: 'w', type: 'bool', description: 'After listing/getting the requested object, watch for changes.' },
  { name: 'watch-only', type: 'bool', description: 'Watch for changes to the requested object(s), without listing/getting first.' },
];

const GET_LONG = `Display one or many resources.

 Prints a table of the most important information about the specified resources. You can filter the list using a label selector and the --selector flag. If the desired resource type is namespaced you will only see results in the current namespace if you don't specify any namespace.

 By specifying the output as 'template' and providing a Go template as the value of the --template flag, you can filter the attributes of the fetched resources.

Use "kubectl api-resources" for a complete list of supported resources.`;

const GET_EXAMPLES = [
  '# List all pods in ps output format',
  'kubectl get pods',
  '',
  '# List all pods in ps output format with more information (such as node name)',
  'kubectl get pods -o wide',
  '',
  '# List a single replication controller with specified NAME in ps output format',
  'kubectl get replicationcontroller web',
  '',
  '# List deployments in JSON output format, in the "v1" version of the "apps" API group',
  'kubectl get deployments.v1.apps -o json',
  '',
  '# List a single pod in JSON output format',
  'kubectl get -o json pod web-pod-13je7',
  '',
  '# List a pod identified by type and name specified in "pod.yaml" in JSON output format',
  'kubectl get -f pod.yaml -o json',
  '',
  '# List resources from a directory with kustomization.yaml - e.g. dir/kustomization.yaml',
  'kubectl get -k dir/',
  '',
  '# Return only the phase value of the specified pod',
  'kubectl get -o template pod/web-pod-13je7 --template={{.status.phase}}',
  '',
  '# List resource information in custom columns',
  'kubectl get pod test-pod -o custom-columns=CONTAINER:.spec.containers[0].name,IMAGE:.spec.containers[0].image',
  '',
  '# List all replication controllers and services together in ps output format',
  'kubectl get rc,services',
  '',
  '# List one or more resources by their type and names',
  'kubectl get rc/web service/frontend pods/web-pod-13je7',
  '',
  "# List the 'status' subresource for a single pod",
  'kubectl get pod web-pod-13je7 --subresource status',
  '',
  "# List all deployments in namespace 'backend'",
  'kubectl get deployments.apps --namespace backend',
  '',
  '# List all pods existing in all namespaces',
  'kubectl get pods --all-namespaces',
];

export const getCommand: KubectlCommand = {
  name: 'get',
  short: 'Display one or many resources',
  group: 'Basic Commands (Intermediate):',
  flags: GET_FLAGS,
  help: renderHelp({
    long: GET_LONG,
    examples: GET_EXAMPLES,
    flags: GET_FLAGS,
    usage: `kubectl get [(-o|--output=)${GET_FORMATS_HELP_ORDER.join('|')}] (TYPE[.VERSION][.GROUP] [NAME | -l label] | TYPE[.VERSION][.GROUP]/NAME ...) [flags]`,
  }),
  run: runGet,
  complete: (words, sim) => completeResourceArgs(words, sim, GET_FLAGS),
};
