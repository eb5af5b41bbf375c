// `kubectl apply --help` (k8s.io/kubectl v0.33 pkg/cmd/apply), flags Proxyscope supports.

import { dryRunFlag, fieldManagerFlag, printFlags, recursiveFlag, selectorFlag, validateFlag } from '../mutate/flagDefs.ts';
import { type HelpFlag, renderHelp } from '../mutate/help.ts';

export const applyFlags: HelpFlag[] = [
  ...printFlags,
  dryRunFlag,
  validateFlag,
  selectorFlag,
  recursiveFlag,
  fieldManagerFlag('kubectl-client-side-apply'),
  { name: 'filename', short: 'f', type: 'stringArray', description: 'The files that contain the configurations to apply.' },
  {
    name: 'overwrite',
    type: 'bool',
    default: 'true',
    description: 'Automatically resolve conflicts between the modified and live configuration by using values from the modified configuration',
  },
];

const long = `Apply a configuration to a resource by file name or stdin. The resource name must be specified. This resource will be created if it doesn't exist yet. To use 'apply', always create the resource initially with either 'apply' or 'create --save-config'.

 JSON and YAML formats are accepted.

 Alpha Disclaimer: the --prune functionality is not yet complete. Do not use unless you are aware of what the current state is. See https://issues.k8s.io/34274.`;

const examples = `  # Apply the configuration in pod.json to a pod
  kubectl apply -f ./pod.json
  
  # Apply resources from a directory containing kustomization.yaml - e.g. dir/kustomization.yaml
  kubectl apply -k dir/
  
  # Apply the JSON passed into stdin to a pod
  cat pod.json | kubectl apply -f -
  
  # Apply the configuration from all files that end with '.json'
  kubectl apply -f '*.json'
  
  # Note: --prune is still in Alpha
  # Apply the configuration in manifest.yaml that matches label app=nginx and delete all other resources that are not in the file and match label app=nginx
  kubectl apply --prune -f manifest.yaml -l app=nginx
  
  # Apply the configuration in manifest.yaml and delete all the other config maps that are not in the file
  kubectl apply --prune -f manifest.yaml --all --prune-allowlist=core/v1/ConfigMap`;

export const applyHelp = renderHelp({ long, examples, flags: applyFlags, usage: 'kubectl apply (-f FILENAME | -k DIRECTORY) [options]' });
