// What the commands of a pod shell act on: one container of a pod, in the pod's network
// namespace (network.host('pod/<ns>/<name>')).

import type { Container, Pod } from '../api/types.ts';
import type { Simulation } from '../simulation.ts';
import type { ImageProfile } from './profiles.ts';

export interface PodWorld {
  sim: Simulation;
  pod: Pod;
  namespace: string;
  name: string;
  container: Container;
  profile: ImageProfile;
  /** The container's process environment in environ order (what `env` prints). */
  env: [string, string][];
  /** /etc/resolv.conf of the pod. */
  resolvConf(): string;
}
