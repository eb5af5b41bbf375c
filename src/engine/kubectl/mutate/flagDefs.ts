// Flags that several write commands share, with the usage texts and defaults kubectl gives
// them (k8s.io/kubectl/pkg/cmd/util/helpers.go, cli-runtime genericclioptions).

import type { HelpFlag } from './help.ts';

export const dryRunFlag: HelpFlag = {
  name: 'dry-run',
  type: 'string',
  default: 'none',
  description:
    'Must be "none", "server", or "client". If client strategy, only print the object that would be sent, without sending it. If server strategy, submit server-side request without persisting the resource.',
};

/** genericclioptions.PrintFlags: -o plus the flags of the JSON/YAML and template printers. */
export const printFlags: HelpFlag[] = [
  {
    name: 'output',
    short: 'o',
    type: 'string',
    description: 'Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).',
  },
  { name: 'show-managed-fields', type: 'bool', description: 'If true, keep the managedFields when printing objects in JSON or YAML format.' },
  {
    name: 'template',
    type: 'string',
    description:
      'Template string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview].',
  },
  {
    name: 'allow-missing-template-keys',
    type: 'bool',
    default: 'true',
    description: 'If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats.',
  },
];

/** cmdutil.AddFilenameOptionFlags (without -k: Proxyscope has no kustomize). */
export function filenameFlags(usage: string): HelpFlag[] {
  return [
    { name: 'filename', short: 'f', type: 'stringArray', description: `Filename, directory, or URL to files ${usage}` },
    recursiveFlag,
  ];
}

export const recursiveFlag: HelpFlag = {
  name: 'recursive',
  short: 'R',
  type: 'bool',
  description: 'Process the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.',
};

export const validateFlag: HelpFlag = {
  name: 'validate',
  type: 'string',
  default: 'strict',
  description:
    'Must be one of: strict (or true), warn, ignore (or false). "true" or "strict" will use a schema to validate the input and fail the request if invalid. It will perform server side validation if ServerSideFieldValidation is enabled on the api-server, but will fall back to less reliable client-side validation if not. "warn" will warn about unknown or duplicate fields without blocking the request if server-side field validation is enabled on the API server, and behave as "ignore" otherwise. "false" or "ignore" will not perform any schema validation, silently dropping any unknown or duplicate fields.',
};

export function fieldManagerFlag(manager: string): HelpFlag {
  return { name: 'field-manager', type: 'string', default: manager, description: 'Name of the manager used to track field ownership.' };
}

export const saveConfigFlag: HelpFlag = {
  name: 'save-config',
  type: 'bool',
  description:
    'If true, the configuration of current object will be saved in its annotation. Otherwise, the annotation will be unchanged. This flag is useful when you want to perform kubectl apply on this object in the future.',
};

export const selectorFlag: HelpFlag = {
  name: 'selector',
  short: 'l',
  type: 'string',
  description:
    "Selector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label constraints.",
};

/** --record: deprecated, so pflag hides it from the help. */
export const recordFlag: HelpFlag = {
  name: 'record',
  type: 'bool',
  hidden: true,
  description: 'Record current kubectl command in the resource annotation.',
};
