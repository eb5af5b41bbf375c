// alias and unalias.

import { BUILTIN_HELP } from './help-texts.ts';
import { invalidOption, type Builtin } from './types.ts';

const quoteAlias = (v: string): string => `'${v.replace(/'/g, `'\\''`)}'`;

export const alias: Builtin = {
  name: 'alias',
  summary: 'Define or display aliases.',
  help: BUILTIN_HELP['alias'],
  dashHelp: true,
  run(ctx) {
    const aliases = ctx.shell.aliases;
    const args = [...ctx.args];
    while (args[0] !== undefined && /^-./.test(args[0])) {
      const a = args.shift() as string;
      if (a === '--') break;
      if (a !== '-p') return invalidOption(ctx, a.slice(0, 2), 'alias [-p] [name[=value] ... ]');
    }
    if (args.length === 0) {
      for (const name of [...aliases.keys()].sort()) ctx.out(`alias ${name}=${quoteAlias(aliases.get(name) as string)}\n`);
      return 0;
    }
    let status = 0;
    for (const arg of args) {
      const eq = arg.indexOf('=');
      if (eq > 0) {
        const name = arg.slice(0, eq);
        if (/[\s/$`=|&;()<>'"\\]/.test(name)) {
          ctx.err(`bash: alias: \`${name}': invalid alias name\n`);
          status = 1;
          continue;
        }
        aliases.set(name, arg.slice(eq + 1));
      } else if (aliases.has(arg)) ctx.out(`alias ${arg}=${quoteAlias(aliases.get(arg) as string)}\n`);
      else {
        ctx.err(`bash: alias: ${arg}: not found\n`);
        status = 1;
      }
    }
    return status;
  },
};

export const unalias: Builtin = {
  name: 'unalias',
  summary: 'Remove each NAME from the list of defined aliases.',
  help: BUILTIN_HELP['unalias'],
  dashHelp: true,
  run(ctx) {
    const aliases = ctx.shell.aliases;
    if (ctx.args[0] === '-a') {
      aliases.clear();
      return 0;
    }
    if (ctx.args.length === 0) {
      ctx.err('unalias: usage: unalias [-a] name [name ...]\n');
      return 2;
    }
    let status = 0;
    for (const name of ctx.args) {
      if (!aliases.delete(name)) {
        ctx.err(`bash: unalias: ${name}: not found\n`);
        status = 1;
      }
    }
    return status;
  },
};
