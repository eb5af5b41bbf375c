// A faithful subset of glibc getopt_long() as iptables calls it: optstring starting with "-:"
// (non-options returned in order as 1, missing arguments reported as ':'), opterr = 0
// (unknown options as '?'), long-option abbreviations, option lists that grow while parsing
// (iptables merges a match's options in when `-m` loads it).

export interface LongOpt {
  name: string;
  /** 0 none, 1 required, 2 optional ("=value" only) */
  hasArg: 0 | 1 | 2;
  /** char code for the built-in options; extension options get their own ids */
  val: number;
}

export class Getopt {
  optind = 0;
  optarg: string | undefined;
  private nextchar = '';
  private firstNonopt = 1;
  private lastNonopt = 1;
  private started = false;

  constructor(
    private readonly argv: string[],
    private readonly shortOpts: string,
  ) {}

  /** Next option: its val, 1 for a non-option, '?'/':' codes for errors, -1 at the end. */
  next(longopts: LongOpt[]): number {
    const argv = this.argv;
    const argc = argv.length;
    this.optarg = undefined;
    if (!this.started) {
      this.started = true;
      this.optind = 1;
      this.firstNonopt = this.lastNonopt = 1;
    }
    if (this.nextchar === '') {
      if (this.optind !== argc && argv[this.optind] === '--') {
        this.optind++;
        if (this.firstNonopt === this.lastNonopt) this.firstNonopt = this.optind;
        this.lastNonopt = argc;
        this.optind = argc;
      }
      if (this.optind === argc) {
        if (this.firstNonopt !== this.lastNonopt) this.optind = this.firstNonopt;
        return -1;
      }
      const arg = argv[this.optind] as string;
      if (arg[0] !== '-' || arg.length === 1) {
        this.optarg = argv[this.optind++];
        return 1;
      }
      if (arg[1] === '-') return this.long(arg.slice(2), longopts);
      this.nextchar = arg.slice(1);
    }
    return this.short();
  }

  private long(body: string, longopts: LongOpt[]): number {
    const argv = this.argv;
    const eq = body.indexOf('=');
    const name = eq >= 0 ? body.slice(0, eq) : body;
    let found: LongOpt | undefined = exactIndex(longopts).get(name);
    if (!found) {
      let ambig = false;
      for (const o of longopts) {
        if (!o.name.startsWith(name)) continue;
        if (!found) found = o;
        else if (found.hasArg !== o.hasArg || found.val !== o.val) ambig = true;
      }
      if (ambig) found = undefined;
    }
    this.optind++;
    if (!found) return QUESTION;
    if (eq >= 0) {
      if (found.hasArg === 0) return QUESTION;
      this.optarg = body.slice(eq + 1);
    } else if (found.hasArg === 1) {
      if (this.optind < argv.length) this.optarg = argv[this.optind++];
      else return COLON;
    }
    return found.val;
  }

  private short(): number {
    const argv = this.argv;
    const c = this.nextchar[0] as string;
    this.nextchar = this.nextchar.slice(1);
    const pos = c === ':' || c === '-' ? -1 : this.shortOpts.indexOf(c, 2);
    if (this.nextchar === '') this.optind++;
    if (pos < 0) return QUESTION;
    const required = this.shortOpts[pos + 1] === ':';
    const optional = required && this.shortOpts[pos + 2] === ':';
    if (required) {
      if (this.nextchar !== '') {
        this.optarg = this.nextchar;
        this.nextchar = '';
        this.optind++;
      } else if (!optional) {
        if (this.optind < argv.length) this.optarg = argv[this.optind++];
        else return COLON;
      }
    }
    return c.charCodeAt(0);
  }
}

const INDEX = new WeakMap<LongOpt[], Map<string, LongOpt>>();
/** First option of each name (the list is searched in order, so the first one wins). */
function exactIndex(longopts: LongOpt[]): Map<string, LongOpt> {
  let m = INDEX.get(longopts);
  if (!m) {
    m = new Map();
    for (const o of longopts) if (!m.has(o.name)) m.set(o.name, o);
    INDEX.set(longopts, m);
  }
  return m;
}

export const QUESTION = '?'.charCodeAt(0);
export const COLON = ':'.charCodeAt(0);
