// `kubectl create -f FILE` and the create subcommands (pkg/cmd/create/create.go).

import { parseSelector } from '../../api/labels.ts';
import { flagBool, flagString } from '../flags.ts';
import type { Invocation, KubectlCommand } from '../types.ts';
import { dryRunStrategy, validationOn } from '../mutate/dryRun.ts';
import { type KError, checkErr, statusError, withSource } from '../mutate/errors.ts';
import { dryRunFlag, fieldManagerFlag, filenameFlags, printFlags, recordFlag, saveConfigFlag, selectorFlag, validateFlag } from '../mutate/flagDefs.ts';
import { filenameArgs, readManifests } from '../mutate/files.ts';
import { type HelpFlag, renderHelp } from '../mutate/help.ts';
import { streamsToInfos } from '../mutate/infos.ts';
import { createOrUpdateAnnotation } from '../mutate/lastApplied.ts';
import { Output, usageError } from '../mutate/output.ts';
import { ObjectPrinter, outputFormat, withDryRun } from '../mutate/printer.ts';
import { completeSubcommands, runSubcommand, unionFlags, type ParentCommand } from '../mutate/subcommands.ts';
import { createDeploymentCommand } from './createDeployment.ts';
import { createNamespaceCommand } from './createNamespace.ts';
import { createServiceCommand } from './createService.ts';

const ownFlags: HelpFlag[] = [
  ...printFlags,
  recordFlag,
  ...filenameFlags('to use to create the resource'),
  validateFlag,
  saveConfigFlag,
  dryRunFlag,
  selectorFlag,
  fieldManagerFlag('kubectl-create'),
];

const subcommands: KubectlCommand[] = [createDeploymentCommand, createNamespaceCommand, createServiceCommand];

const help = renderHelp({
  long: `Create a resource from a file or from stdin.

 JSON and YAML formats are accepted.`,
  examples: `  # Create a pod using the data in pod.json
  kubectl create -f ./pod.json
  
  # Create a pod based on the JSON passed into stdin
  cat pod.json | kubectl create -f -
  
  # Edit the data in registry.yaml in JSON then create the resource using the edited data
  kubectl create -f registry.yaml --edit -o json`,
  subcommands: subcommands.map((c) => ({ name: c.name, short: c.short })),
  flags: ownFlags,
  usage: 'kubectl create -f FILENAME [options]',
  commandPath: 'kubectl create',
});

function createFromFiles(inv: Invocation): ReturnType<KubectlCommand['run']> {
  const out = new Output();
  if (inv.args.length > 0) return out.fail(usageError('kubectl create', `Unexpected args: [${inv.args.join(' ')}]`));
  const dry = dryRunStrategy(inv.flags);
  if (!dry.ok) return out.fail(dry.error);
  const validation = validationOn(inv.flags);
  if (!validation.ok) return out.fail(validation.error);
  const filenames = filenameArgs(inv.flags);
  if (filenames.length === 0) return out.fail('error: must specify one of -f and -k\n');
  const format = outputFormat(inv.flags);
  if (!format.ok) return out.fail(format.error);
  const selectorText = flagString(inv.flags, 'selector');
  const selector = selectorText !== undefined ? parseSelector(selectorText) : undefined;
  if (selector && !selector.ok) return out.fail(`error: ${selector.error}\n`);

  const read = readManifests(inv, filenames, flagBool(inv.flags, 'recursive'));
  if (!read.ok) return out.fail(checkErr(read.errors));
  const built = streamsToInfos(read.streams, { namespace: inv.namespace, enforceNamespace: inv.namespaceExplicit, validate: validation.validate });
  const errors: KError[] = [];
  const printer = ObjectPrinter.fromFlags(format.format, inv.flags);
  const saveConfig = flagBool(inv.flags, 'save-config');
  let count = 0;
  for (const entry of built.ordered) {
    if ('error' in entry) {
      errors.push(entry.error);
      continue;
    }
    const info = entry.info;
    if (selector?.ok && !selector.selector.matches(info.obj.metadata.labels)) continue;
    let obj = createOrUpdateAnnotation(saveConfig, info.obj);
    if (dry.dryRun !== 'client') {
      const r = inv.sim.api.create(info.resource.resource, obj, { actor: 'kubectl-create', dryRun: dry.dryRun === 'server' });
      if (!r.ok) {
        errors.push(withSource(statusError(r.status), 'creating', info.source));
        continue;
      }
      obj = r.object;
    }
    count++;
    const p = printer.print(obj, withDryRun('created', dry.dryRun));
    if (p.ok) out.out(p.text);
    else errors.push({ kind: 'plain', message: p.error.replace(/^error: /, '').replace(/\n$/, '') });
  }
  if (errors.length > 0) return out.fail(checkErr(errors));
  if (count === 0) return out.fail('error: no objects passed to create\n');
  return out.result(0);
}

export const createCommand: ParentCommand = {
  name: 'create',
  short: 'Create a resource from a file or from stdin',
  group: 'Basic Commands (Beginner):',
  help,
  flags: unionFlags(ownFlags, subcommands),
  subcommands,
  run: (inv) => runSubcommand(inv, 'kubectl create', subcommands) ?? createFromFiles(inv),
  complete: (words, sim) => completeSubcommands(words, sim, subcommands),
};
