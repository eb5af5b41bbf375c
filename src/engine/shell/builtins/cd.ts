// cd and pwd: the working directory lives in the filesystem, $PWD/$OLDPWD in the shell.

import { BUILTIN_HELP } from './help-texts.ts';
import { invalidOption, type Builtin } from './types.ts';

export const cd: Builtin = {
  name: 'cd',
  summary: 'Change the shell working directory.',
  help: BUILTIN_HELP['cd'],
  dashHelp: true,
  run(ctx) {
    const args = [...ctx.args];
    while (args[0] !== undefined && /^-[LPe@]+$/.test(args[0])) args.shift();
    if (args[0] === '--') args.shift();
    else if (args[0] !== undefined && args[0].startsWith('-') && args[0] !== '-') {
      return invalidOption(ctx, args[0].slice(0, 2), 'cd [-L|[-P [-e]] [-@]] [dir]');
    }
    if (args.length > 1) {
      ctx.err('bash: cd: too many arguments\n');
      return 1;
    }
    const sh = ctx.shell;
    let target = args[0];
    let print = false;
    if (target === undefined) {
      target = sh.getVar('HOME');
      if (target === undefined) {
        ctx.err('bash: cd: HOME not set\n');
        return 1;
      }
    } else if (target === '-') {
      target = sh.getVar('OLDPWD');
      if (target === undefined || target === '') {
        ctx.err('bash: cd: OLDPWD not set\n');
        return 1;
      }
      print = true;
    }
    if (target === '') return 0;
    const err = sh.fs.chdir(target);
    if (err) {
      ctx.err(`bash: cd: ${target}: ${err}\n`);
      return 1;
    }
    const old = sh.getVar('PWD') ?? '';
    sh.setVar('OLDPWD', old);
    sh.setVar('PWD', sh.fs.cwd());
    if (print) ctx.out(sh.fs.cwd() + '\n');
    return 0;
  },
};

export const pwd: Builtin = {
  name: 'pwd',
  summary: 'Print the name of the current working directory.',
  help: BUILTIN_HELP['pwd'],
  dashHelp: true,
  run(ctx) {
    for (const a of ctx.args) {
      if (/^-[LP]+$/.test(a)) continue;
      if (a.startsWith('-') && a !== '-') return invalidOption(ctx, a.slice(0, 2), 'pwd [-LP]');
      break;
    }
    ctx.out(ctx.shell.fs.cwd() + '\n');
    return 0;
  },
};
