// The text utilities every session has (coreutils, grep, awk, xargs…).

import { CommandRegistry } from '../registry.ts';
import type { CommandDescriptor } from '../types.ts';
import { awk } from './awk.ts';
import { cat } from './cat.ts';
import { cut } from './cut.ts';
import { grep } from './grep.ts';
import { head } from './head.ts';
import { ls } from './ls.ts';
import { mkdir } from './mkdir.ts';
import { rm } from './rm.ts';
import { sed } from './sed.ts';
import { seq } from './seq.ts';
import { sleep } from './sleep.ts';
import { sort } from './sort.ts';
import { tail } from './tail.ts';
import { tee } from './tee.ts';
import { touch } from './touch.ts';
import { tr } from './tr.ts';
import { uniq } from './uniq.ts';
import { wc } from './wc.ts';
import { xargs } from './xargs.ts';

/** World-independent commands: they fit a registry of any world type. */
export const STANDARD_COMMANDS: readonly CommandDescriptor[] = [
  awk, cat, cut, grep, head, ls, mkdir, rm, sed, seq, sleep, sort, tail, tee, touch, tr, uniq, wc, xargs,
];

export function registerStandardCommands<W>(registry: CommandRegistry<W>): CommandRegistry<W> {
  for (const d of STANDARD_COMMANDS) registry.register(d as CommandDescriptor<W>);
  return registry;
}

/** A registry holding the standard commands; register world commands (kubectl…) on it. */
export function createStandardRegistry<W>(): CommandRegistry<W> {
  return registerStandardCommands(new CommandRegistry<W>());
}
