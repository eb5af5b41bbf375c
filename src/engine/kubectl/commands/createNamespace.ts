// `kubectl create namespace NAME` (pkg/cmd/create/create_namespace.go).

import type { KubeObject } from '../../api/types.ts';
import { kubectlErrorMessage } from '../../api/fieldErrors.ts';
import type { Invocation, KubectlCommand } from '../types.ts';
import { dryRunFlag, fieldManagerFlag, printFlags, saveConfigFlag, validateFlag } from '../mutate/flagDefs.ts';
import { type HelpFlag, renderHelp } from '../mutate/help.ts';
import { createGenerated, generatedMeta, generatorOptions, nameFromArgs } from './createCommon.ts';

const flags: HelpFlag[] = [...printFlags, saveConfigFlag, validateFlag, dryRunFlag, fieldManagerFlag('kubectl-create')];

const help = renderHelp({
  long: 'Create a namespace with the specified name.',
  name: 'namespace',
  aliases: ['ns'],
  examples: `  # Create a new namespace named my-namespace
  kubectl create namespace my-namespace`,
  flags,
  usage: 'kubectl create namespace NAME [--dry-run=server|client|none] [options]',
});

function run(inv: Invocation): ReturnType<KubectlCommand['run']> {
  const n = nameFromArgs(inv, 'kubectl create namespace');
  if (!n.ok) return n.result;
  const g = generatorOptions(inv);
  if (!g.ok) return g.result;
  const obj: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: generatedMeta({ name: n.name }), spec: {}, status: {} };
  return createGenerated(inv, 'namespaces', obj, g.opts, 'kubectl-create', kubectlErrorMessage);
}

export const createNamespaceCommand: KubectlCommand = {
  name: 'namespace',
  aliases: ['ns'],
  short: 'Create a namespace with the specified name',
  group: '',
  help,
  flags,
  run,
};
