// The pcap-filter subset tcpdump accepts here: host/src/dst host, port/src/dst port, net CIDR,
// tcp/udp/icmp, and/or/not (&&, ||, !) with parentheses. Errors carry libpcap 1.10's texts
// (checked against tcpdump 4.99.3 / libpcap 1.10.3 on Debian 12).

import type { Packet } from '../../netfilter/types.ts';

export type Filter = (p: Packet) => boolean;
export type FilterResult = { ok: true; match: Filter } | { ok: false; error: string };

const SYNTAX = "can't parse filter expression: syntax error";

class FilterError extends Error {}

/** Splits an expression into words and operators (`(`, `)`, `!`, `&&`, `||`). */
function tokenize(text: string): string[] {
  return text.match(/&&|\|\||[()!]|[^\s()!&|]+/g) ?? [];
}

function ipv4(word: string): number | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(word);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((n) => n > 255)) throw new FilterError(`invalid IPv4 address '${word}'`);
  return parts.reduce((a, b) => a * 256 + b, 0);
}

const toNum = (ip: string): number => ip.split('.').reduce((a, b) => a * 256 + Number(b), 0);

type Dir = 'src' | 'dst' | 'src or dst';

function dirTest(dir: Dir, test: (addrOrPort: 'src' | 'dst') => boolean): boolean {
  if (dir === 'src') return test('src');
  if (dir === 'dst') return test('dst');
  return test('src') || test('dst');
}

class Parser {
  private i = 0;
  constructor(private readonly toks: string[]) {}

  parse(): Filter {
    const f = this.or();
    if (this.i < this.toks.length) throw new FilterError(SYNTAX);
    return f;
  }

  private peek(): string | undefined {
    return this.toks[this.i];
  }

  private or(): Filter {
    let left = this.and();
    while (this.peek() === 'or' || this.peek() === '||') {
      this.i++;
      const a = left;
      const b = this.and();
      left = (p) => a(p) || b(p);
    }
    return left;
  }

  private and(): Filter {
    let left = this.unary();
    while (this.peek() === 'and' || this.peek() === '&&') {
      this.i++;
      const a = left;
      const b = this.unary();
      left = (p) => a(p) && b(p);
    }
    return left;
  }

  private unary(): Filter {
    const t = this.peek();
    if (t === 'not' || t === '!') {
      this.i++;
      const f = this.unary();
      return (p) => !f(p);
    }
    if (t === '(') {
      this.i++;
      const f = this.or();
      if (this.peek() !== ')') throw new FilterError(SYNTAX);
      this.i++;
      return f;
    }
    return this.primitive();
  }

  private word(): string {
    const t = this.toks[this.i++];
    if (t === undefined || ['and', 'or', 'not', '&&', '||', '!', '(', ')'].includes(t)) throw new FilterError(SYNTAX);
    return t;
  }

  private primitive(): Filter {
    let proto: 'tcp' | 'udp' | undefined;
    let t = this.word();
    if (t === 'icmp') return (p) => p.proto === 'icmp';
    if (t === 'tcp' || t === 'udp') {
      const next = this.peek();
      if (next !== 'port' && next !== 'src' && next !== 'dst') {
        const pr = t;
        return (p) => p.proto === pr;
      }
      proto = t;
      t = this.word();
    }
    if (t === 'ip') return () => true;
    let dir: Dir = 'src or dst';
    if (t === 'src' || t === 'dst') {
      dir = t;
      const next = this.peek();
      // `src 10.0.0.1` means `src host 10.0.0.1`.
      t = next === 'host' || next === 'port' || next === 'net' ? this.word() : 'host';
    }
    if (t === 'host') return this.host(dir, this.word());
    if (t === 'net') return this.net(dir, this.word());
    if (t === 'port') {
      const word = this.word();
      if (!/^\d+$/.test(word)) throw new FilterError(SYNTAX);
      const port = Number(word);
      if (port > 65535) throw new FilterError(`illegal port number ${port} > 65535`);
      return (p) => (p.proto === 'tcp' || p.proto === 'udp') && (proto === undefined || p.proto === proto) && dirTest(dir, (d) => (d === 'src' ? p.sport : p.dport) === port);
    }
    // A bare address is `host ADDR`.
    if (proto === undefined && ipv4(t) !== undefined) return this.host(dir, t);
    throw new FilterError(SYNTAX);
  }

  private host(dir: Dir, word: string): Filter {
    if (ipv4(word) === undefined) throw new FilterError(SYNTAX);
    const n = ipv4(word);
    return (p) => dirTest(dir, (d) => toNum(d === 'src' ? p.src : p.dst) === n);
  }

  private net(dir: Dir, word: string): Filter {
    const [addr, bits] = word.split('/');
    const prefix = bits === undefined ? 32 : Number(bits);
    const n = ipv4(addr ?? '');
    if (n === undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > 32) throw new FilterError(SYNTAX);
    const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
    if ((n & ~mask) >>> 0 !== 0) throw new FilterError(`non-network bits set in "${word}"`);
    return (p) => dirTest(dir, (d) => ((toNum(d === 'src' ? p.src : p.dst) & mask) >>> 0) === n);
  }
}

/** Compiles a filter expression (the words after the options, joined by spaces as tcpdump does). */
export function compileFilter(expression: string): FilterResult {
  const toks = tokenize(expression);
  if (toks.length === 0) return { ok: true, match: () => true };
  try {
    return { ok: true, match: new Parser(toks).parse() };
  } catch (e) {
    if (e instanceof FilterError) return { ok: false, error: e.message };
    throw e;
  }
}
