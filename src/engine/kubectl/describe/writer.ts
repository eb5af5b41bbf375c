// kubectl describe's PrefixWriter: text at an indentation level (two spaces per level), with
// terminal escapes neutralised, laid out at the end by a tabwriter (minwidth 0, padding 2) —
// which is what aligns the `Name:   value` columns of every describer.

import { escapeTerminal } from '../printers/format.ts';
import { DESCRIBE_TABWRITER, tabulate } from '../printers/tabwriter.ts';

export const LEVEL_0 = 0;
export const LEVEL_1 = 1;
export const LEVEL_2 = 2;
export const LEVEL_3 = 3;
export const LEVEL_4 = 4;

export class DescribeWriter {
  private text = '';

  /** PrefixWriter.Write: `text` (already formatted) at `level`. */
  write(level: number, text: string): void {
    this.text += escapeTerminal('  '.repeat(level) + text);
  }

  /** PrefixWriter.WriteLine: the values joined by spaces, then a newline. */
  writeLine(...values: string[]): void {
    this.text += escapeTerminal(values.join(' ') + '\n');
  }

  /** The laid-out text (tabbedString). */
  toString(): string {
    return tabulate(this.text, DESCRIBE_TABWRITER);
  }
}
