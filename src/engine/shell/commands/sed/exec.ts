// Running a parsed sed program over lines (GNU sed 4.9's execute.c, in small).

import type { Addr, Cmd, Repl, SedRegex } from './parse.ts';

/** Restarts (D, backward jumps) allowed within one input line before acting as if interrupted. */
const MAX_SPINS = 100_000;

export interface Input {
  /** The lines of all inputs in order; `last` marks the end of the stream. */
  lines: string[];
  /** Whether the final line ended with a newline (GNU keeps a missing one missing). */
  terminated: boolean;
  /** The file each line came from (`-` for standard input), for `F`. */
  files: string[];
}

export interface RunResult {
  output: string;
  exitCode: number;
  /** True when `q`/`Q` stopped the stream. */
  quit: boolean;
}

/** Lines numbers continue across calls (several files without -s/-i). */
export class SedRun {
  lineNo = 0;
  hold = '';
  lastRe: RegExp | null = null;
  quit = false;
  exitCode = 0;
  /** A fatal run-time error (GNU exits 4 after printing it). */
  error = '';
  /** Set when a cycle looped without reading input past MAX_SPINS (Ctrl-C, as the shell's loops). */
  interrupted = false;
  constructor(
    readonly cmds: Cmd[],
    readonly quiet: boolean,
  ) {}

  run(input: Input): string {
    let out = '';
    let missing = false;
    let idx = 0;
    const isLast = (): boolean => idx >= input.lines.length;
    /** Whether the line just read had its newline (only the very last may not). */
    const nlOf = (): boolean => !isLast() || input.terminated;
    const emit = (text: string, nl = nlOf()): void => {
      if (missing) out += '\n';
      out += text;
      missing = !nl;
      if (nl) out += '\n';
    };
    const raw = (text: string): void => {
      if (missing) out += '\n';
      missing = false;
      out += text;
    };
    while (idx < input.lines.length && !this.quit) {
      let ps = input.lines[idx++] as string;
      this.lineNo++;
      let append: string[] = [];
      let tflag = false;
      let pc = 0;
      let autoprint = !this.quiet;
      let spins = 0;
      const spin = (): boolean => {
        if (++spins <= MAX_SPINS) return false;
        this.interrupted = this.quit = true;
        autoprint = false;
        return true;
      };
      const flushAppend = (): void => {
        for (const a of append) raw(a);
        append = [];
      };
      cycle: while (pc < this.cmds.length) {
        const cmd = this.cmds[pc] as Cmd;
        pc++;
        if (!this.selected(cmd, ps, isLast())) {
          if (cmd.name === '{') pc = (cmd.jump as number) + 1;
          continue;
        }
        switch (cmd.name) {
          case '{': case '}': case ':':
            break;
          case '=':
            raw(`${this.lineNo}\n`);
            break;
          case 'a':
            append.push(cmd.text as string);
            break;
          case 'i':
            raw(cmd.text as string);
            break;
          case 'c':
            // In a range, the text is printed once at its end.
            if (cmd.negate || !cmd.a2 || !cmd.active) raw(cmd.text as string);
            autoprint = false;
            break cycle;
          case 'd':
            autoprint = false;
            break cycle;
          case 'D': {
            const nl = ps.indexOf('\n');
            if (nl < 0) {
              autoprint = false;
              break cycle;
            }
            ps = ps.slice(nl + 1);
            if (spin()) break cycle;
            flushAppend();
            pc = 0;
            tflag = false;
            continue cycle;
          }
          case 'g': ps = this.hold; break;
          case 'G': ps += '\n' + this.hold; break;
          case 'h': this.hold = ps; break;
          case 'H': this.hold += '\n' + ps; break;
          case 'x': [ps, this.hold] = [this.hold, ps]; break;
          case 'z': ps = ''; break;
          case 'F': raw(`${input.files[idx - 1] ?? '-'}\n`); break;
          case 'n':
            if (isLast()) {
              // No next line: GNU prints (unless -n) and ends without running the rest.
              if (!this.quiet) emit(ps, nlOf());
              autoprint = false;
              this.quit = true;
              break cycle;
            }
            if (!this.quiet) emit(ps, true);
            flushAppend();
            ps = input.lines[idx++] as string;
            this.lineNo++;
            break;
          case 'N':
            if (isLast()) {
              this.quit = true;
              break cycle;
            }
            flushAppend();
            ps += '\n' + (input.lines[idx++] as string);
            this.lineNo++;
            break;
          case 'p':
            emit(ps);
            break;
          case 'P': {
            const nl = ps.indexOf('\n');
            if (nl < 0) emit(ps);
            else emit(ps.slice(0, nl), true);
            break;
          }
          case 'q':
            this.quit = true;
            this.exitCode = cmd.exitCode ?? 0;
            break cycle;
          case 'Q':
            this.quit = true;
            this.exitCode = cmd.exitCode ?? 0;
            autoprint = false;
            append = [];
            break cycle;
          case 's': {
            const r = this.subst(cmd, ps);
            if (r === null) break;
            ps = r;
            tflag = true;
            if (cmd.print) emit(ps);
            break;
          }
          case 'y': {
            const from = [...(cmd.from as string)];
            const to = [...(cmd.to as string)];
            ps = [...ps].map((ch) => {
              const k = from.indexOf(ch);
              return k < 0 ? ch : (to[k] as string);
            }).join('');
            break;
          }
          case 'b': case 't': case 'T':
            if (cmd.name === 'b' || tflag === (cmd.name === 't')) {
              const to = cmd.jump ?? this.cmds.length;
              if (to < pc && spin()) break cycle;
              pc = to;
            }
            if (cmd.name !== 'b') tflag = false;
            break;
        }
      }
      if (autoprint) emit(ps, nlOf());
      flushAppend();
    }
    return out;
  }

  private regex(re: SedRegex | null | undefined): RegExp {
    if (re) {
      this.lastRe = re.re;
      return re.re;
    }
    if (!this.lastRe) {
      this.error = 'no previous regular expression';
      this.quit = true;
      return /(?!)/g;
    }
    return this.lastRe;
  }

  private matches(a: Addr, ps: string, last: boolean): boolean {
    switch (a.t) {
      case 'line': return this.lineNo === a.n;
      case 'last': return last;
      case 'step': return a.step <= 0 ? this.lineNo === a.first : this.lineNo >= a.first && (this.lineNo - a.first) % a.step === 0;
      case 're': {
        const re = this.regex(a.re);
        re.lastIndex = 0;
        return re.test(ps);
      }
      default: return false;
    }
  }

  private selected(cmd: Cmd, ps: string, last: boolean): boolean {
    return this.inRange(cmd, ps, last) !== cmd.negate;
  }

  private inRange(cmd: Cmd, ps: string, last: boolean): boolean {
    const { a1, a2 } = cmd;
    if (!a1) return true;
    if (!a2) return this.matches(a1, ps, last);
    if (cmd.active) {
      if (a2.t === 'line' || a2.t === 'plus') {
        if (this.lineNo >= cmd.end) cmd.active = false;
        return this.lineNo <= cmd.end;
      }
      if (a2.t === 'mult') {
        if (this.lineNo % a2.n === 0) cmd.active = false;
        return true;
      }
      if (this.matches(a2, ps, last)) cmd.active = false;
      return true;
    }
    // `0,/re/`: the end regex may match on the first line already.
    const zero = a1.t === 'line' && a1.n === 0;
    if (!zero && !this.matches(a1, ps, last)) return false;
    if (zero && this.lineNo !== 1) return false;
    if (zero) {
      cmd.active = !this.matches(a2, ps, last);
      return true;
    }
    switch (a2.t) {
      case 'line': cmd.end = a2.n; cmd.active = a2.n > this.lineNo; break;
      case 'plus': cmd.end = this.lineNo + a2.n; cmd.active = a2.n > 0; break;
      case 'mult': cmd.active = a2.n > 0 && this.lineNo % a2.n !== 0; break;
      case 'last': cmd.active = !last; break;
      default: cmd.active = !last || true;
    }
    return true;
  }

  private subst(cmd: Cmd, ps: string): string | null {
    const re = this.regex(cmd.re);
    const nth = cmd.nth ?? 1;
    let out = '';
    let pos = 0;
    let count = 0;
    let done = false;
    let prevEnd = -1;
    re.lastIndex = 0;
    while (pos <= ps.length) {
      re.lastIndex = pos;
      const m = re.exec(ps);
      if (!m) break;
      const start = m.index;
      const end = start + m[0].length;
      // An empty match right after the previous match does not count (GNU).
      if (start === end && start === prevEnd) {
        if (start >= ps.length) break;
        out += ps.slice(pos, start + 1);
        pos = start + 1;
        continue;
      }
      count++;
      out += ps.slice(pos, start);
      if (count >= nth) {
        out += expand(cmd.repl as Repl[], m);
        done = true;
      } else out += m[0];
      prevEnd = end;
      if (start === end) {
        if (start < ps.length) out += ps[start];
        pos = end + 1;
      } else pos = end;
      if (done && !cmd.global) break;
    }
    if (!done) return null;
    return out + ps.slice(pos);
  }
}

function expand(parts: Repl[], m: RegExpExecArray): string {
  let out = '';
  let mode: 'U' | 'L' | 'E' = 'E';
  let once: 'u' | 'l' | null = null;
  const add = (s: string): void => {
    if (s === '') return;
    let t = mode === 'U' ? s.toUpperCase() : mode === 'L' ? s.toLowerCase() : s;
    if (once) {
      t = (once === 'u' ? t.charAt(0).toUpperCase() : t.charAt(0).toLowerCase()) + t.slice(1);
      once = null;
    }
    out += t;
  };
  for (const p of parts) {
    if (p.t === 'lit') add(p.s);
    else if (p.t === 'ref') add(m[p.n] ?? '');
    else if (p.c === 'u' || p.c === 'l') once = p.c;
    else {
      mode = p.c;
      once = null;
    }
  }
  return out;
}
