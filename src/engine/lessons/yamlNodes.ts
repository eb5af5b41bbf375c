// YAML of lesson files (front matter, check blocks) with line numbers: every value comes with
// the file line of its key, so an error can say where it is.

import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';

/** A parsed YAML block; `lineOf` maps a node to its line in the lesson file. */
export interface YamlBlock {
  root: Node | null;
  lineOf(node: Node | null | undefined): number;
}

export type YamlResult = { ok: true; block: YamlBlock } | { ok: false; line: number; error: string };

/** Parses `text`, whose first line is line `firstLine` of the file. */
export function parseYamlBlock(text: string, firstLine: number): YamlResult {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const lineAt = (offset: number): number => counter.linePos(offset).line + firstLine - 1;
  const err = doc.errors[0];
  if (err) {
    // The first line of yaml's message is the sentence; the rest is a source excerpt.
    const msg = err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    return { ok: false, line: lineAt(err.pos[0]), error: `invalid YAML: ${msg}` };
  }
  const root = (doc.contents as Node | null) ?? null;
  return {
    ok: true,
    block: { root, lineOf: (node) => (node?.range ? lineAt(node.range[0]) : firstLine) },
  };
}

/** A mapping's entries in order: key text, value node, the key's line. */
export interface Entry {
  key: string;
  node: Node | null;
  line: number;
}

export function mapEntries(block: YamlBlock, node: Node): Entry[] | undefined {
  if (!isMap(node)) return undefined;
  return node.items.map((pair) => {
    const k = pair.key as Node | null;
    const key = isScalar(k) ? String(k.value) : String(k);
    return { key, node: (pair.value as Node | null) ?? null, line: block.lineOf(k) };
  });
}

export function seqItems(node: Node): Node[] | undefined {
  return isSeq(node) ? (node.items as Node[]) : undefined;
}

/** A scalar's JavaScript value (string, number, boolean, null), or undefined for a collection. */
export function scalarValue(node: Node | null): { value: unknown } | undefined {
  if (node === null) return { value: null };
  return isScalar(node) ? { value: node.value } : undefined;
}
