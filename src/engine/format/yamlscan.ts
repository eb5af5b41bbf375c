// A YAML tokenizer that behaves like go-yaml v2's scanner (scannerc.go, a libyaml port), so that
// `kubectl apply -f` reports the same "yaml: line N: <problem>" for a broken manifest. It keeps
// go-yaml's lazy token queue, simple-key bookkeeping and indentation stack, because *when* an
// error is noticed (and so its line) depends on them. Own code, written from reading upstream.

export interface Mark {
  index: number;
  line: number;
  column: number;
}

export type TokenType =
  | 'STREAM-START' | 'STREAM-END' | 'VERSION-DIRECTIVE' | 'TAG-DIRECTIVE' | 'DOCUMENT-START'
  | 'DOCUMENT-END' | 'BLOCK-SEQUENCE-START' | 'BLOCK-MAPPING-START' | 'BLOCK-END'
  | 'FLOW-SEQUENCE-START' | 'FLOW-SEQUENCE-END' | 'FLOW-MAPPING-START' | 'FLOW-MAPPING-END'
  | 'BLOCK-ENTRY' | 'FLOW-ENTRY' | 'KEY' | 'VALUE' | 'ALIAS' | 'ANCHOR' | 'TAG' | 'SCALAR';

export type ScalarStyle = 'plain' | 'single' | 'double' | 'literal' | 'folded';

export interface Token {
  type: TokenType;
  start: Mark;
  end: Mark;
  value?: string; // scalar text, anchor/alias name, tag handle, directive handle
  suffix?: string; // tag suffix, directive prefix
  style?: ScalarStyle;
  major?: number;
  minor?: number;
}

/** A scanner or parser error, reported like go-yaml's parser.fail(). */
export class YamlSyntaxError extends Error {
  constructor(
    readonly kind: 'scanner' | 'parser',
    readonly problem: string,
    readonly problemMark: Mark,
    readonly contextMark: Mark,
  ) {
    super(problem);
  }

  /** "yaml: line N: problem" with go-yaml's line arithmetic (parser errors are off by one). */
  goMessage(): string {
    let line = 0;
    if (this.problemMark.line !== 0) line = this.problemMark.line + (this.kind === 'scanner' ? 1 : 0);
    else if (this.contextMark.line !== 0) line = this.contextMark.line;
    return 'yaml: ' + (line !== 0 ? `line ${line}: ` : '') + this.problem;
  }
}

interface SimpleKey {
  possible: boolean;
  required: boolean;
  tokenNumber: number;
  mark: Mark;
}

const SPACE = 0x20;
const TAB = 0x09;
const isBreak = (c: number): boolean => c === 0x0a || c === 0x0d || c === 0x85 || c === 0x2028 || c === 0x2029;
const isBlank = (c: number): boolean => c === SPACE || c === TAB;
const isBreakZ = (c: number): boolean => c === 0 || isBreak(c);
const isBlankZ = (c: number): boolean => isBlank(c) || isBreakZ(c);
const isAlpha = (c: number): boolean =>
  (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x2d;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isHex = (c: number): boolean => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
const ch = (s: string): number => s.codePointAt(0) as number;
const URI_CHARS = new Set(Array.from(";/?:@&=+$,.!~*'()[]%", ch));
const PLAIN_NEVER_START = new Set(Array.from('-?:,[]{}#&*!|>\'"%@`', ch));

export class Scanner {
  private readonly b: number[];
  private pos = 0;
  private mark: Mark = { index: 0, line: 0, column: 0 };
  private tokens: Token[] = [];
  private head = 0;
  tokensParsed = 0;
  private tokenAvailable = false;
  private streamStartProduced = false;
  streamEndProduced = false;
  private indent = -1;
  private indents: number[] = [];
  private simpleKeyAllowed = false;
  private simpleKeys: SimpleKey[] = [];
  private simpleKeysByTok = new Map<number, number>();
  private flowLevel = 0;

  constructor(text: string) {
    // Code points plus NULs: go-yaml's reader pads its buffer with zeros at the end of input.
    this.b = Array.from(text, (c) => c.codePointAt(0) as number);
    for (let i = 0; i < 8; i++) this.b.push(0);
  }

  /** The next token without consuming it (parser's peek_token). */
  peek(): Token {
    if (!this.tokenAvailable) this.fetchMoreTokens();
    return this.tokens[this.head] as Token;
  }

  /** Consume the peeked token (parser's skip_token). */
  skip(): void {
    this.tokenAvailable = false;
    this.tokensParsed++;
    this.streamEndProduced = this.tokens[this.head]?.type === 'STREAM-END';
    this.head++;
  }

  private c(offset = 0): number {
    return this.b[this.pos + offset] ?? 0;
  }

  private copyMark(): Mark {
    return { ...this.mark };
  }

  private fail(context: Mark | null, problem: string): never {
    throw new YamlSyntaxError('scanner', problem, this.copyMark(), context ?? this.copyMark());
  }

  private advance(): void {
    this.pos++;
    this.mark.index++;
    this.mark.column++;
  }

  private skipLine(): void {
    if (this.c() === 0x0d && this.c(1) === 0x0a) {
      this.pos += 2;
      this.mark.index += 2;
    } else if (isBreak(this.c())) {
      this.pos++;
      this.mark.index++;
    } else return;
    this.mark.column = 0;
    this.mark.line++;
  }

  private read(): string {
    const s = String.fromCodePoint(this.c());
    this.advance();
    return s;
  }

  /** Consume a line break, normalised to "\n" (LS/PS are kept as they are). */
  private readLine(): string {
    const c = this.c();
    let out: string;
    if (c === 0x0d && this.c(1) === 0x0a) {
      out = '\n';
      this.pos += 2;
      this.mark.index++;
    } else if (c === 0x0d || c === 0x0a || c === 0x85) {
      out = '\n';
      this.pos++;
    } else if (c === 0x2028 || c === 0x2029) {
      out = String.fromCodePoint(c);
      this.pos++;
    } else return '';
    this.mark.index++;
    this.mark.column = 0;
    this.mark.line++;
    return out;
  }

  private insertToken(at: number, t: Token): void {
    if (at < 0) this.tokens.push(t);
    else this.tokens.splice(this.head + at, 0, t);
  }

  private fetchMoreTokens(): void {
    for (;;) {
      if (this.head !== this.tokens.length) {
        // Keep fetching while the head token may still turn out to be a simple key.
        const idx = this.simpleKeysByTok.get(this.tokensParsed);
        if (idx === undefined) break;
        if (!this.simpleKeyIsValid(this.simpleKeys[idx] as SimpleKey)) break;
      }
      this.fetchNextToken();
    }
    this.tokenAvailable = true;
  }

  private simpleKeyIsValid(k: SimpleKey): boolean {
    if (!k.possible) return false;
    if (k.mark.line < this.mark.line || k.mark.index + 1024 < this.mark.index) {
      if (k.required) this.failKey(k.mark);
      k.possible = false;
      return false;
    }
    return true;
  }

  private failKey(context: Mark): never {
    this.fail(context, "could not find expected ':'");
  }

  private fetchNextToken(): void {
    if (!this.streamStartProduced) return this.fetchStreamStart();
    this.scanToNextToken();
    this.unrollIndent(this.mark.column);
    const c = this.c();
    const col0 = this.mark.column === 0;
    if (c === 0) return this.fetchStreamEnd();
    if (col0 && c === ch('%')) return this.fetchDirective();
    if (col0 && c === ch('-') && this.c(1) === c && this.c(2) === c && isBlankZ(this.c(3))) return this.fetchDocumentIndicator('DOCUMENT-START');
    if (col0 && c === ch('.') && this.c(1) === c && this.c(2) === c && isBlankZ(this.c(3))) return this.fetchDocumentIndicator('DOCUMENT-END');
    if (c === ch('[')) return this.fetchFlowCollectionStart('FLOW-SEQUENCE-START');
    if (c === ch('{')) return this.fetchFlowCollectionStart('FLOW-MAPPING-START');
    if (c === ch(']')) return this.fetchFlowCollectionEnd('FLOW-SEQUENCE-END');
    if (c === ch('}')) return this.fetchFlowCollectionEnd('FLOW-MAPPING-END');
    if (c === ch(',')) return this.fetchFlowEntry();
    if (c === ch('-') && isBlankZ(this.c(1))) return this.fetchBlockEntry();
    if (c === ch('?') && (this.flowLevel > 0 || isBlankZ(this.c(1)))) return this.fetchKey();
    if (c === ch(':') && (this.flowLevel > 0 || isBlankZ(this.c(1)))) return this.fetchValue();
    if (c === ch('*')) return this.fetchAnchor('ALIAS');
    if (c === ch('&')) return this.fetchAnchor('ANCHOR');
    if (c === ch('!')) return this.fetchTag();
    if (c === ch('|') && this.flowLevel === 0) return this.fetchBlockScalar(true);
    if (c === ch('>') && this.flowLevel === 0) return this.fetchBlockScalar(false);
    if (c === ch("'")) return this.fetchFlowScalar(true);
    if (c === ch('"')) return this.fetchFlowScalar(false);
    if (
      !(isBlankZ(c) || PLAIN_NEVER_START.has(c)) ||
      (c === ch('-') && !isBlank(this.c(1))) ||
      (this.flowLevel === 0 && (c === ch('?') || c === ch(':')) && !isBlankZ(this.c(1)))
    ) {
      return this.fetchPlainScalar();
    }
    this.fail(null, 'found character that cannot start any token');
  }

  // --- indentation and simple keys --------------------------------------------------------------

  private saveSimpleKey(): void {
    const required = this.flowLevel === 0 && this.indent === this.mark.column;
    if (!this.simpleKeyAllowed) return;
    const key: SimpleKey = {
      possible: true,
      required,
      tokenNumber: this.tokensParsed + (this.tokens.length - this.head),
      mark: this.copyMark(),
    };
    this.removeSimpleKey();
    this.simpleKeys[this.simpleKeys.length - 1] = key;
    this.simpleKeysByTok.set(key.tokenNumber, this.simpleKeys.length - 1);
  }

  private removeSimpleKey(): void {
    const k = this.simpleKeys[this.simpleKeys.length - 1] as SimpleKey;
    if (!k.possible) return;
    if (k.required) this.failKey(k.mark);
    k.possible = false;
    this.simpleKeysByTok.delete(k.tokenNumber);
  }

  private increaseFlowLevel(): void {
    this.simpleKeys.push({
      possible: false,
      required: false,
      tokenNumber: this.tokensParsed + (this.tokens.length - this.head),
      mark: this.copyMark(),
    });
    this.flowLevel++;
  }

  private decreaseFlowLevel(): void {
    if (this.flowLevel === 0) return;
    this.flowLevel--;
    const k = this.simpleKeys.pop() as SimpleKey;
    this.simpleKeysByTok.delete(k.tokenNumber);
  }

  private rollIndent(column: number, number: number, type: TokenType, mark: Mark): void {
    if (this.flowLevel > 0 || this.indent >= column) return;
    this.indents.push(this.indent);
    this.indent = column;
    const t: Token = { type, start: mark, end: mark };
    this.insertToken(number > -1 ? number - this.tokensParsed : -1, t);
  }

  private unrollIndent(column: number): void {
    if (this.flowLevel > 0) return;
    while (this.indent > column) {
      const m = this.copyMark();
      this.insertToken(-1, { type: 'BLOCK-END', start: m, end: m });
      this.indent = this.indents.pop() as number;
    }
  }

  // --- token fetchers ---------------------------------------------------------------------------

  private simpleToken(type: TokenType): void {
    const start = this.copyMark();
    this.advance();
    this.insertToken(-1, { type, start, end: this.copyMark() });
  }

  private fetchStreamStart(): void {
    this.indent = -1;
    this.simpleKeys.push({ possible: false, required: false, tokenNumber: 0, mark: this.copyMark() });
    this.simpleKeyAllowed = true;
    this.streamStartProduced = true;
    const m = this.copyMark();
    this.insertToken(-1, { type: 'STREAM-START', start: m, end: m });
  }

  private fetchStreamEnd(): void {
    if (this.mark.column !== 0) {
      this.mark.column = 0;
      this.mark.line++;
    }
    this.unrollIndent(-1);
    this.removeSimpleKey();
    this.simpleKeyAllowed = false;
    const m = this.copyMark();
    this.insertToken(-1, { type: 'STREAM-END', start: m, end: m });
  }

  private fetchDirective(): void {
    this.unrollIndent(-1);
    this.removeSimpleKey();
    this.simpleKeyAllowed = false;
    this.insertToken(-1, this.scanDirective());
  }

  private fetchDocumentIndicator(type: TokenType): void {
    this.unrollIndent(-1);
    this.removeSimpleKey();
    this.simpleKeyAllowed = false;
    const start = this.copyMark();
    this.advance();
    this.advance();
    this.advance();
    this.insertToken(-1, { type, start, end: this.copyMark() });
  }

  private fetchFlowCollectionStart(type: TokenType): void {
    this.saveSimpleKey();
    this.increaseFlowLevel();
    this.simpleKeyAllowed = true;
    this.simpleToken(type);
  }

  private fetchFlowCollectionEnd(type: TokenType): void {
    this.removeSimpleKey();
    this.decreaseFlowLevel();
    this.simpleKeyAllowed = false;
    this.simpleToken(type);
  }

  private fetchFlowEntry(): void {
    this.removeSimpleKey();
    this.simpleKeyAllowed = true;
    this.simpleToken('FLOW-ENTRY');
  }

  private fetchBlockEntry(): void {
    if (this.flowLevel === 0) {
      if (!this.simpleKeyAllowed) this.fail(null, 'block sequence entries are not allowed in this context');
      this.rollIndent(this.mark.column, -1, 'BLOCK-SEQUENCE-START', this.copyMark());
    }
    this.removeSimpleKey();
    this.simpleKeyAllowed = true;
    this.simpleToken('BLOCK-ENTRY');
  }

  private fetchKey(): void {
    if (this.flowLevel === 0) {
      if (!this.simpleKeyAllowed) this.fail(null, 'mapping keys are not allowed in this context');
      this.rollIndent(this.mark.column, -1, 'BLOCK-MAPPING-START', this.copyMark());
    }
    this.removeSimpleKey();
    this.simpleKeyAllowed = this.flowLevel === 0;
    this.simpleToken('KEY');
  }

  private fetchValue(): void {
    const k = this.simpleKeys[this.simpleKeys.length - 1] as SimpleKey;
    if (this.simpleKeyIsValid(k)) {
      // The saved simple key was a key after all: insert KEY (and maybe BLOCK-MAPPING-START)
      // before the tokens it started.
      this.insertToken(k.tokenNumber - this.tokensParsed, { type: 'KEY', start: k.mark, end: k.mark });
      this.rollIndent(k.mark.column, k.tokenNumber, 'BLOCK-MAPPING-START', k.mark);
      k.possible = false;
      this.simpleKeysByTok.delete(k.tokenNumber);
      this.simpleKeyAllowed = false;
    } else {
      if (this.flowLevel === 0) {
        if (!this.simpleKeyAllowed) this.fail(null, 'mapping values are not allowed in this context');
        this.rollIndent(this.mark.column, -1, 'BLOCK-MAPPING-START', this.copyMark());
      }
      this.simpleKeyAllowed = this.flowLevel === 0;
    }
    this.simpleToken('VALUE');
  }

  private fetchAnchor(type: 'ALIAS' | 'ANCHOR'): void {
    this.saveSimpleKey();
    this.simpleKeyAllowed = false;
    const start = this.copyMark();
    this.advance();
    let name = '';
    while (isAlpha(this.c())) name += this.read();
    const c = this.c();
    if (name === '' || !(isBlankZ(c) || Array.from('?:,]}%@`', ch).includes(c))) {
      this.fail(start, 'did not find expected alphabetic or numeric character');
    }
    this.insertToken(-1, { type, start, end: this.copyMark(), value: name });
  }

  private fetchTag(): void {
    this.saveSimpleKey();
    this.simpleKeyAllowed = false;
    this.insertToken(-1, this.scanTag());
  }

  private fetchBlockScalar(literal: boolean): void {
    this.removeSimpleKey();
    this.simpleKeyAllowed = true;
    this.insertToken(-1, this.scanBlockScalar(literal));
  }

  private fetchFlowScalar(single: boolean): void {
    this.saveSimpleKey();
    this.simpleKeyAllowed = false;
    this.insertToken(-1, this.scanFlowScalar(single));
  }

  private fetchPlainScalar(): void {
    this.saveSimpleKey();
    this.simpleKeyAllowed = false;
    this.insertToken(-1, this.scanPlainScalar());
  }

  /** Skip blanks, comments and line breaks; tabs only where they cannot be indentation. */
  private scanToNextToken(): void {
    for (;;) {
      while (this.c() === SPACE || ((this.flowLevel > 0 || !this.simpleKeyAllowed) && this.c() === TAB)) this.advance();
      if (this.c() === ch('#')) while (!isBreakZ(this.c())) this.advance();
      if (!isBreak(this.c())) break;
      this.skipLine();
      if (this.flowLevel === 0) this.simpleKeyAllowed = true;
    }
  }

  // --- scalar and other scanners ----------------------------------------------------------------

  private scanDirective(): Token {
    const start = this.copyMark();
    this.advance();
    let name = '';
    while (isAlpha(this.c())) name += this.read();
    if (name === '') this.fail(start, 'could not find expected directive name');
    if (!isBlankZ(this.c())) this.fail(start, 'found unexpected non-alphabetical character');
    let token: Token;
    if (name === 'YAML') {
      while (isBlank(this.c())) this.advance();
      const major = this.versionNumber(start);
      if (this.c() !== ch('.')) this.fail(start, "did not find expected digit or '.' character");
      this.advance();
      const minor = this.versionNumber(start);
      token = { type: 'VERSION-DIRECTIVE', start, end: this.copyMark(), major, minor };
    } else if (name === 'TAG') {
      while (isBlank(this.c())) this.advance();
      const handle = this.tagHandle(true, start);
      if (!isBlank(this.c())) this.fail(start, 'did not find expected whitespace');
      while (isBlank(this.c())) this.advance();
      const prefix = this.tagUri(true, '', start);
      if (!isBlankZ(this.c())) this.fail(start, 'did not find expected whitespace or line break');
      token = { type: 'TAG-DIRECTIVE', start, end: this.copyMark(), value: handle, suffix: prefix };
    } else {
      this.fail(start, 'found unknown directive name');
    }
    while (isBlank(this.c())) this.advance();
    if (this.c() === ch('#')) while (!isBreakZ(this.c())) this.advance();
    if (!isBreakZ(this.c())) this.fail(start, 'did not find expected comment or line break');
    if (isBreak(this.c())) this.skipLine();
    return token;
  }

  private versionNumber(start: Mark): number {
    let digits = '';
    while (isDigit(this.c())) {
      if (digits.length >= 9) this.fail(start, 'found extremely long version number');
      digits += this.read();
    }
    if (digits === '') this.fail(start, 'did not find expected version number');
    return Number(digits);
  }

  private scanTag(): Token {
    const start = this.copyMark();
    let handle: string;
    let suffix: string;
    if (this.c(1) === ch('<')) {
      this.advance();
      this.advance();
      handle = '';
      suffix = this.tagUri(false, '', start);
      if (this.c() !== ch('>')) this.fail(start, "did not find the expected '>'");
      this.advance();
    } else {
      handle = this.tagHandle(false, start);
      if (handle.length > 1 && handle.startsWith('!') && handle.endsWith('!')) {
        suffix = this.tagUri(false, '', start);
      } else {
        suffix = this.tagUri(false, handle, start);
        handle = '!';
        if (suffix === '') [handle, suffix] = ['', '!'];
      }
    }
    if (!isBlankZ(this.c())) this.fail(start, 'did not find expected whitespace or line break');
    return { type: 'TAG', start, end: this.copyMark(), value: handle, suffix };
  }

  private tagHandle(directive: boolean, start: Mark): string {
    if (this.c() !== ch('!')) this.fail(start, "did not find expected '!'");
    let s = this.read();
    while (isAlpha(this.c())) s += this.read();
    if (this.c() === ch('!')) s += this.read();
    else if (directive && s !== '!') this.fail(start, "did not find expected '!'");
    return s;
  }

  private tagUri(_directive: boolean, head: string, start: Mark): string {
    let s = head.length > 1 ? head.slice(1) : '';
    let hasTag = head.length > 0;
    while (isAlpha(this.c()) || URI_CHARS.has(this.c())) {
      if (this.c() === ch('%')) s += this.uriEscapes(start);
      else s += this.read();
      hasTag = true;
    }
    if (!hasTag) this.fail(start, 'did not find expected tag URI');
    return s;
  }

  private uriEscapes(start: Mark): string {
    const bytes: number[] = [];
    let width = 1024;
    while (width > 0) {
      if (!(this.c() === ch('%') && isHex(this.c(1)) && isHex(this.c(2)))) this.fail(start, 'did not find URI escaped octet');
      const octet = parseInt(String.fromCodePoint(this.c(1), this.c(2)), 16);
      if (width === 1024) {
        width = octet < 0x80 ? 1 : (octet & 0xe0) === 0xc0 ? 2 : (octet & 0xf0) === 0xe0 ? 3 : (octet & 0xf8) === 0xf0 ? 4 : 0;
        if (width === 0) this.fail(start, 'found an incorrect leading UTF-8 octet');
      } else if ((octet & 0xc0) !== 0x80) this.fail(start, 'found an incorrect trailing UTF-8 octet');
      bytes.push(octet);
      this.advance();
      this.advance();
      this.advance();
      width--;
    }
    return decodeUtf8(bytes);
  }

  private scanBlockScalar(literal: boolean): Token {
    const start = this.copyMark();
    this.advance();
    let chomping = 0;
    let increment = 0;
    const chompAt = (): void => {
      if (this.c() === ch('+') || this.c() === ch('-')) {
        chomping = this.c() === ch('+') ? 1 : -1;
        this.advance();
      }
    };
    const incrementAt = (): void => {
      if (!isDigit(this.c())) return;
      if (this.c() === ch('0')) this.fail(start, 'found an indentation indicator equal to 0');
      increment = this.c() - 0x30;
      this.advance();
    };
    if (this.c() === ch('+') || this.c() === ch('-')) {
      chompAt();
      incrementAt();
    } else if (isDigit(this.c())) {
      incrementAt();
      chompAt();
    }
    while (isBlank(this.c())) this.advance();
    if (this.c() === ch('#')) while (!isBreakZ(this.c())) this.advance();
    if (!isBreakZ(this.c())) this.fail(start, 'did not find expected comment or line break');
    if (isBreak(this.c())) this.skipLine();
    const st = { indent: increment > 0 ? (this.indent >= 0 ? this.indent + increment : increment) : 0, breaks: '' };
    let end = this.blockScalarBreaks(st, start);
    let s = '';
    let leadingBreak = '';
    let leadingBlank = false;
    while (this.mark.column === st.indent && this.c() !== 0) {
      const trailingBlank = isBlank(this.c());
      if (!literal && !leadingBlank && !trailingBlank && leadingBreak.startsWith('\n')) {
        if (st.breaks === '') s += ' ';
      } else s += leadingBreak;
      leadingBreak = '';
      s += st.breaks;
      st.breaks = '';
      leadingBlank = isBlank(this.c());
      while (!isBreakZ(this.c())) s += this.read();
      leadingBreak = this.readLine();
      end = this.blockScalarBreaks(st, start);
    }
    if (chomping !== -1) s += leadingBreak;
    if (chomping === 1) s += st.breaks;
    return { type: 'SCALAR', start, end, value: s, style: literal ? 'literal' : 'folded' };
  }

  /** Eat indentation and empty lines of a block scalar; settles the indent when not given. */
  private blockScalarBreaks(st: { indent: number; breaks: string }, start: Mark): Mark {
    let end = this.copyMark();
    let maxIndent = 0;
    for (;;) {
      while ((st.indent === 0 || this.mark.column < st.indent) && this.c() === SPACE) this.advance();
      if (this.mark.column > maxIndent) maxIndent = this.mark.column;
      if ((st.indent === 0 || this.mark.column < st.indent) && this.c() === TAB) {
        this.fail(start, 'found a tab character where an indentation space is expected');
      }
      if (!isBreak(this.c())) break;
      st.breaks += this.readLine();
      end = this.copyMark();
    }
    if (st.indent === 0) st.indent = Math.max(maxIndent, this.indent + 1, 1);
    return end;
  }

  private scanFlowScalar(single: boolean): Token {
    const start = this.copyMark();
    this.advance();
    let s = '';
    let leadingBreak = '';
    let trailingBreaks = '';
    let whitespaces = '';
    for (;;) {
      const c0 = this.c();
      if (
        this.mark.column === 0 &&
        ((c0 === ch('-') && this.c(1) === c0 && this.c(2) === c0) || (c0 === ch('.') && this.c(1) === c0 && this.c(2) === c0)) &&
        isBlankZ(this.c(3))
      ) {
        this.fail(start, 'found unexpected document indicator');
      }
      if (c0 === 0) this.fail(start, 'found unexpected end of stream');
      let leadingBlanks = false;
      while (!isBlankZ(this.c())) {
        const c = this.c();
        if (single && c === 0x27 && this.c(1) === 0x27) {
          s += "'";
          this.advance();
          this.advance();
        } else if (single ? c === 0x27 : c === 0x22) {
          break;
        } else if (!single && c === 0x5c && isBreak(this.c(1))) {
          this.advance();
          this.skipLine();
          leadingBlanks = true;
          break;
        } else if (!single && c === 0x5c) {
          s += this.escape(start);
        } else s += this.read();
      }
      if (this.c() === (single ? 0x27 : 0x22)) break;
      while (isBlank(this.c()) || isBreak(this.c())) {
        if (isBlank(this.c())) {
          if (!leadingBlanks) whitespaces += this.read();
          else this.advance();
        } else if (!leadingBlanks) {
          whitespaces = '';
          leadingBreak = this.readLine();
          leadingBlanks = true;
        } else trailingBreaks += this.readLine();
      }
      if (leadingBlanks) {
        if (leadingBreak.startsWith('\n')) s += trailingBreaks === '' ? ' ' : trailingBreaks;
        else s += leadingBreak + trailingBreaks;
        leadingBreak = '';
        trailingBreaks = '';
      } else {
        s += whitespaces;
        whitespaces = '';
      }
    }
    this.advance();
    return { type: 'SCALAR', start, end: this.copyMark(), value: s, style: single ? 'single' : 'double' };
  }

  private escape(start: Mark): string {
    const simple: Record<string, string> = {
      '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b',
      ' ': ' ', '"': '"', "'": "'", '\\': '\\', N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029',
    };
    const e = String.fromCodePoint(this.c(1));
    const codeLength = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
    const named = simple[e];
    if (codeLength === 0 && named === undefined) this.fail(start, 'found unknown escape character');
    this.advance();
    this.advance();
    if (codeLength === 0) return named as string;
    let value = 0;
    for (let k = 0; k < codeLength; k++) {
      if (!isHex(this.c(k))) this.fail(start, 'did not find expected hexdecimal number');
      value = value * 16 + parseInt(String.fromCodePoint(this.c(k)), 16);
    }
    if ((value >= 0xd800 && value <= 0xdfff) || value > 0x10ffff) this.fail(start, 'found invalid Unicode character escape code');
    for (let k = 0; k < codeLength; k++) this.advance();
    return String.fromCodePoint(value);
  }

  private scanPlainScalar(): Token {
    let s = '';
    let leadingBreak = '';
    let trailingBreaks = '';
    let whitespaces = '';
    let leadingBlanks = false;
    const indent = this.indent + 1;
    const start = this.copyMark();
    let end = this.copyMark();
    const flowStop = Array.from(',?[]{}', ch);
    for (;;) {
      const c0 = this.c();
      if (
        this.mark.column === 0 &&
        ((c0 === ch('-') && this.c(1) === c0 && this.c(2) === c0) || (c0 === ch('.') && this.c(1) === c0 && this.c(2) === c0)) &&
        isBlankZ(this.c(3))
      ) {
        break;
      }
      if (c0 === ch('#')) break;
      while (!isBlankZ(this.c())) {
        const c = this.c();
        if ((c === ch(':') && isBlankZ(this.c(1))) || (this.flowLevel > 0 && flowStop.includes(c))) break;
        if (leadingBlanks || whitespaces !== '') {
          if (leadingBlanks) {
            if (leadingBreak.startsWith('\n')) s += trailingBreaks === '' ? ' ' : trailingBreaks;
            else s += leadingBreak + trailingBreaks;
            trailingBreaks = '';
            leadingBreak = '';
            leadingBlanks = false;
          } else {
            s += whitespaces;
            whitespaces = '';
          }
        }
        s += this.read();
        end = this.copyMark();
      }
      if (!(isBlank(this.c()) || isBreak(this.c()))) break;
      while (isBlank(this.c()) || isBreak(this.c())) {
        if (isBlank(this.c())) {
          if (leadingBlanks && this.mark.column < indent && this.c() === TAB) {
            this.fail(start, 'found a tab character that violates indentation');
          }
          if (!leadingBlanks) whitespaces += this.read();
          else this.advance();
        } else if (!leadingBlanks) {
          whitespaces = '';
          leadingBreak = this.readLine();
          leadingBlanks = true;
        } else trailingBreaks += this.readLine();
      }
      if (this.flowLevel === 0 && this.mark.column < indent) break;
    }
    if (leadingBlanks) this.simpleKeyAllowed = true;
    return { type: 'SCALAR', start, end, value: s, style: 'plain' };
  }
}

function decodeUtf8(bytes: number[]): string {
  let out = '';
  for (let i = 0; i < bytes.length; ) {
    const b0 = bytes[i] as number;
    const n = b0 < 0x80 ? 1 : b0 < 0xe0 ? 2 : b0 < 0xf0 ? 3 : 4;
    let cp = n === 1 ? b0 : b0 & (0xff >> (n + 1));
    for (let k = 1; k < n; k++) cp = (cp << 6) | ((bytes[i + k] ?? 0x80) & 0x3f);
    out += String.fromCodePoint(cp);
    i += n;
  }
  return out;
}
