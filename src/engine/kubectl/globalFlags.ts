// kubectl's persistent (global) flags that Proxyscope accepts. Only --namespace has an effect:
// there is one cluster and one user.
import type { FlagDef } from './flags.ts';

export const GLOBAL_FLAGS: FlagDef[] = [
  { name: 'namespace', short: 'n', type: 'string', description: 'If present, the namespace scope for this CLI request' },
  { name: 'context', type: 'string', description: 'The name of the kubeconfig context to use' },
  { name: 'cluster', type: 'string', description: 'The name of the kubeconfig cluster to use' },
  { name: 'user', type: 'string', description: 'The name of the kubeconfig user to use' },
  { name: 'kubeconfig', type: 'string', description: 'Path to the kubeconfig file to use for CLI requests.' },
  { name: 'request-timeout', type: 'string', description: 'The length of time to wait before giving up on a single server request.' },
  { name: 'v', short: 'v', type: 'int', description: 'number for the log level verbosity' },
];
