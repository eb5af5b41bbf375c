// Shells in pods' containers (`kubectl exec`).

export { PodShell, createPodWorld, execInPod, type ExecResult } from './shell.ts';
export { enterPodShell, setPodShellEntry, type EnterPodShell } from './entry.ts';
export { imageProfile, shellPrompt, type ImageProfile } from './profiles.ts';
export { containerEnv, serviceEnv } from './env.ts';
export { podHostsFile } from './files.ts';
export type { PodWorld } from './types.ts';
