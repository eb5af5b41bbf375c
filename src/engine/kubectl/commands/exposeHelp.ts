// `kubectl expose --help` (k8s.io/kubectl v0.33 pkg/cmd/expose), flags Proxyscope supports.

import { dryRunFlag, fieldManagerFlag, filenameFlags, printFlags, recordFlag, saveConfigFlag } from '../mutate/flagDefs.ts';
import { type HelpFlag, renderHelp } from '../mutate/help.ts';

export const exposeFlags: HelpFlag[] = [
  ...printFlags,
  recordFlag,
  { name: 'protocol', type: 'string', description: "The network protocol for the service to be created. Default is 'TCP'." },
  { name: 'port', type: 'string', description: 'The port that the service should serve on. Copied from the resource being exposed, if unspecified' },
  { name: 'type', type: 'string', description: "Type for this service: ClusterIP, NodePort, LoadBalancer, or ExternalName. Default is 'ClusterIP'." },
  {
    name: 'load-balancer-ip',
    type: 'string',
    description: 'IP to assign to the LoadBalancer. If empty, an ephemeral IP will be created and used (cloud-provider specific).',
  },
  {
    name: 'selector',
    type: 'string',
    description:
      'A label selector to use for this service. Only equality-based selector requirements are supported. If empty (the default) infer the selector from the replication controller or replica set.)',
  },
  { name: 'labels', short: 'l', type: 'string', description: 'Labels to apply to the service created by this call.' },
  {
    name: 'target-port',
    type: 'string',
    description: 'Name or number for the port on the container that the service should direct traffic to. Optional.',
  },
  {
    name: 'external-ip',
    type: 'string',
    description:
      'Additional external IP address (not managed by Kubernetes) to accept for the service. If this IP is routed to a node, the service can be accessed by this IP in addition to its generated service IP.',
  },
  { name: 'name', type: 'string', description: 'The name for the newly created object.' },
  {
    name: 'session-affinity',
    type: 'string',
    description: "If non-empty, set the session affinity for the service to this; legal values: 'None', 'ClientIP'",
  },
  {
    name: 'cluster-ip',
    type: 'string',
    description: "ClusterIP to be assigned to the service. Leave empty to auto-allocate, or set to 'None' to create a headless service.",
  },
  fieldManagerFlag('kubectl-expose'),
  dryRunFlag,
  saveConfigFlag,
  ...filenameFlags('identifying the resource to expose a service'),
];

export const exposeHelp = renderHelp({
  long: `Expose a resource as a new Kubernetes service.

 Looks up a deployment, service, replica set, replication controller or pod by name and uses the selector for that resource as the selector for a new service on the specified port. A deployment or replica set will be exposed as a service only if its selector is convertible to a selector that service supports, i.e. when the selector contains only the matchLabels component. Note that if no port is specified via --port and the exposed resource has multiple ports, all will be re-used by the new service. Also if no labels are specified, the new service will re-use the labels from the resource it exposes.

 Possible resources include (case insensitive):

 pod (po), service (svc), replicationcontroller (rc), deployment (deploy), replicaset (rs)`,
  examples: `  # Create a service for a replicated nginx, which serves on port 80 and connects to the containers on port 8000
  kubectl expose rc nginx --port=80 --target-port=8000
  
  # Create a service for a replication controller identified by type and name specified in "nginx-controller.yaml", which serves on port 80 and connects to the containers on port 8000
  kubectl expose -f nginx-controller.yaml --port=80 --target-port=8000
  
  # Create a service for a pod valid-pod, which serves on port 444 with the name "frontend"
  kubectl expose pod valid-pod --port=444 --name=frontend
  
  # Create a second service based on the above service, exposing the container port 8443 as port 443 with the name "nginx-https"
  kubectl expose service nginx --port=443 --target-port=8443 --name=nginx-https
  
  # Create a service for a replicated streaming application on port 4100 balancing UDP traffic and named 'video-stream'.
  kubectl expose rc streamer --port=4100 --protocol=UDP --name=video-stream
  
  # Create a service for a replicated nginx using replica set, which serves on port 80 and connects to the containers on port 8000
  kubectl expose rs nginx --port=80 --target-port=8000
  
  # Create a service for an nginx deployment, which serves on port 80 and connects to the containers on port 8000
  kubectl expose deployment nginx --port=80 --target-port=8000`,
  flags: exposeFlags,
  usage:
    'kubectl expose (-f FILENAME | TYPE NAME) [--port=port] [--protocol=TCP|UDP|SCTP] [--target-port=number-or-name] [--name=name] [--external-ip=external-ip-of-service] [--type=type] [options]',
});
