// type: how a name would be run (alias, keyword, builtin or file); which: /usr/bin/which.

import { BUILTIN_HELP } from './help-texts.ts';
import { invalidOption, type Builtin } from './types.ts';

export const type: Builtin = {
  name: 'type',
  summary: 'Display information about command type.',
  help: BUILTIN_HELP['type'],
  dashHelp: true,
  run(ctx) {
    const args = [...ctx.args];
    let mode: 'describe' | 't' | 'p' | 'P' = 'describe';
    while (args[0] !== undefined && /^-./.test(args[0])) {
      const a = args.shift() as string;
      if (a === '--') break;
      for (const c of a.slice(1)) {
        if (c === 't' || c === 'p' || c === 'P') mode = c;
        else if (c !== 'a' && c !== 'f') return invalidOption(ctx, `-${c}`, 'type [-afptP] name [name ...]');
      }
    }
    let status = 0;
    for (const name of args) {
      const kind = ctx.shell.commandKind(name);
      if (!kind) {
        if (mode === 'describe') ctx.err(`bash: type: ${name}: not found\n`);
        status = 1;
        continue;
      }
      if (mode === 't') ctx.out(kind.kind + '\n');
      else if (mode === 'p' || mode === 'P') {
        if (kind.kind === 'file') ctx.out(kind.path + '\n');
        else if (mode === 'P') status = 1;
      } else if (kind.kind === 'alias') ctx.out(`${name} is aliased to \`${kind.value}'\n`);
      else if (kind.kind === 'keyword') ctx.out(`${name} is a shell keyword\n`);
      else if (kind.kind === 'function') ctx.out(`${name} is a function\n`);
      else if (kind.kind === 'builtin') ctx.out(`${name} is a shell builtin\n`);
      else ctx.out(`${name} is ${kind.path}\n`);
    }
    return status;
  },
};

export const which: Builtin = {
  name: 'which',
  summary: 'locate a command',
  path: '/usr/bin/which',
  run(ctx) {
    const names = ctx.args.filter((a) => a !== '-a');
    if (names.length === 0) return 1;
    let status = 0;
    for (const name of names) {
      const kind = ctx.shell.commandKind(name);
      // which searches $PATH only: aliases, keywords and builtins are not files.
      if (kind?.kind === 'file') ctx.out(kind.path + '\n');
      else status = 1;
    }
    return status;
  },
};
