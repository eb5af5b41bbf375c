import { describe, expect, it } from 'vitest';
import { LOGS_HELP } from './logsHelp.ts';

// kubectl v1.33 `kubectl logs --help` in a terminal at least 120 columns wide.
const EXPECTED = `Print the logs for a container in a pod or specified resource. If the pod has only one container, the container name is
optional.

Examples:
  # Return snapshot logs from pod nginx with only one container
  kubectl logs nginx
  
  # Return snapshot logs from pod nginx, prefixing each line with the source pod and container name
  kubectl logs nginx --prefix
  
  # Return snapshot logs from pod nginx, limiting output to 500 bytes
  kubectl logs nginx --limit-bytes=500
  
  # Return snapshot logs from pod nginx, waiting up to 20 seconds for it to start running.
  kubectl logs nginx --pod-running-timeout=20s
  
  # Return snapshot logs from pod nginx with multi containers
  kubectl logs nginx --all-containers=true
  
  # Return snapshot logs from all pods in the deployment nginx
  kubectl logs deployment/nginx --all-pods=true
  
  # Return snapshot logs from all containers in pods defined by label app=nginx
  kubectl logs -l app=nginx --all-containers=true
  
  # Return snapshot logs from all pods defined by label app=nginx, limiting concurrent log requests to 10 pods
  kubectl logs -l app=nginx --max-log-requests=10
  
  # Return snapshot of previous terminated ruby container logs from pod web-1
  kubectl logs -p -c ruby web-1
  
  # Begin streaming the logs from pod nginx, continuing even if errors occur
  kubectl logs nginx -f --ignore-errors=true
  
  # Begin streaming the logs of the ruby container in pod web-1
  kubectl logs -f -c ruby web-1
  
  # Begin streaming the logs from all containers in pods defined by label app=nginx
  kubectl logs -f -l app=nginx --all-containers=true
  
  # Display only the most recent 20 lines of output in pod nginx
  kubectl logs --tail=20 nginx
  
  # Show all logs from pod nginx written in the last hour
  kubectl logs --since=1h nginx
  
  # Show all logs with timestamps from pod nginx starting from August 30, 2024, at 06:00:00 UTC
  kubectl logs nginx --since-time=2024-08-30T06:00:00Z --timestamps=true
  
  # Show logs from a kubelet with an expired serving certificate
  kubectl logs --insecure-skip-tls-verify-backend nginx
  
  # Return snapshot logs from first container of a job named hello
  kubectl logs job/hello
  
  # Return snapshot logs from container nginx-1 of a deployment named nginx
  kubectl logs deployment/nginx -c nginx-1

Options:
    --all-containers=false:
\tGet all containers' logs in the pod(s).

    --all-pods=false:
\tGet logs from all pod(s). Sets prefix to true.

    -c, --container='':
\tPrint the logs of this container

    -f, --follow=false:
\tSpecify if the logs should be streamed.

    --ignore-errors=false:
\tIf watching / following pod logs, allow for any errors that occur to be non-fatal

    --insecure-skip-tls-verify-backend=false:
\tSkip verifying the identity of the kubelet that logs are requested from.  In theory, an attacker could provide
\tinvalid log content back. You might want to use this if your kubelet serving certificates have expired.

    --limit-bytes=0:
\tMaximum bytes of logs to return. Defaults to no limit.

    --max-log-requests=5:
\tSpecify maximum number of concurrent logs to follow when using by a selector. Defaults to 5.

    --pod-running-timeout=20s:
\tThe length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod is running

    --prefix=false:
\tPrefix each log line with the log source (pod name and container name)

    -p, --previous=false:
\tIf true, print the logs for the previous instance of the container in a pod if it exists.

    -l, --selector='':
\tSelector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l
\tkey1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label
\tconstraints.

    --since=0s:
\tOnly return logs newer than a relative duration like 5s, 2m, or 3h. Defaults to all logs. Only one of
\tsince-time / since may be used.

    --since-time='':
\tOnly return logs after a specific date (RFC3339). Defaults to all logs. Only one of since-time / since may be
\tused.

    --tail=-1:
\tLines of recent log file to display. Defaults to -1 with no selector, showing all log lines otherwise 10, if a
\tselector is provided.

    --timestamps=false:
\tInclude timestamps on each line in the log output

Usage:
  kubectl logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER] [options]

Use "kubectl options" for a list of global command-line options (applies to all commands).
`;

describe('kubectl logs --help', () => {
  it('is kubectl v1.33\'s help text', () => {
    expect(LOGS_HELP).toBe(EXPECTED);
  });
});
