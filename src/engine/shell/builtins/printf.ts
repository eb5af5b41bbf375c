// printf: C conversions, %b and %q, the format reused until the arguments run out.

import { formatFloat, formatInteger, formatString, parseSpec } from '../cformat.ts';
import { decodeEscape } from '../lexer.ts';
import { interpretEscapes } from './echo.ts';
import { BUILTIN_HELP } from './help-texts.ts';
import { invalidOption, type Builtin, type BuiltinContext } from './types.ts';

const USAGE = 'printf [-v var] format [arguments]';

export const printf: Builtin = {
  name: 'printf',
  summary: 'Formats and prints ARGUMENTS under control of the FORMAT.',
  help: BUILTIN_HELP['printf'],
  dashHelp: true,
  run(ctx) {
    const args = [...ctx.args];
    let target: string | null = null;
    while (args[0] !== undefined && args[0].startsWith('-') && args[0] !== '-') {
      const a = args.shift() as string;
      if (a === '--') break;
      if (a === '-v') {
        const name = args.shift();
        if (name === undefined) {
          ctx.err(`bash: printf: -v: option requires an argument\nprintf: usage: ${USAGE}\n`);
          return 2;
        }
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
          ctx.err(`bash: printf: \`${name}': not a valid identifier\n`);
          return 2;
        }
        target = name;
      } else return invalidOption(ctx, a.slice(0, 2), USAGE);
    }
    const format = args.shift();
    if (format === undefined) {
      ctx.err(`printf: usage: ${USAGE}\n`);
      return 2;
    }
    const { text, status } = formatAll(format, args, ctx);
    if (target !== null) ctx.shell.setVar(target, text);
    else ctx.out(text);
    return status;
  },
};

function formatAll(format: string, args: string[], ctx: BuiltinContext): { text: string; status: number } {
  let text = '';
  let status = 0;
  let next = 0;
  const take = (): string | undefined => (next < args.length ? args[next++] : undefined);
  const number = (arg: string | undefined): bigint => {
    if (arg === undefined) return 0n;
    const parsed = parseInteger(arg);
    if (!parsed.ok) {
      ctx.err(`bash: printf: ${arg}: invalid number\n`);
      status = 1;
    }
    return parsed.value;
  };
  const float = (arg: string | undefined): number => {
    if (arg === undefined) return 0;
    if (/^['"]/.test(arg)) return arg.length > 1 ? (arg.codePointAt(1) as number) : 0;
    const m = /^\s*[-+]?(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|inf(?:inity)?|nan)/i.exec(arg);
    if (!m || m[0].length !== arg.length) {
      ctx.err(`bash: printf: ${arg}: invalid number\n`);
      status = 1;
    }
    return m ? Number(m[0].replace(/inf(inity)?/i, 'Infinity').replace(/nan/i, 'NaN')) : 0;
  };
  for (;;) {
    const before = next;
    for (let i = 0; i < format.length; i++) {
      const c = format[i] as string;
      if (c === '\\') {
        if (format[i + 1] === 'c') return { text, status };
        const esc = decodeEscape(format, i + 1, true);
        text += esc.text;
        i = esc.end - 1;
        continue;
      }
      if (c !== '%') {
        text += c;
        continue;
      }
      if (format[i + 1] === '%') {
        text += '%';
        i++;
        continue;
      }
      const parsed = parseSpec(format, i + 1, () => Number(number(take())));
      if (!parsed) {
        const bad = format[i + 1];
        if (bad === undefined) {
          ctx.err('bash: printf: `%\': missing format character\n');
        } else {
          ctx.err(`bash: printf: \`${bad}': invalid format character\n`);
        }
        return { text, status: 1 };
      }
      const { spec, end } = parsed;
      i = end - 1;
      switch (spec.conv) {
        case 's':
        case 'c':
          text += formatString(spec, take() ?? '');
          break;
        case 'b': {
          const decoded = interpretEscapes(take() ?? '');
          text += formatString({ ...spec, conv: 's' }, decoded.text);
          if (decoded.stop) return { text, status };
          break;
        }
        case 'q':
          text += formatString({ ...spec, conv: 's' }, quote(take() ?? ''));
          break;
        case 'd':
        case 'i':
        case 'o':
        case 'u':
        case 'x':
        case 'X':
          text += formatInteger(spec, number(take()));
          break;
        default:
          text += formatFloat(spec, float(take()));
      }
    }
    if (next >= args.length || next === before) break;
  }
  return { text, status };
}

/** Leading integer of an argument (decimal, 0x hex, 0 octal, 'c character). */
function parseInteger(arg: string): { value: bigint; ok: boolean } {
  if (/^['"]/.test(arg)) return { value: BigInt(arg.length > 1 ? (arg.codePointAt(1) as number) : 0), ok: true };
  const m = /^\s*([-+]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/.exec(arg);
  if (!m) return { value: 0n, ok: arg === '' };
  const body = m[2] as string;
  let value = /^0[xX]/.test(body) ? BigInt(body) : body.startsWith('0') && body.length > 1 ? BigInt('0o' + body.slice(1)) : BigInt(body);
  if (m[1] === '-') value = -value;
  return { value, ok: m[0].length === arg.length };
}

/** %q: quote for reuse as shell input, bash style (backslashes, $'…' for control characters). */
export function quote(s: string): string {
  if (s === '') return "''";
  if (/[\x00-\x1f\x7f]/.test(s)) {
    const body = s.replace(/[\\'\x00-\x1f\x7f]/g, (c) => {
      const named: Record<string, string> = { '\n': '\\n', '\t': '\\t', '\r': '\\r', '\\': '\\\\', "'": "\\'", '\x1b': '\\E', '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\v': '\\v' };
      return named[c] ?? '\\' + c.charCodeAt(0).toString(8).padStart(3, '0');
    });
    return `$'${body}'`;
  }
  return s.replace(/[ !"#$&'()*,;<=>?[\\\]^`{|}~]/g, (c) => '\\' + c).replace(/^~/, '\\~');
}
