// `kubectl version`: the client is kubectl v1.33.1 (with its real build info); the server is the
// simulated cluster's API server (the scenario's Kubernetes version, built as the v1.33.1 release).

import { toYaml } from '../../format/goyaml.ts';
import type { CommandResult } from '../../shell/types.ts';
import type { Simulation } from '../../simulation.ts';
import { flagBool, flagString, type FlagDef } from '../flags.ts';
import { renderHelp } from '../printers/helpText.ts';
import type { Invocation, KubectlCommand } from '../types.ts';

const FLAGS: FlagDef[] = [
  { name: 'client', type: 'bool', description: 'If true, shows client version only (no server required).' },
  { name: 'output', short: 'o', type: 'string', description: "One of 'yaml' or 'json'." },
];

const GIT_COMMIT = '8adc0f041b8e7ad1d30e29cc59c6ae7a15e19828';
export const KUSTOMIZE_VERSION = 'v5.6.0';

/** version.Info fields in struct order (JSON prints them in this order). */
type Info = [string, string][];

export const CLIENT_VERSION: Info = [
  ['major', '1'],
  ['minor', '33'],
  ['gitVersion', 'v1.33.1'],
  ['gitCommit', GIT_COMMIT],
  ['gitTreeState', 'clean'],
  ['buildDate', '2025-05-15T08:27:33Z'],
  ['goVersion', 'go1.24.2'],
  ['compiler', 'gc'],
  ['platform', 'linux/amd64'],
];

export function serverVersion(sim: Simulation): Info {
  const gitVersion = sim.scenario.kubernetesVersion;
  const m = /^v(\d+)\.(\d+)/.exec(gitVersion);
  const major = m?.[1] ?? '1';
  const minor = m?.[2] ?? '33';
  return [
    ['major', major],
    ['minor', minor],
    ['emulationMajor', major],
    ['emulationMinor', minor],
    ['minCompatibilityMajor', major],
    ['minCompatibilityMinor', String(Math.max(0, Number(minor) - 1))],
    ['gitVersion', gitVersion],
    ['gitCommit', GIT_COMMIT],
    ['gitTreeState', 'clean'],
    ['buildDate', '2025-05-15T08:19:08Z'],
    ['goVersion', 'go1.24.2'],
    ['compiler', 'gc'],
    ['platform', 'linux/amd64'],
  ];
}

const get = (info: Info, key: string): string => info.find(([k]) => k === key)?.[1] ?? '';
const fail = (stderr: string): CommandResult => ({ stdout: '', stderr, exitCode: 1 });

function jsonInfo(info: Info): string {
  return '{\n' + info.map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(',\n') + '\n  }';
}

function skewWarning(server: Info): string {
  const sMajor = Number(get(server, 'major'));
  const sMinor = Number(get(server, 'minor'));
  if (sMajor !== 1 || Math.abs(33 - sMinor) > 1) {
    return `WARNING: version difference between client (1.33) and server (${sMajor}.${sMinor}) exceeds the supported minor version skew of +/-1\n`;
  }
  return '';
}

function run(inv: Invocation): CommandResult {
  const clientOnly = flagBool(inv.flags, 'client');
  const output = flagString(inv.flags, 'output') ?? '';
  if (!clientOnly && inv.args.length > 0) return fail(`error: extra arguments: [${inv.args.join(' ')}]\n`);
  if (output !== '' && output !== 'yaml' && output !== 'json') return fail("error: --output must be 'yaml' or 'json'\n");
  const server = clientOnly ? undefined : serverVersion(inv.sim);
  let stdout: string;
  if (output === '') {
    stdout = `Client Version: ${get(CLIENT_VERSION, 'gitVersion')}\nKustomize Version: ${KUSTOMIZE_VERSION}\n`;
    if (server) stdout += `Server Version: ${get(server, 'gitVersion')}\n`;
  } else if (output === 'yaml') {
    const doc: Record<string, unknown> = { clientVersion: Object.fromEntries(CLIENT_VERSION), kustomizeVersion: KUSTOMIZE_VERSION };
    if (server) doc['serverVersion'] = Object.fromEntries(server);
    stdout = toYaml(doc) + '\n';
  } else {
    const parts = [`  "clientVersion": ${jsonInfo(CLIENT_VERSION)}`, `  "kustomizeVersion": ${JSON.stringify(KUSTOMIZE_VERSION)}`];
    if (server) parts.push(`  "serverVersion": ${jsonInfo(server)}`);
    stdout = '{\n' + parts.join(',\n') + '\n}\n';
  }
  return { stdout, stderr: server ? skewWarning(server) : '', exitCode: 0 };
}

export const versionCommand: KubectlCommand = {
  name: 'version',
  short: 'Print the client and server version information',
  group: 'Other Commands:',
  flags: FLAGS,
  help: renderHelp({
    long: 'Print the client and server version information for the current context.',
    examples: ['# Print the client and server versions for the current context', 'kubectl version'],
    flags: FLAGS,
    usage: 'kubectl version [flags]',
  }),
  run,
};
