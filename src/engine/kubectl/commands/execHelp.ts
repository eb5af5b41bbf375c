// `kubectl exec` flags and `--help` text as kubectl v1.33 defines them (cmd/exec/exec.go).

import type { FlagDef } from '../flags.ts';
import { renderHelp } from '../printers/helpText.ts';

export const EXEC_FLAGS: FlagDef[] = [
  {
    name: 'container',
    short: 'c',
    type: 'string',
    description: 'Container name. If omitted, use the kubectl.kubernetes.io/default-container annotation for selecting the container to be attached or the first container in the pod will be chosen',
  },
  { name: 'filename', short: 'f', type: 'stringArray', description: 'to use to exec into the resource' },
  { name: 'pod-running-timeout', type: 'duration', default: '1m0s', description: 'The length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod is running' },
  { name: 'quiet', short: 'q', type: 'bool', description: 'Only print output from the remote session' },
  { name: 'stdin', short: 'i', type: 'bool', description: 'Pass stdin to the container' },
  { name: 'tty', short: 't', type: 'bool', description: 'Stdin is a TTY' },
];

const EXAMPLES = [
  "# Get output from running the 'date' command from pod mypod, using the first container by default",
  'kubectl exec mypod -- date',
  '',
  "# Get output from running the 'date' command in ruby-container from pod mypod",
  'kubectl exec mypod -c ruby-container -- date',
  '',
  "# Switch to raw terminal mode; sends stdin to 'bash' in ruby-container from pod mypod",
  '# and sends stdout/stderr from \'bash\' back to the client',
  'kubectl exec mypod -c ruby-container -i -t -- bash -il',
  '',
  '# List contents of /usr from the first container of pod mypod and sort by modification time',
  '# If the command you want to execute in the pod has any flags in common (e.g. -i),',
  '# you must use two dashes (--) to separate your command\'s flags/arguments',
  '# Also note, do not surround your command and its flags/arguments with quotes',
  '# unless that is how you would execute it normally (i.e., do ls -t /usr, not "ls -t /usr")',
  'kubectl exec mypod -i -t -- ls -t /usr',
  '',
  "# Get output from running 'date' command from the first pod of the deployment mydeployment, using the first container by default",
  'kubectl exec deploy/mydeployment -- date',
  '',
  "# Get output from running 'date' command from the first pod of the service myservice, using the first container by default",
  'kubectl exec svc/myservice -- date',
];

export const EXEC_HELP = renderHelp({
  long: 'Execute a command in a container.',
  examples: EXAMPLES,
  flags: EXEC_FLAGS,
  usage: 'kubectl exec (POD | TYPE/NAME) [-c CONTAINER] [flags] -- COMMAND [args...]',
});
