// Shells on the cluster's nodes (CONTRACTS §5) and the host commands that open them.

export { createNodeShell, createNodeRegistry, createNodeWorld, leaveText, nodePrompt } from './shell.ts';
export { networkDeps } from './deps.ts';
export { sshCommand } from './ssh.ts';
export { dockerCommand } from './docker.ts';
export type { LegacyState, NodeDeps, NodeWorld } from './types.ts';
