// eval, source and `.`: run text in the current shell.

import { BUILTIN_HELP } from './help-texts.ts';
import type { Builtin, BuiltinContext } from './types.ts';

export const evalBuiltin: Builtin = {
  name: 'eval',
  summary: 'Execute arguments as a shell command.',
  help: BUILTIN_HELP['eval'],
  dashHelp: true,
  run(ctx) {
    const args = ctx.args[0] === '--' ? ctx.args.slice(1) : ctx.args;
    const text = args.join(' ');
    return text.trim() === '' ? 0 : ctx.run(text);
  },
};

function source(ctx: BuiltinContext): number {
  const args = ctx.args[0] === '--' ? ctx.args.slice(1) : ctx.args;
  const file = args[0];
  if (file === undefined) {
    ctx.err(`bash: ${ctx.name}: filename argument required\n${ctx.name}: usage: ${ctx.name} filename [arguments]\n`);
    return 2;
  }
  const fs = ctx.shell.fs;
  const text = fs.readFile(file);
  if (text === undefined) {
    const why = fs.isDirectory(file) ? 'is a directory' : 'No such file or directory';
    ctx.err(`bash: ${file}: ${why}\n`);
    return 1;
  }
  return ctx.source(text);
}

export const sourceBuiltin: Builtin = {
  name: 'source',
  summary: 'Execute commands from a file in the current shell.',
  help: BUILTIN_HELP['source'],
  dashHelp: true,
  run: source,
};

export const dot: Builtin = {
  name: '.',
  summary: 'Execute commands from a file in the current shell.',
  help: BUILTIN_HELP['.'],
  dashHelp: true,
  run: source,
};
