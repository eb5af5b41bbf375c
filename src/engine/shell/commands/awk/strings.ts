// awk's string machinery: printf formatting, sub/gsub/gensub replacement, regex splitting,
// escape processing of command-line assignments.

import { formatFloat, formatInteger, formatString, parseSpec } from '../../cformat.ts';
import { AwkFatal } from './errors.ts';
import { isNumeric, numToStr, StrNum, strToNum, toNum, toStr, type Val } from './values.ts';

/** printf/sprintf with awk's conversions (%c of a number is a character, %d truncates). */
export function awkSprintf(fmt: string, args: Val[], convfmt: string): string {
  const str = (v: Val): string => toStr(v, convfmt);
  let out = '';
  let next = 0;
  let at = 0;
  const take = (): Val => {
    if (next >= args.length) {
      throw new AwkFatal(`not enough arguments to satisfy format string\n\t\`${fmt}'\n\t${' '.repeat(at)}^ ran out for this one`);
    }
    return args[next++];
  };
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i] as string;
    if (c !== '%') {
      out += c;
      continue;
    }
    if (fmt[i + 1] === '%') {
      out += '%';
      i++;
      continue;
    }
    const parsed = parseSpec(fmt, i + 1, () => Math.trunc(toNum(take())));
    if (!parsed) {
      out += c;
      continue;
    }
    const { spec, end } = parsed;
    i = end - 1;
    at = i;
    const v = take();
    switch (spec.conv) {
      case 'c': {
        if (typeof v === 'number' || (v instanceof StrNum && isNumeric(v))) {
          out += formatString({ ...spec, conv: 's' }, String.fromCodePoint(Math.trunc(toNum(v)) & 0x1fffff));
        } else out += formatString(spec, str(v));
        break;
      }
      case 's':
        out += formatString(spec, typeof v === 'number' ? numToStr(v, convfmt) : str(v));
        break;
      case 'd':
      case 'i':
      case 'o':
      case 'x':
      case 'X':
      case 'u': {
        const num = toNum(v);
        if (!Number.isFinite(num)) out += formatFloat({ ...spec, conv: 'f' }, num);
        else out += formatInteger({ ...spec, conv: spec.conv === 'i' ? 'd' : spec.conv }, BigInt(Math.trunc(num)));
        break;
      }
      default:
        out += formatFloat(spec, toNum(v));
    }
  }
  return out;
}

/** sub/gsub: `&` is the match, `\&` a literal ampersand, `\\` a backslash. */
export function substitute(text: string, re: RegExp, repl: string, global: boolean): { result: string; count: number } {
  const g = new RegExp(re.source, re.flags.replace('g', '') + 'g');
  let count = 0;
  let out = '';
  let last = 0;
  for (let m = g.exec(text); m; m = g.exec(text)) {
    out += text.slice(last, m.index) + expandRepl(repl, m[0]);
    count++;
    if (m[0] === '') {
      if (m.index < text.length) out += text[m.index];
      last = m.index + 1;
      g.lastIndex = m.index + 1;
    } else last = m.index + m[0].length;
    if (!global) break;
    if (last > text.length) break;
  }
  out += text.slice(Math.min(last, text.length));
  return { result: out, count };
}

function expandRepl(repl: string, match: string): string {
  let out = '';
  for (let i = 0; i < repl.length; i++) {
    const c = repl[i];
    if (c === '\\' && (repl[i + 1] === '&' || repl[i + 1] === '\\')) {
      out += repl[i + 1];
      i++;
    } else if (c === '&') out += match;
    else out += c;
  }
  return out;
}

export function gensub(text: string, re: RegExp, repl: string, how: string): string {
  const global = /^[gG]/.test(how);
  const which = global ? 0 : Math.max(1, Math.trunc(strToNum(how)) || 1);
  const g = new RegExp(re.source, re.flags.replace('g', '') + 'g');
  let n = 0;
  return text.replace(g, (...m: unknown[]) => {
    n++;
    const groups = m.slice(0, -2) as (string | undefined)[];
    if (!global && n !== which) return groups[0] as string;
    let out = '';
    for (let i = 0; i < repl.length; i++) {
      const c = repl[i] as string;
      if (c === '\\' && /[0-9]/.test(repl[i + 1] ?? '')) {
        out += groups[Number(repl[i + 1])] ?? '';
        i++;
      } else if (c === '\\' && (repl[i + 1] === '&' || repl[i + 1] === '\\')) {
        out += repl[i + 1];
        i++;
      } else if (c === '&') out += groups[0] as string;
      else out += c;
    }
    return out;
  });
}

/** -v and command-line assignments process escape sequences like string literals. */
export function unescape(s: string): string {
  return s.replace(/\\([ntr\\"/abfv]|[0-7]{1,3})/g, (_, c: string) => {
    const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', '/': '/', a: '\x07', b: '\b', f: '\f', v: '\v' };
    return map[c] ?? String.fromCharCode(parseInt(c, 8));
  });
}

/** Split on a regex without inserting its capture groups (String.split would). */
export function regexSplit(text: string, re: RegExp): string[] {
  const g = new RegExp(re.source, re.flags.replace('g', '') + 'g');
  const out: string[] = [];
  let last = 0;
  for (let m = g.exec(text); m; m = g.exec(text)) {
    if (m[0] === '') {
      g.lastIndex++;
      continue;
    }
    out.push(text.slice(last, m.index));
    last = m.index + m[0].length;
  }
  out.push(text.slice(last));
  return out;
}

/** Records of an input by RS: newline, "" (paragraphs), one character, or a regex. */
export function splitRecords(data: string, rs: string, regex: (src: string) => RegExp): string[] {
  if (data === '') return [];
  if (rs === '\n') {
    const recs = data.split('\n');
    if (data.endsWith('\n')) recs.pop();
    return recs;
  }
  if (rs === '') {
    return data
      .replace(/^\n+/, '')
      .replace(/\n+$/, '')
      .split(/\n\n+/)
      .filter((r) => r !== '');
  }
  const parts = rs.length === 1 ? data.split(rs) : regexSplit(data, regex(rs));
  if (parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/** Fields by FS: " " splits on blank runs, one other character literally, longer as a regex. */
export function splitFields(text: string, fs: string | RegExp, paragraph: boolean, regex: (src: string) => RegExp): string[] {
  if (fs instanceof RegExp) return text === '' ? [] : regexSplit(text, fs);
  if (fs === ' ') {
    const t = text.replace(/^[ \t\n]+|[ \t\n]+$/g, '');
    return t === '' ? [] : t.split(/[ \t\n]+/);
  }
  if (text === '') return [];
  let parts: string[];
  if (fs === '') parts = [...text];
  else if (fs.length === 1 && fs !== '\\') parts = text.split(fs);
  else parts = regexSplit(text, regex(fs));
  // Paragraph mode: a newline always separates fields too.
  return paragraph ? parts.flatMap((p) => p.split('\n')) : parts;
}
