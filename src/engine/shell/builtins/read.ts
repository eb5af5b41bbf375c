// read: one line from standard input, split on IFS into the named variables (REPLY when
// none); the last name takes the rest of the line. Consumes the shared input stream, so
// `while read line; do …; done < file` walks the file.

import { BUILTIN_HELP } from './help-texts.ts';
import { invalidOption, type Builtin } from './types.ts';

const USAGE = 'read [-ers] [-a array] [-d delim] [-i text] [-n nchars] [-N nchars] [-p prompt] [-t timeout] [-u fd] [name ...]';

export const read: Builtin = {
  name: 'read',
  summary: 'Read a line from the standard input and split it into fields.',
  help: BUILTIN_HELP['read'],
  dashHelp: true,
  run(ctx) {
    const args = [...ctx.args];
    let raw = false;
    let delim = '\n';
    let prompt: string | null = null;
    while (args[0] !== undefined && /^-./.test(args[0])) {
      const a = args.shift() as string;
      if (a === '--') break;
      for (let i = 1; i < a.length; i++) {
        const c = a[i] as string;
        if (c === 'r') raw = true;
        else if (c === 's' || c === 'e') continue;
        else if ('dptnNiua'.includes(c)) {
          const value = a.slice(i + 1) || args.shift();
          if (value === undefined) {
            ctx.err(`bash: read: -${c}: option requires an argument\nread: usage: ${USAGE}\n`);
            return 2;
          }
          if (c === 'd') delim = value[0] ?? '\0';
          if (c === 'p') prompt = value;
          break;
        } else return invalidOption(ctx, `-${c}`, USAGE);
      }
    }
    for (const name of args) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
        ctx.err(`bash: read: \`${name}': not a valid identifier\n`);
        return 1;
      }
    }
    const stream = ctx.stdin;
    if (prompt !== null && stream.tty) ctx.err(prompt);
    const data = stream.data;
    let line = '';
    let found = false;
    let i = stream.pos;
    for (; i < data.length; i++) {
      const c = data[i] as string;
      if (!raw && c === '\\' && i + 1 < data.length) {
        if (data[i + 1] !== '\n') line += '\\' + data[i + 1];
        i++;
        continue;
      }
      if (c === delim) {
        found = true;
        i++;
        break;
      }
      line += c;
    }
    stream.pos = i;
    assign(ctx.shell, args, line, raw);
    return found ? 0 : 1;
  },
};

function assign(sh: { getVar(n: string): string | undefined; setVar(n: string, v: string): void }, names: string[], line: string, raw: boolean): void {
  const unescape = (s: string): string => (raw ? s : s.replace(/\\(.)/g, '$1'));
  if (names.length === 0) {
    sh.setVar('REPLY', unescape(line));
    return;
  }
  const ifs = sh.getVar('IFS') ?? ' \t\n';
  const white = [...ifs].filter((c) => ' \t\n'.includes(c)).join('');
  const isIfs = (c: string): boolean => ifs.includes(c);
  const isWhite = (c: string): boolean => white.includes(c);
  let pos = 0;
  const skipWhite = (): void => {
    while (pos < line.length && isWhite(line[pos] as string)) pos++;
  };
  skipWhite();
  names.forEach((name, n) => {
    if (n === names.length - 1) {
      let rest = line.slice(pos);
      while (rest !== '' && isWhite(rest[rest.length - 1] as string) && rest[rest.length - 2] !== '\\') rest = rest.slice(0, -1);
      sh.setVar(name, unescape(rest));
      return;
    }
    let field = '';
    while (pos < line.length && !isIfs(line[pos] as string)) {
      if (!raw && line[pos] === '\\' && pos + 1 < line.length) field += line[pos++];
      field += line[pos++];
    }
    if (pos < line.length && !isWhite(line[pos] as string)) pos++;
    skipWhite();
    sh.setVar(name, unescape(field));
  });
}
