// go-yaml v2's parser (parserc.go): the state machine that turns the scanner's tokens into
// events (document/mapping/sequence start and end, scalars, aliases) and reports grammar errors
// such as "did not find expected key" with go-yaml's marks. Own code, written from reading
// upstream; yamldecode.ts builds values from the events.
import { Scanner, YamlSyntaxError, type Mark, type ScalarStyle, type Token } from './yamlscan.ts';

// ---------------------------------------------------------------------------------------------
// Parser: tokens → events.

export type EventType =
  | 'STREAM-START' | 'STREAM-END' | 'DOCUMENT-START' | 'DOCUMENT-END' | 'ALIAS' | 'SCALAR'
  | 'SEQUENCE-START' | 'SEQUENCE-END' | 'MAPPING-START' | 'MAPPING-END';

export interface YEvent {
  type: EventType;
  start: Mark;
  anchor?: string;
  tag?: string;
  value?: string;
  implicit?: boolean;
  style?: ScalarStyle;
}

type State =
  | 'STREAM-START' | 'IMPLICIT-DOCUMENT-START' | 'DOCUMENT-START' | 'DOCUMENT-CONTENT' | 'DOCUMENT-END'
  | 'BLOCK-NODE' | 'BLOCK-NODE-OR-INDENTLESS-SEQUENCE' | 'FLOW-NODE' | 'BLOCK-SEQUENCE-FIRST-ENTRY'
  | 'BLOCK-SEQUENCE-ENTRY' | 'INDENTLESS-SEQUENCE-ENTRY' | 'BLOCK-MAPPING-FIRST-KEY' | 'BLOCK-MAPPING-KEY'
  | 'BLOCK-MAPPING-VALUE' | 'FLOW-SEQUENCE-FIRST-ENTRY' | 'FLOW-SEQUENCE-ENTRY' | 'FLOW-SEQUENCE-ENTRY-MAPPING-KEY'
  | 'FLOW-SEQUENCE-ENTRY-MAPPING-VALUE' | 'FLOW-SEQUENCE-ENTRY-MAPPING-END' | 'FLOW-MAPPING-FIRST-KEY'
  | 'FLOW-MAPPING-KEY' | 'FLOW-MAPPING-VALUE' | 'FLOW-MAPPING-EMPTY-VALUE' | 'END';

const ZERO_MARK: Mark = { index: 0, line: 0, column: 0 };
export const TAG_PREFIX = 'tag:yaml.org,2002:';

export class Parser {
  private readonly s: Scanner;
  private state: State = 'STREAM-START';
  private states: State[] = [];
  private marks: Mark[] = [];
  private tagDirectives: Array<{ handle: string; prefix: string }> = [];

  constructor(text: string) {
    this.s = new Scanner(text);
  }

  private fail(problem: string, at: Mark, context: Mark = ZERO_MARK): never {
    throw new YamlSyntaxError('parser', problem, at, context);
  }

  private pop(): State {
    return this.states.pop() as State;
  }

  next(): YEvent {
    const s = this.s;
    switch (this.state) {
      case 'STREAM-START': {
        const t = s.peek();
        if (t.type !== 'STREAM-START') this.fail('did not find expected <stream-start>', t.start);
        this.state = 'IMPLICIT-DOCUMENT-START';
        s.skip();
        return { type: 'STREAM-START', start: t.start };
      }
      case 'IMPLICIT-DOCUMENT-START':
        return this.documentStart(true);
      case 'DOCUMENT-START':
        return this.documentStart(false);
      case 'DOCUMENT-CONTENT': {
        const t = s.peek();
        if (['VERSION-DIRECTIVE', 'TAG-DIRECTIVE', 'DOCUMENT-START', 'DOCUMENT-END', 'STREAM-END'].includes(t.type)) {
          this.state = this.pop();
          return empty(t.start);
        }
        return this.node(true, false);
      }
      case 'DOCUMENT-END': {
        const t = s.peek();
        if (t.type === 'DOCUMENT-END') s.skip();
        this.tagDirectives = [];
        this.state = 'DOCUMENT-START';
        return { type: 'DOCUMENT-END', start: t.start };
      }
      case 'BLOCK-NODE':
        return this.node(true, false);
      case 'BLOCK-NODE-OR-INDENTLESS-SEQUENCE':
        return this.node(true, true);
      case 'FLOW-NODE':
        return this.node(false, false);
      case 'BLOCK-SEQUENCE-FIRST-ENTRY':
      case 'BLOCK-SEQUENCE-ENTRY':
        return this.blockSequenceEntry(this.state === 'BLOCK-SEQUENCE-FIRST-ENTRY');
      case 'INDENTLESS-SEQUENCE-ENTRY':
        return this.indentlessSequenceEntry();
      case 'BLOCK-MAPPING-FIRST-KEY':
      case 'BLOCK-MAPPING-KEY':
        return this.blockMappingKey(this.state === 'BLOCK-MAPPING-FIRST-KEY');
      case 'BLOCK-MAPPING-VALUE':
        return this.blockMappingValue();
      case 'FLOW-SEQUENCE-FIRST-ENTRY':
      case 'FLOW-SEQUENCE-ENTRY':
        return this.flowSequenceEntry(this.state === 'FLOW-SEQUENCE-FIRST-ENTRY');
      case 'FLOW-SEQUENCE-ENTRY-MAPPING-KEY':
        return this.flowSequenceEntryMappingKey();
      case 'FLOW-SEQUENCE-ENTRY-MAPPING-VALUE':
        return this.flowSequenceEntryMappingValue();
      case 'FLOW-SEQUENCE-ENTRY-MAPPING-END':
        this.state = 'FLOW-SEQUENCE-ENTRY';
        return { type: 'MAPPING-END', start: s.peek().start };
      case 'FLOW-MAPPING-FIRST-KEY':
      case 'FLOW-MAPPING-KEY':
        return this.flowMappingKey(this.state === 'FLOW-MAPPING-FIRST-KEY');
      case 'FLOW-MAPPING-VALUE':
        return this.flowMappingValue(false);
      case 'FLOW-MAPPING-EMPTY-VALUE':
        return this.flowMappingValue(true);
      case 'END':
        return { type: 'STREAM-END', start: ZERO_MARK };
    }
  }

  private documentStart(implicit: boolean): YEvent {
    const s = this.s;
    let t = s.peek();
    if (!implicit) {
      while (t.type === 'DOCUMENT-END') {
        s.skip();
        t = s.peek();
      }
    }
    if (implicit && !['VERSION-DIRECTIVE', 'TAG-DIRECTIVE', 'DOCUMENT-START', 'STREAM-END'].includes(t.type)) {
      this.processDirectives();
      this.states.push('DOCUMENT-END');
      this.state = 'BLOCK-NODE';
      return { type: 'DOCUMENT-START', start: t.start };
    }
    if (t.type !== 'STREAM-END') {
      const start = t.start;
      this.processDirectives();
      t = s.peek();
      if (t.type !== 'DOCUMENT-START') this.fail('did not find expected <document start>', t.start);
      this.states.push('DOCUMENT-END');
      this.state = 'DOCUMENT-CONTENT';
      s.skip();
      return { type: 'DOCUMENT-START', start };
    }
    this.state = 'END';
    s.skip();
    return { type: 'STREAM-END', start: t.start };
  }

  private processDirectives(): void {
    const s = this.s;
    let t = s.peek();
    let version = false;
    while (t.type === 'VERSION-DIRECTIVE' || t.type === 'TAG-DIRECTIVE') {
      if (t.type === 'VERSION-DIRECTIVE') {
        if (version) this.fail('found duplicate %YAML directive', t.start);
        if (t.major !== 1 || t.minor !== 1) this.fail('found incompatible YAML document', t.start);
        version = true;
      } else {
        const handle = t.value ?? '';
        if (this.tagDirectives.some((d) => d.handle === handle)) this.fail('found duplicate %TAG directive', t.start);
        this.tagDirectives.push({ handle, prefix: t.suffix ?? '' });
      }
      s.skip();
      t = s.peek();
    }
    for (const d of [{ handle: '!', prefix: '!' }, { handle: '!!', prefix: TAG_PREFIX }]) {
      if (!this.tagDirectives.some((x) => x.handle === d.handle)) this.tagDirectives.push(d);
    }
  }

  private node(block: boolean, indentlessSequence: boolean): YEvent {
    const s = this.s;
    let t = s.peek();
    if (t.type === 'ALIAS') {
      this.state = this.pop();
      s.skip();
      return { type: 'ALIAS', start: t.start, anchor: t.value ?? '' };
    }
    const start = t.start;
    let anchor: string | undefined;
    let tagToken: Token | undefined;
    if (t.type === 'ANCHOR') {
      anchor = t.value;
      s.skip();
      t = s.peek();
      if (t.type === 'TAG') {
        tagToken = t;
        s.skip();
        t = s.peek();
      }
    } else if (t.type === 'TAG') {
      tagToken = t;
      s.skip();
      t = s.peek();
      if (t.type === 'ANCHOR') {
        anchor = t.value;
        s.skip();
        t = s.peek();
      }
    }
    let tag = '';
    if (tagToken) {
      const handle = tagToken.value ?? '';
      if (handle === '') tag = tagToken.suffix ?? '';
      else {
        const d = this.tagDirectives.find((x) => x.handle === handle);
        if (d) tag = d.prefix + (tagToken.suffix ?? '');
        if (tag === '') this.fail('found undefined tag handle', tagToken.start, start);
      }
    }
    const common = { start, ...(anchor !== undefined ? { anchor } : {}), tag };
    if (indentlessSequence && t.type === 'BLOCK-ENTRY') {
      this.state = 'INDENTLESS-SEQUENCE-ENTRY';
      return { type: 'SEQUENCE-START', ...common };
    }
    if (t.type === 'SCALAR') {
      this.state = this.pop();
      s.skip();
      const implicit = (tag === '' && t.style === 'plain') || tag === '!';
      return { type: 'SCALAR', ...common, value: t.value ?? '', implicit, style: t.style ?? 'plain' };
    }
    if (t.type === 'FLOW-SEQUENCE-START') {
      this.state = 'FLOW-SEQUENCE-FIRST-ENTRY';
      return { type: 'SEQUENCE-START', ...common };
    }
    if (t.type === 'FLOW-MAPPING-START') {
      this.state = 'FLOW-MAPPING-FIRST-KEY';
      return { type: 'MAPPING-START', ...common };
    }
    if (block && t.type === 'BLOCK-SEQUENCE-START') {
      this.state = 'BLOCK-SEQUENCE-FIRST-ENTRY';
      return { type: 'SEQUENCE-START', ...common };
    }
    if (block && t.type === 'BLOCK-MAPPING-START') {
      this.state = 'BLOCK-MAPPING-FIRST-KEY';
      return { type: 'MAPPING-START', ...common };
    }
    if (anchor !== undefined || tag !== '') {
      this.state = this.pop();
      return { type: 'SCALAR', ...common, value: '', implicit: tag === '', style: 'plain' };
    }
    return this.fail('did not find expected node content', t.start, start);
  }

  private firstOf(first: boolean): void {
    if (!first) return;
    this.marks.push(this.s.peek().start);
    this.s.skip();
  }

  private blockSequenceEntry(first: boolean): YEvent {
    const s = this.s;
    this.firstOf(first);
    let t = s.peek();
    if (t.type === 'BLOCK-ENTRY') {
      const mark = t.end;
      s.skip();
      t = s.peek();
      if (t.type !== 'BLOCK-ENTRY' && t.type !== 'BLOCK-END') {
        this.states.push('BLOCK-SEQUENCE-ENTRY');
        return this.node(true, false);
      }
      this.state = 'BLOCK-SEQUENCE-ENTRY';
      return empty(mark);
    }
    if (t.type === 'BLOCK-END') {
      this.state = this.pop();
      this.marks.pop();
      s.skip();
      return { type: 'SEQUENCE-END', start: t.start };
    }
    return this.fail("did not find expected '-' indicator", t.start, this.marks.pop());
  }

  private indentlessSequenceEntry(): YEvent {
    const s = this.s;
    let t = s.peek();
    if (t.type === 'BLOCK-ENTRY') {
      const mark = t.end;
      s.skip();
      t = s.peek();
      if (!['BLOCK-ENTRY', 'KEY', 'VALUE', 'BLOCK-END'].includes(t.type)) {
        this.states.push('INDENTLESS-SEQUENCE-ENTRY');
        return this.node(true, false);
      }
      this.state = 'INDENTLESS-SEQUENCE-ENTRY';
      return empty(mark);
    }
    this.state = this.pop();
    return { type: 'SEQUENCE-END', start: t.start };
  }

  private blockMappingKey(first: boolean): YEvent {
    const s = this.s;
    this.firstOf(first);
    let t = s.peek();
    if (t.type === 'KEY') {
      const mark = t.end;
      s.skip();
      t = s.peek();
      if (!['KEY', 'VALUE', 'BLOCK-END'].includes(t.type)) {
        this.states.push('BLOCK-MAPPING-VALUE');
        return this.node(true, true);
      }
      this.state = 'BLOCK-MAPPING-VALUE';
      return empty(mark);
    }
    if (t.type === 'BLOCK-END') {
      this.state = this.pop();
      this.marks.pop();
      s.skip();
      return { type: 'MAPPING-END', start: t.start };
    }
    return this.fail('did not find expected key', t.start, this.marks.pop());
  }

  private blockMappingValue(): YEvent {
    const s = this.s;
    let t = s.peek();
    if (t.type === 'VALUE') {
      const mark = t.end;
      s.skip();
      t = s.peek();
      if (!['KEY', 'VALUE', 'BLOCK-END'].includes(t.type)) {
        this.states.push('BLOCK-MAPPING-KEY');
        return this.node(true, true);
      }
      this.state = 'BLOCK-MAPPING-KEY';
      return empty(mark);
    }
    this.state = 'BLOCK-MAPPING-KEY';
    return empty(t.start);
  }

  private flowSequenceEntry(first: boolean): YEvent {
    const s = this.s;
    this.firstOf(first);
    let t = s.peek();
    if (t.type !== 'FLOW-SEQUENCE-END') {
      if (!first) {
        if (t.type !== 'FLOW-ENTRY') this.fail("did not find expected ',' or ']'", t.start, this.marks.pop());
        s.skip();
        t = s.peek();
      }
      if (t.type === 'KEY') {
        this.state = 'FLOW-SEQUENCE-ENTRY-MAPPING-KEY';
        s.skip();
        return { type: 'MAPPING-START', start: t.start, tag: '' };
      }
      if (t.type !== 'FLOW-SEQUENCE-END') {
        this.states.push('FLOW-SEQUENCE-ENTRY');
        return this.node(false, false);
      }
    }
    this.state = this.pop();
    this.marks.pop();
    s.skip();
    return { type: 'SEQUENCE-END', start: t.start };
  }

  private flowSequenceEntryMappingKey(): YEvent {
    const s = this.s;
    const t = s.peek();
    if (!['VALUE', 'FLOW-ENTRY', 'FLOW-SEQUENCE-END'].includes(t.type)) {
      this.states.push('FLOW-SEQUENCE-ENTRY-MAPPING-VALUE');
      return this.node(false, false);
    }
    const mark = t.end;
    s.skip();
    this.state = 'FLOW-SEQUENCE-ENTRY-MAPPING-VALUE';
    return empty(mark);
  }

  private flowSequenceEntryMappingValue(): YEvent {
    const s = this.s;
    let t = s.peek();
    if (t.type === 'VALUE') {
      s.skip();
      t = s.peek();
      if (t.type !== 'FLOW-ENTRY' && t.type !== 'FLOW-SEQUENCE-END') {
        this.states.push('FLOW-SEQUENCE-ENTRY-MAPPING-END');
        return this.node(false, false);
      }
    }
    this.state = 'FLOW-SEQUENCE-ENTRY-MAPPING-END';
    return empty(t.start);
  }

  private flowMappingKey(first: boolean): YEvent {
    const s = this.s;
    this.firstOf(first);
    let t = s.peek();
    if (t.type !== 'FLOW-MAPPING-END') {
      if (!first) {
        if (t.type !== 'FLOW-ENTRY') this.fail("did not find expected ',' or '}'", t.start, this.marks.pop());
        s.skip();
        t = s.peek();
      }
      if (t.type === 'KEY') {
        s.skip();
        t = s.peek();
        if (!['VALUE', 'FLOW-ENTRY', 'FLOW-MAPPING-END'].includes(t.type)) {
          this.states.push('FLOW-MAPPING-VALUE');
          return this.node(false, false);
        }
        this.state = 'FLOW-MAPPING-VALUE';
        return empty(t.start);
      }
      if (t.type !== 'FLOW-MAPPING-END') {
        this.states.push('FLOW-MAPPING-EMPTY-VALUE');
        return this.node(false, false);
      }
    }
    this.state = this.pop();
    this.marks.pop();
    s.skip();
    return { type: 'MAPPING-END', start: t.start };
  }

  private flowMappingValue(isEmpty: boolean): YEvent {
    const s = this.s;
    let t = s.peek();
    if (isEmpty) {
      this.state = 'FLOW-MAPPING-KEY';
      return empty(t.start);
    }
    if (t.type === 'VALUE') {
      s.skip();
      t = s.peek();
      if (t.type !== 'FLOW-ENTRY' && t.type !== 'FLOW-MAPPING-END') {
        this.states.push('FLOW-MAPPING-KEY');
        return this.node(false, false);
      }
    }
    this.state = 'FLOW-MAPPING-KEY';
    return empty(t.start);
  }
}

function empty(mark: Mark): YEvent {
  return { type: 'SCALAR', start: mark, value: '', implicit: true, style: 'plain', tag: '' };
}

