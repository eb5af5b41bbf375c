// Traffic from outside the cluster network: NodePort, LoadBalancer (source ranges,
// externalTrafficPolicy Local and Cluster), externalIPs.
import { kernelSuite } from './harness/suite.ts';
import { SCENARIOS } from './scenarios.ts';

const NAMES = ['nodeport-etp-cluster', 'loadbalancer-source-ranges', 'externalips', 'etp-local', 'etp-cluster-loadbalancer'];
kernelSuite(SCENARIOS.filter((s) => NAMES.includes(s.name)));
