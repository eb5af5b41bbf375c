// `kubectl patch --help` (k8s.io/kubectl v0.33 pkg/cmd/patch), with the flags Proxyscope supports.

import { dryRunFlag, fieldManagerFlag, filenameFlags, printFlags, recordFlag } from '../mutate/flagDefs.ts';
import { type HelpFlag, renderHelp } from '../mutate/help.ts';

export const patchFlags: HelpFlag[] = [
  recordFlag,
  ...printFlags,
  { name: 'patch', short: 'p', type: 'string', description: 'The patch to be applied to the resource JSON file.' },
  { name: 'patch-file', type: 'string', description: 'A file containing a patch to be applied to the resource.' },
  { name: 'type', type: 'string', default: 'strategic', description: 'The type of patch being provided; one of [json merge strategic]' },
  dryRunFlag,
  ...filenameFlags('identifying the resource to update'),
  { name: 'local', type: 'bool', description: 'If true, patch will operate on the content of the file, not the server-side resource.' },
  fieldManagerFlag('kubectl-patch'),
  { name: 'subresource', type: 'string', description: 'If specified, patch will operate on the subresource of the requested object.' },
];

const long = `Update fields of a resource using strategic merge patch, a JSON merge patch, or a JSON patch.

 JSON and YAML formats are accepted.

 Note: Strategic merge patch is not supported for custom resources.`;

const examples = `  # Partially update a node using a strategic merge patch, specifying the patch as JSON
  kubectl patch node k8s-node-1 -p '{"spec":{"unschedulable":true}}'
  
  # Partially update a node using a strategic merge patch, specifying the patch as YAML
  kubectl patch node k8s-node-1 -p $'spec:\\n unschedulable: true'
  
  # Partially update a node identified by the type and name specified in "node.json" using strategic merge patch
  kubectl patch -f node.json -p '{"spec":{"unschedulable":true}}'
  
  # Update a container's image; spec.containers[*].name is required because it's a merge key
  kubectl patch pod valid-pod -p '{"spec":{"containers":[{"name":"kubernetes-serve-hostname","image":"new image"}]}}'
  
  # Update a container's image using a JSON patch with positional arrays
  kubectl patch pod valid-pod --type='json' -p='[{"op": "replace", "path": "/spec/containers/0/image", "value":"new image"}]'
  
  # Update a deployment's replicas through the 'scale' subresource using a merge patch
  kubectl patch deployment nginx-deployment --subresource='scale' --type='merge' -p '{"spec":{"replicas":2}}'`;

export const patchHelp = renderHelp({
  long,
  examples,
  flags: patchFlags,
  usage: 'kubectl patch (-f FILENAME | TYPE NAME) [-p PATCH|--patch-file FILE] [options]',
});
