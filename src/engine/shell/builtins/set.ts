// set: -e -u -x and -o pipefail (and their + forms), `set -- args` for $1…, and with no
// argument the list of variables in reusable form.

import { BUILTIN_HELP } from './help-texts.ts';
import type { Builtin, ShellOptionsState } from './types.ts';

const USAGE = 'set [-abefhkmnptuvxBCEHPT] [-o option-name] [--] [-] [arg ...]';
const LETTERS: Record<string, keyof ShellOptionsState> = { e: 'errexit', u: 'nounset', x: 'xtrace' };
const NAMED: Record<string, keyof ShellOptionsState> = { errexit: 'errexit', nounset: 'nounset', xtrace: 'xtrace', pipefail: 'pipefail' };
// Options bash knows that change nothing in this shell.
const ACCEPTED = 'abfhkmnptvBCEHPT';

/** bash's quoting in `set` output: plain, '…', or $'…' for control characters. */
function quoteValue(v: string): string {
  if (/[\x00-\x1f\x7f]/.test(v)) {
    const named: Record<string, string> = { '\n': '\\n', '\t': '\\t', '\r': '\\r', '\x1b': '\\E', '\\': '\\\\', "'": "\\'" };
    return `$'${v.replace(/[\x00-\x1f\x7f\\']/g, (c) => named[c] ?? '\\' + c.charCodeAt(0).toString(8).padStart(3, '0'))}'`;
  }
  if (v !== '' && !/[\s'"\\$`|&;()<>*?[\]{}!#~]/.test(v)) return v;
  return `'${v.replace(/'/g, `'\\''`)}'`;
}

export const set: Builtin = {
  name: 'set',
  summary: 'Set or unset values of shell options and positional parameters.',
  help: BUILTIN_HELP['set'],
  dashHelp: true,
  run(ctx) {
    const sh = ctx.shell;
    if (ctx.args.length === 0) {
      for (const name of sh.varNames()) ctx.out(`${name}=${quoteValue(sh.getVar(name) as string)}\n`);
      return 0;
    }
    const args = [...ctx.args];
    while (args.length > 0) {
      const a = args[0] as string;
      if (a === '--') {
        args.shift();
        sh.positional = args;
        return 0;
      }
      if (a === '-') {
        args.shift();
        sh.options = { ...sh.options, xtrace: false };
        sh.positional = args;
        return 0;
      }
      if (!/^[-+]/.test(a)) break;
      args.shift();
      const on = a[0] === '-';
      for (const c of a.slice(1)) {
        if (c === 'o') {
          const name = args.shift();
          if (name === undefined) {
            for (const [k, key] of Object.entries(NAMED)) ctx.out(on ? `${k.padEnd(15)}\t${sh.options[key] ? 'on' : 'off'}\n` : `set ${sh.options[key] ? '-' : '+'}o ${k}\n`);
            continue;
          }
          const key = NAMED[name];
          if (!key) {
            ctx.err(`bash: set: ${name}: invalid option name\n`);
            return 2;
          }
          sh.options = { ...sh.options, [key]: on };
        } else if (LETTERS[c]) sh.options = { ...sh.options, [LETTERS[c] as string]: on };
        else if (!ACCEPTED.includes(c)) {
          ctx.err(`bash: set: ${a[0]}${c}: invalid option\nset: usage: ${USAGE}\n`);
          return 2;
        }
      }
    }
    if (args.length > 0) sh.positional = args;
    return 0;
  },
};
