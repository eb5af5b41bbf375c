// `kubectl <command> --help` of the write commands, rendered by the shared help printer
// (printers/helpText.ts: kubectl's help template as a ≥120-column terminal shows it). This
// adapter takes the texts as kubectl's sources hold them once normalised: the long description
// as templates.LongDesc renders it, the examples as templates.Examples indents them.

import type { FlagDef } from '../flags.ts';
import { renderHelp as renderShared } from '../printers/helpText.ts';

/** A flag as the help lists it; `hidden` flags are accepted but not listed (pflag MarkHidden). */
export type HelpFlag = FlagDef & { hidden?: boolean };

export interface HelpSpec {
  /** Rendered long description. */
  long: string;
  /** The command's own name and its aliases, for the `Aliases:` section. */
  name?: string;
  aliases?: string[];
  /** Rendered examples (every line indented by two spaces). */
  examples?: string;
  /** Subcommands for `Available Commands:` (cobra lists them sorted). */
  subcommands?: { name: string; short: string }[];
  flags: readonly HelpFlag[];
  /** The usage line, e.g. `kubectl apply (-f FILENAME | -k DIRECTORY) [options]`. */
  usage: string;
  /** The command path for the `<command> --help` hint, e.g. `kubectl create service`. */
  commandPath?: string;
}

export function renderHelp(spec: HelpSpec): string {
  const subcommands = spec.subcommands ? [...spec.subcommands].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) : undefined;
  const text = renderShared({
    long: spec.long,
    ...(spec.examples ? { examples: spec.examples.split('\n').map((l) => l.trim()) } : {}),
    flags: spec.flags.filter((f) => !f.hidden),
    usage: spec.usage,
    ...(spec.aliases && spec.aliases.length > 0 ? { aliases: [spec.name ?? '', ...spec.aliases].join(', ') } : {}),
    ...(subcommands && subcommands.length > 0 ? { subcommands: subcommands.map((c): [string, string] => [c.name, c.short]) } : {}),
  });
  // The shared renderer names the parent by the first two words of the usage line; a
  // grandchild parent (`kubectl create service`) needs its full path.
  if (!spec.commandPath || !subcommands?.length) return text;
  return text.replace(/^Use "[^"<]*<command> --help"/m, `Use "${spec.commandPath} <command> --help"`);
}
