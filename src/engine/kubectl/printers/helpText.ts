// `kubectl <command> --help` as kubectl prints it in a terminal at least 120 columns wide:
// the cobra help template of k8s.io/kubectl/pkg/util/templates (long description, Examples,
// Options, Usage, the global-options hint), flag usages wrapped at 110 columns and every part
// then word-wrapped at 120 by kubectl's responsive writer (mitchellh/go-wordwrap semantics:
// words longer than the limit stay whole on their own line). Learned from upstream; own code.

import type { FlagDef } from '../flags.ts';

/** The wrap limit of kubectl's responsive writer in a terminal of ≥120 columns. */
export const HELP_WIDTH = 120;

/** go-wordwrap WrapString: breaks lines at whitespace so that they fit `lim` runes. */
export function wordWrap(s: string, lim: number): string {
  let out = '';
  let current = 0;
  let word = '';
  let space = '';
  const len = (x: string): number => [...x].length;
  for (const ch of s) {
    if (ch === '\n') {
      if (word === '') {
        if (current + len(space) > lim) current = 0;
        else out += space;
      } else {
        out += space + word;
      }
      space = '';
      word = '';
      out += ch;
      current = 0;
    } else if (/\s/.test(ch) && ch !== '\u00a0') {
      if (space === '' || word !== '') {
        current += len(space) + len(word);
        out += space + word;
        space = '';
        word = '';
      }
      space += ch;
    } else {
      word += ch;
      if (current + len(space) + len(word) > lim && len(word) < lim) {
        out += '\n';
        current = 0;
        space = '';
      }
    }
  }
  if (word === '') {
    if (current + len(space) <= lim) out += space;
  } else {
    out += space + word;
  }
  return out;
}

/** pflag's DefValue as the help prints it. */
function defaultText(f: FlagDef): string {
  if (f.default !== undefined) return f.default;
  switch (f.type) {
    case 'bool':
      return 'false';
    case 'int':
      return '0';
    case 'stringArray':
      return '[]';
    case 'duration':
      return '0s';
    default:
      return '';
  }
}

/** One flag: `    -o, --output='':` then the usage on tab-indented lines. */
export function flagUsage(f: FlagDef, width = HELP_WIDTH): string {
  const value = f.type === 'string' ? `'${defaultText(f)}'` : defaultText(f);
  const head = f.short ? `    -${f.short}, --${f.name}=${value}:` : `    --${f.name}=${value}:`;
  const body = width > 0 ? wordWrap(f.description, width - 10) : f.description;
  return `${head}\n\t${body.replace(/\n/g, '\n\t')}\n\n`;
}

export interface HelpSpec {
  /** The long description, as rendered by templates.LongDesc (paragraphs separated by blank lines). */
  long: string;
  /** Example lines without indentation ("" for a blank line). */
  examples?: string[];
  flags: FlagDef[];
  /** cobra's UseLine, e.g. `kubectl get [(-o|--output=)…] (TYPE …) [flags]`. */
  usage: string;
  aliases?: string;
  /** Subcommands (name, short description) for "Available Commands:". */
  subcommands?: [string, string][];
}

/** The whole help text, ending with a newline. */
export function renderHelp(spec: HelpSpec, width = HELP_WIDTH): string {
  const wrap = (s: string): string => (width > 0 ? wordWrap(s, width) : s);
  let usage = '\n\n';
  if (spec.aliases) usage += `Aliases:\n${spec.aliases}\n\n`;
  if (spec.examples && spec.examples.length > 0) {
    const examples = spec.examples.map((l) => `  ${l.trim()}`).join('\n');
    usage += `Examples:\n${examples.trimEnd()}\n\n`;
  }
  if (spec.subcommands && spec.subcommands.length > 0) {
    // cobra pads names to at least 11 columns (minNamePadding), then 3 spaces.
    const pad = Math.max(11, ...spec.subcommands.map(([n]) => n.length));
    usage += `Available Commands:\n${spec.subcommands.map(([n, d]) => `  ${n.padEnd(pad)}   ${d}`).join('\n')}\n\n`;
  }
  const flags = [...spec.flags].filter((f) => f.name !== 'help').sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (flags.length > 0) usage += `Options:\n${flags.map((f) => flagUsage(f, width)).join('').trimEnd()}\n\n`;
  const useLine = spec.usage.includes('[options]') ? spec.usage : `${spec.usage} [options]`;
  usage += `Usage:\n  ${useLine}\n\n`;
  if (spec.subcommands && spec.subcommands.length > 0) {
    const path = spec.usage.split(' ').slice(0, 2).join(' ');
    usage += `Use "${path} <command> --help" for more information about a given command.\n`;
  }
  usage += 'Use "kubectl options" for a list of global command-line options (applies to all commands).\n';
  return wrap(spec.long.trim()) + wrap(usage);
}
