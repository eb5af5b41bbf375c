// Changes after the first syncs: kube-proxy's partial restores and stale-chain deletions.
import { kernelSuite } from './harness/suite.ts';
import { SCENARIOS } from './scenarios.ts';

kernelSuite(SCENARIOS.filter((s) => s.name === 'endpoint-churn'));
