// export and unset.

import { BUILTIN_HELP } from './help-texts.ts';
import { invalidOption, type Builtin } from './types.ts';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `declare -x NAME="value"` quoting: backslash before " \ $ `. */
function declareLine(name: string, value: string | undefined): string {
  if (value === undefined) return `declare -x ${name}\n`;
  return `declare -x ${name}="${value.replace(/["\\$`]/g, (c) => '\\' + c)}"\n`;
}

export const exportBuiltin: Builtin = {
  name: 'export',
  summary: 'Set export attribute for shell variables.',
  help: BUILTIN_HELP['export'],
  dashHelp: true,
  run(ctx) {
    const sh = ctx.shell;
    const args = [...ctx.args];
    let unexport = false;
    let print = false;
    while (args[0] !== undefined && /^-/.test(args[0])) {
      const a = args.shift() as string;
      if (a === '--') break;
      for (const c of a.slice(1)) {
        if (c === 'n') unexport = true;
        else if (c === 'p') print = true;
        else if (c !== 'f') return invalidOption(ctx, `-${c}`, 'export [-fn] [name[=value] ...] or export -p');
      }
    }
    if (args.length === 0) {
      if (!print && unexport) return 0;
      for (const name of sh.exportedNames()) ctx.out(declareLine(name, sh.getVar(name)));
      return 0;
    }
    let status = 0;
    for (const arg of args) {
      const eq = arg.indexOf('=');
      const name = eq < 0 ? arg : arg.slice(0, eq).replace(/\+$/, '');
      if (!NAME.test(name)) {
        ctx.err(`bash: export: \`${arg}': not a valid identifier\n`);
        status = 1;
        continue;
      }
      if (unexport) {
        if (eq >= 0) sh.setVar(name, arg.slice(eq + 1));
        sh.unexportVar(name);
        continue;
      }
      if (eq < 0) sh.exportVar(name);
      else {
        const append = arg[eq - 1] === '+';
        const value = arg.slice(eq + 1);
        sh.exportVar(name, append ? (sh.getVar(name) ?? '') + value : value);
      }
    }
    return status;
  },
};

export const unset: Builtin = {
  name: 'unset',
  summary: 'Unset values and attributes of shell variables and functions.',
  help: BUILTIN_HELP['unset'],
  dashHelp: true,
  run(ctx) {
    const args = [...ctx.args];
    while (args[0] !== undefined && /^-/.test(args[0])) {
      const a = args.shift() as string;
      if (a === '--') break;
      for (const c of a.slice(1)) {
        if (!'fvn'.includes(c)) return invalidOption(ctx, `-${c}`, 'unset [-f] [-v] [-n] [name ...]');
      }
    }
    for (const name of args) if (NAME.test(name)) ctx.shell.unsetVar(name);
    return 0;
  },
};
