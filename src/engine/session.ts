// A terminal session on the simulated cluster: the shell with its standard utilities, kubectl
// and Proxyscope's own commands, acting on one simulation.

import { journalCommand } from './commands/journal.ts';
import { kubectlDescriptor } from './kubectl/kubectl.ts';
import { Shell, createStandardRegistry } from './shell/index.ts';
import type { Simulation } from './simulation.ts';

export function createSession(sim: Simulation): Shell<Simulation> {
  const registry = createStandardRegistry<Simulation>();
  registry.register(kubectlDescriptor);
  registry.register(journalCommand);
  return new Shell({ registry, world: sim, env: { HOSTNAME: 'proxyscope' } });
}
