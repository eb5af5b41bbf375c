// libxtables' option machinery (xtoptions.c) for "x6" extensions: per-option type parsing,
// the generic checks (used once, cannot be inverted, mandatory, excl/also) and their exact
// messages. Messages ending in "\n" are printed with the blank line iptables shows.
import { paramError } from './errors.ts';
import { strtodFull, xtStrtoul, u32 } from './cnum.ts';
import { inetPton } from './ipv4.ts';
import { formatIPv6, parseIPv6 } from './ipv6.ts';
import type { Family } from '../types.ts';
import { serviceToPort } from './names.ts';

export type OptType =
  | 'none'
  | 'string'
  | 'uint8'
  | 'uint16'
  | 'uint32'
  | 'double'
  | 'markmask32'
  | 'sysloglevel'
  | 'host'
  | 'portrc';

export interface OptEntry {
  name: string;
  id: number;
  type: OptType;
  mand?: boolean;
  invert?: boolean;
  multi?: boolean;
  min?: number;
  max?: number;
  /** bit set of option ids that exclude this one */
  excl?: number;
  /** bit set of option ids this one requires */
  also?: number;
}

/** Parsed value of one option (cb->val). */
export interface OptVal {
  num: number;
  dbl: number;
  mark: number;
  mask: number;
  ports: [number, number];
  host: number;
  /** XTTYPE_HOST under ip6tables: the address as inet_ntop prints it */
  host6?: string;
}

const MAX: Record<string, number> = { uint8: 0xff, uint16: 0xffff, uint32: 0xffffffff };

const SYSLOG: Record<string, number> = {
  alert: 1, crit: 2, debug: 7, emerg: 0, error: 3, info: 6, notice: 5, panic: 0, warning: 4,
};

/** xtables_getportbyname(): numeric service or a name from /etc/services (any protocol). */
function portByName(name: string): number {
  if (/^\d+$/.test(name)) return Number(name) & 0xffff;
  return serviceToPort(name) ?? -1;
}

/** xtables_option_parse(): generic checks then the type's sub-parser; returns the value, updates xflags. */
export function optionParse(
  ext: string,
  entry: OptEntry,
  arg: string | undefined,
  invert: boolean,
  xflags: { v: number },
  family: Family = 'ipv4',
): OptVal {
  const eflag = 1 << entry.id;
  if ((!entry.multi || (entry.excl ?? 0) & eflag) && xflags.v & eflag)
    throw paramError(`${ext}: option "--${entry.name}" can only be used once.\n`);
  if (invert && !entry.invert) throw paramError(`${ext}: option "--${entry.name}" cannot be inverted.\n`);
  if (entry.type !== 'none' && arg === undefined)
    throw paramError(`${ext}: option "--${entry.name}" requires an argument.\n`);
  const val: OptVal = { num: 0, dbl: 0, mark: 0, mask: 0xffffffff, ports: [0, 0xffff], host: 0 };
  const a = arg ?? '';
  switch (entry.type) {
    case 'uint8':
    case 'uint16':
    case 'uint32': {
      const lmin = entry.min ?? 0;
      const lmax = entry.max ?? (MAX[entry.type] as number);
      const r = xtStrtoul(a, lmin, lmax);
      if (!r) throw paramError(`${ext}: bad value for option "--${entry.name}", or out of range (${lmin}-${lmax}).\n`);
      val.num = r.value;
      break;
    }
    case 'double': {
      const v = strtodFull(a);
      const min = entry.min ?? 0;
      const max = entry.max ?? 0;
      if (v === null || (min !== max && (v < min || v > max)))
        throw paramError(`${ext}: bad value for option "--${entry.name}", or out of range (${min}-${max}).\n`);
      val.dbl = v;
      break;
    }
    case 'string': {
      if (entry.min && a.length < entry.min)
        throw paramError(`Argument must have a minimum length of ${entry.min} characters\n`);
      if (entry.max && a.length > entry.max)
        throw paramError(`Argument must have a maximum length of ${entry.max} characters\n`);
      break;
    }
    case 'markmask32': {
      const r = xtStrtoul(a, 0, 0xffffffff, true);
      if (!r) throw paramError(`${ext}: bad integer value for option "--${entry.name}", or out of range.\n`);
      val.mark = r.value;
      if (r.end === a.length) break;
      if (a[r.end] !== '/') throw paramError(`${ext}: trailing garbage after value for option "--${entry.name}".\n`);
      const rest = a.slice(r.end + 1);
      const m = xtStrtoul(rest, 0, 0xffffffff, true);
      if (!m) throw paramError(`${ext}: bad integer value for option "--${entry.name}", or out of range.\n`);
      if (m.end !== rest.length) throw paramError(`${ext}: trailing garbage after value for option "--${entry.name}".\n`);
      val.mask = m.value;
      break;
    }
    case 'sysloglevel': {
      const r = xtStrtoul(a, 0, 7);
      if (r) val.num = r.value;
      else {
        const lvl = SYSLOG[a];
        if (lvl === undefined) throw paramError(`log level "${a}" unknown\n`);
        val.num = lvl;
      }
      break;
    }
    case 'host': {
      if (family === 'ipv6') {
        const h6 = a === 'localhost' ? 1n : parseIPv6(a);
        // getaddrinfo(AF_INET6) of an IPv4 literal fails with EAI_ADDRFAMILY
        if (h6 === null) throw paramError(`getaddrinfo: ${inetPton(a) !== null ? 'Address family for hostname not supported' : 'Temporary failure in name resolution'}\n`);
        val.host6 = formatIPv6(h6);
        break;
      }
      const h = a === 'localhost' ? 0x7f000001 : inetPton(a);
      if (h === null) throw paramError('getaddrinfo: Temporary failure in name resolution\n');
      val.host = u32(h);
      break;
    }
    case 'portrc': {
      const parts = a.split(':');
      if (parts.length > 2) throw paramError(`${ext}: Too many components for option "--${entry.name}" (max: 2)\n`);
      const got: number[] = [];
      for (const p of parts) {
        if (p === '') {
          got.push(got.length === 0 ? 0 : 0xffff);
          continue;
        }
        const v = portByName(p);
        if (v < 0) throw paramError(`Port "${p}" does not resolve to anything.\n`);
        got.push(v);
      }
      val.ports = [got[0] as number, (got.length === 1 ? got[0] : got[1]) as number];
      break;
    }
    case 'none':
      break;
  }
  xflags.v |= eflag;
  return val;
}

/** xtables_options_fcheck(): mandatory options, then "also requires" / "cannot be used together". */
export function optionsFcheck(ext: string, xflags: number, table: OptEntry[]): void {
  const lookup = (id: number): OptEntry | undefined => table.find((e) => e.id === id);
  for (const entry of table) {
    if (entry.mand && !(xflags & (1 << entry.id)))
      throw paramError(`${ext}: option "--${entry.name}" must be specified\n`);
    if (!(xflags & (1 << entry.id))) continue;
    for (let i = 0; i < 32; i++) {
      if (entry.id === i) continue;
      const other = lookup(i);
      if (!other) continue;
      const ef = 1 << entry.id;
      const of = 1 << other.id;
      if ((entry.also ?? 0) & of && !(xflags & of))
        throw paramError(`${ext}: option "--${entry.name}" also requires "--${other.name}".\n`);
      if (!((entry.excl ?? 0) & of)) continue;
      if ((xflags & (ef | of)) !== (ef | of)) continue;
      throw paramError(`${ext}: option "--${entry.name}" cannot be used together with "--${other.name}".\n`);
    }
  }
}
