// ClusterIP traffic: multi-endpoint, no endpoints (REJECT), TCP+UDP ports,
// internalTrafficPolicy Local, session affinity, hairpin.
import { kernelSuite } from './harness/suite.ts';
import { SCENARIOS } from './scenarios.ts';

const NAMES = ['clusterip-3-endpoints', 'no-endpoints-reject', 'multiport-tcp-udp', 'itp-local', 'session-affinity-clientip', 'hairpin'];
kernelSuite(SCENARIOS.filter((s) => NAMES.includes(s.name)));
