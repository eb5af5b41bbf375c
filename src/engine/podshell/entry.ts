// How `kubectl exec -it POD -- sh` opens a shell in the terminal: the session that owns the
// terminal registers itself for its Simulation; kubectl asks it to push the pod shell.

import type { Container, Pod } from '../api/types.ts';
import type { Simulation } from '../simulation.ts';

export type EnterPodShell = (pod: Pod, container: Container, shell: string) => void;

const entries = new WeakMap<Simulation, EnterPodShell>();

export function setPodShellEntry(sim: Simulation, enter: EnterPodShell): void {
  entries.set(sim, enter);
}

/** False when no terminal session runs on `sim` (the shell then reads stdin instead). */
export function enterPodShell(sim: Simulation, pod: Pod, container: Container, shell: string): boolean {
  const enter = entries.get(sim);
  if (!enter) return false;
  enter(pod, container, shell);
  return true;
}
