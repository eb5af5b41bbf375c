// Typed reading of a YAML mapping's fields, collecting problems with their lines instead of
// stopping at the first one.

import type { Node } from 'yaml';
import { scalarValue, seqItems, type Entry } from './yamlNodes.ts';

export interface Problem {
  line: number;
  message: string;
}

/** Longest regular expression a lesson may carry (keeps matching cheap). */
const MAX_REGEX = 500;

export class Fields {
  private readonly byKey = new Map<string, Entry>();

  constructor(
    entries: readonly Entry[],
    /** Prefix of every message ("check", "front matter"). */
    private readonly where: string,
    readonly fallbackLine: number,
    readonly problems: Problem[],
  ) {
    for (const e of entries) this.byKey.set(e.key, e);
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  lineOf(key: string): number {
    return this.byKey.get(key)?.line ?? this.fallbackLine;
  }

  problem(line: number, message: string): void {
    this.problems.push({ line, message: `${this.where}: ${message}` });
  }

  private scalar(key: string): { value: unknown; line: number } | undefined {
    const e = this.byKey.get(key);
    if (!e) return undefined;
    const v = scalarValue(e.node);
    if (!v) {
      this.problem(e.line, `'${key}' must be a single value, not a list or mapping`);
      return undefined;
    }
    return { value: v.value, line: e.line };
  }

  /** A non-empty string (a number is not taken for a string here). */
  string(key: string, required = false): string | undefined {
    const v = this.scalar(key);
    if (v === undefined) {
      if (required && !this.has(key)) this.problem(this.fallbackLine, `missing '${key}'`);
      return undefined;
    }
    if (typeof v.value !== 'string' || v.value.trim() === '') {
      this.problem(v.line, `'${key}' must be a non-empty string`);
      return undefined;
    }
    return v.value;
  }

  /** A value compared as text: strings, numbers and booleans as YAML wrote them. */
  text(key: string): string | undefined {
    const v = this.scalar(key);
    if (v === undefined) return undefined;
    if (typeof v.value === 'string' || typeof v.value === 'number' || typeof v.value === 'boolean') return String(v.value);
    this.problem(v.line, `'${key}' must be a string or a number`);
    return undefined;
  }

  int(key: string, min: number, max: number): number | undefined {
    const v = this.scalar(key);
    if (v === undefined) return undefined;
    if (typeof v.value !== 'number' || !Number.isInteger(v.value) || v.value < min || v.value > max) {
      this.problem(v.line, `'${key}' must be an integer from ${min} to ${max}`);
      return undefined;
    }
    return v.value;
  }

  bool(key: string): boolean | undefined {
    const v = this.scalar(key);
    if (v === undefined) return undefined;
    if (typeof v.value !== 'boolean') {
      this.problem(v.line, `'${key}' must be true or false`);
      return undefined;
    }
    return v.value;
  }

  /** A regular expression: the source, once it compiles. */
  regex(key: string, flags = ''): string | undefined {
    const src = this.string(key);
    if (src === undefined) return undefined;
    const line = this.lineOf(key);
    if (src.length > MAX_REGEX) {
      this.problem(line, `'${key}' is longer than ${MAX_REGEX} characters`);
      return undefined;
    }
    const compiled = compileRegex(src, flags);
    if (typeof compiled === 'string') {
      this.problem(line, `'${key}' is not a valid regular expression: ${compiled}`);
      return undefined;
    }
    return src;
  }

  /** The line of each item of a list (for problems found in one item later). */
  itemLines(key: string, lineOf: (node: Node) => number): number[] {
    const node = this.byKey.get(key)?.node;
    return node ? (seqItems(node) ?? []).map(lineOf) : [];
  }

  /** A list of non-empty strings. */
  strings(key: string): string[] | undefined {
    const e = this.byKey.get(key);
    if (!e) return undefined;
    const items = e.node ? seqItems(e.node) : undefined;
    if (!items) {
      this.problem(e.line, `'${key}' must be a list of strings`);
      return undefined;
    }
    const out: string[] = [];
    for (const item of items as Node[]) {
      const v = scalarValue(item);
      if (!v || typeof v.value !== 'string' || v.value.trim() === '') {
        this.problem(e.line, `'${key}' must be a list of non-empty strings`);
        return undefined;
      }
      out.push(v.value);
    }
    return out;
  }
}

/** The compiled expression, or the engine's error message. */
export function compileRegex(src: string, flags = ''): RegExp | string {
  try {
    return new RegExp(src, flags);
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}
