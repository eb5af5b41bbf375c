// ls: one name per line (what ls prints when its output is not a terminal's width-aware
// column layout), -a -A -d -F -p -r -R -1 -l; C-locale byte order.

import { statOf, type FileStat } from '../fs.ts';
import type { CommandContext, CommandDescriptor } from '../types.ts';
import { COMMAND_HELP } from './help-texts.ts';
import { isResult, Out, parseArgs } from './util.ts';

const SPECS = [
  { key: 'a', short: 'a', long: 'all' },
  { key: 'A', short: 'A', long: 'almost-all' },
  { key: 'd', short: 'd', long: 'directory' },
  { key: 'F', short: 'F', long: 'classify', arg: 'optional' as const },
  { key: 'p', short: 'p' },
  { key: 'l', short: 'l' },
  { key: 'r', short: 'r', long: 'reverse' },
  { key: 'R', short: 'R', long: 'recursive' },
  { key: '1', short: '1' },
  { key: 'h', short: 'h', long: 'human-readable' },
  { key: 't', short: 't' },
  { key: 'S', short: 'S' },
  { key: 'color', long: 'color', arg: 'optional' as const },
];

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const HALF_YEAR_MS = (365.2425 / 2) * 86400_000;

/** Civil date (UTC) of a day count since the epoch (H. Hinnant's algorithm). */
function civil(days: number): { y: number; m: number; d: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

/** `Mon dd HH:MM` for recent files, `Mon dd  YYYY` for those over six months from now. */
export function lsTime(mtime: number, now: number): string {
  const days = Math.floor(mtime / 86400_000);
  const { y, m, d } = civil(days);
  const head = `${MONTHS[m - 1]} ${String(d).padStart(2)}`;
  if (Math.abs(now - mtime) > HALF_YEAR_MS) return `${head}  ${y}`;
  const secs = Math.floor((mtime - days * 86400_000) / 1000);
  const hh = String(Math.floor(secs / 3600)).padStart(2, '0');
  const mm = String(Math.floor((secs % 3600) / 60)).padStart(2, '0');
  return `${head} ${hh}:${mm}`;
}

function human(size: number): string {
  if (size < 1024) return String(size);
  const units = ['K', 'M', 'G', 'T'];
  let v = size;
  let u = -1;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return (v < 10 ? (Math.ceil(v * 10) / 10).toFixed(1) : String(Math.ceil(v))) + units[u];
}

interface Entry {
  name: string;
  path: string;
  stat: FileStat;
}

export const ls: CommandDescriptor = {
  name: 'ls',
  summary: 'list directory contents',
  help: COMMAND_HELP['ls'] as string,
  run(ctx) {
    const parsed = parseArgs('ls', ctx.args, SPECS, 2);
    if (isResult(parsed)) return parsed;
    const f = new Set(parsed.opts.map((o) => o.key));
    const o = new Out();
    let status = 0;
    const operands = parsed.operands.length ? parsed.operands : ['.'];
    const files: Entry[] = [];
    const dirs: Entry[] = [];
    for (const name of operands) {
      const stat = statOf(ctx.fs, name);
      if (!stat) {
        o.err(`ls: cannot access '${name}': No such file or directory\n`);
        status = 2;
        continue;
      }
      (stat.type === 'dir' && !f.has('d') ? dirs : files).push({ name, path: name, stat });
    }
    const now = newest(ctx);
    const order = (entries: Entry[]): Entry[] => {
      const sorted = [...entries].sort((a, b) => {
        if (f.has('S') && a.stat.size !== b.stat.size) return b.stat.size - a.stat.size;
        if (f.has('t') && a.stat.mtime !== b.stat.mtime) return b.stat.mtime - a.stat.mtime;
        return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
      });
      return f.has('r') ? sorted.reverse() : sorted;
    };
    const suffix = (e: Entry): string => (e.stat.type === 'dir' && (f.has('F') || f.has('p')) ? '/' : '');
    const print = (entries: Entry[], total: boolean): void => {
      if (!f.has('l')) {
        for (const e of entries) o.out(e.name + suffix(e) + '\n');
        return;
      }
      if (total) o.out(`total ${entries.reduce((s, e) => s + blocks(e.stat), 0)}\n`);
      const linkW = Math.max(0, ...entries.map((e) => String(e.stat.links).length));
      const sizeW = Math.max(0, ...entries.map((e) => sizeText(e.stat, f.has('h')).length));
      for (const e of entries) {
        const mode = e.stat.type === 'dir' ? 'drwxr-xr-x' : e.stat.type === 'char' ? 'crw-rw-rw-' : '-rw-r--r--';
        o.out(
          `${mode} ${String(e.stat.links).padStart(linkW)} root root ${sizeText(e.stat, f.has('h')).padStart(sizeW)} ${lsTime(e.stat.mtime, now)} ${e.name}${suffix(e)}\n`,
        );
      }
    };
    if (files.length) print(order(files), false);
    const listDir = (dir: Entry, header: boolean, first: boolean): void => {
      if (header) o.out(`${first ? '' : '\n'}${dir.name}:\n`);
      const names = ctx.fs.list(dir.path) ?? [];
      const shown = names.filter((n) => f.has('a') || f.has('A') || !n.startsWith('.'));
      let entries: Entry[] = shown.map((n) => {
        const path = dir.path.endsWith('/') ? dir.path + n : `${dir.path}/${n}`;
        return { name: n, path, stat: statOf(ctx.fs, path) as FileStat };
      });
      entries = order(entries);
      if (f.has('a')) {
        const dot = (n: string, p: string): Entry => ({ name: n, path: p, stat: statOf(ctx.fs, p) as FileStat });
        const dots = [dot('.', dir.path), dot('..', `${dir.path}/..`)];
        entries = f.has('r') ? [...entries, ...dots.reverse()] : [...dots, ...entries];
      }
      print(entries, true);
      if (f.has('R')) {
        for (const e of entries) {
          if (e.stat.type === 'dir' && e.name !== '.' && e.name !== '..') {
            const childName = dir.name.endsWith('/') ? dir.name + e.name : `${dir.name}/${e.name}`;
            listDir({ ...e, name: childName }, true, false);
          }
        }
      }
    };
    const many = operands.length > 1 || f.has('R');
    order(dirs).forEach((d, i) => listDir(d, many, i === 0 && files.length === 0));
    return o.result(status);
  },
};

function sizeText(stat: FileStat, humanReadable: boolean): string {
  if (stat.type === 'char') return '1, 3';
  return humanReadable ? human(stat.size) : String(stat.size);
}

/** 1K blocks as ls counts them: whole 4K blocks for anything non-empty. */
function blocks(stat: FileStat): number {
  if (stat.type === 'char') return 0;
  return Math.ceil(stat.size / 4096) * 4;
}

/** "Now" for the recent/old date format: the filesystem's clock when it has one. */
function newest(ctx: CommandContext): number {
  const clock = ctx.fs as CommandContext['fs'] & { currentTime?: () => number };
  return typeof clock.currentTime === 'function' ? clock.currentTime() : 0;
}
