// Go's text/tabwriter (with the RememberWidths extension of github.com/liggitt/tabwriter that
// kubectl uses), for the padchar ' ' case. kubectl writes every table and every `describe`
// through one of these, so alignment depends on its exact rules:
//   - cells are tab-terminated; the text after a line's last tab is not part of any column;
//   - a column is laid out per *block*: consecutive lines that all have a tab-terminated cell
//     at that index; a line without it ends the block (and the next block is sized afresh);
//   - a column's width is max(minwidth, widest cell + padding);
//   - with rememberWidths, a column never gets narrower than it was in an earlier block or
//     flush (kubectl get --watch keeps its columns steady this way).

export interface TabWriterOptions {
  minwidth: number;
  padding: number;
  rememberWidths?: boolean;
}

/** kubectl get / api-resources: printers.GetNewTabWriter (6, 4, 3, ' ', RememberWidths). */
export const GET_TABWRITER: TabWriterOptions = { minwidth: 6, padding: 3, rememberWidths: true };
/** kubectl describe: tabwriter.Init(buf, 0, 8, 2, ' ', 0). */
export const DESCRIBE_TABWRITER: TabWriterOptions = { minwidth: 0, padding: 2 };

const runeLength = (s: string): number => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

export class TabWriter {
  private pending = '';
  private out = '';
  private maxWidths: number[] = [];

  constructor(private readonly opts: TabWriterOptions) {}

  write(text: string): void {
    this.pending += text;
  }

  /** Lays out everything written so far (complete or not) and appends it to the output. */
  flush(): void {
    if (this.pending === '') return;
    const text = this.pending;
    this.pending = '';
    const endsWithNewline = text.endsWith('\n');
    const rawLines = (endsWithNewline ? text.slice(0, -1) : text).split('\n');
    const lines = rawLines.map((l) => l.split('\t'));
    const widths: number[] = [];
    const rendered: string[] = new Array<string>(lines.length).fill('');
    this.format(lines, widths, 0, lines.length, rendered);
    this.out += rendered.join('\n') + (endsWithNewline ? '\n' : '');
  }

  /** liggitt/tabwriter's SetRememberedWidths(nil): forget the columns of earlier flushes. */
  resetRememberedWidths(): void {
    this.maxWidths = [];
  }

  /** Flushes and returns (and clears) everything laid out so far. */
  take(): string {
    this.flush();
    const s = this.out;
    this.out = '';
    return s;
  }

  private format(lines: string[][], widths: number[], line0: number, line1: number, rendered: string[]): void {
    const column = widths.length;
    let start = line0;
    for (let i = line0; i < line1; i++) {
      if (column >= lines[i]!.length - 1) continue;
      this.writeLines(lines, widths, start, i, rendered);
      // Column block: consecutive lines that have a tab-terminated cell at `column`.
      let width = this.opts.minwidth;
      let j = i;
      for (; j < line1; j++) {
        const line = lines[j]!;
        if (column >= line.length - 1) break;
        const w = runeLength(line[column]!) + this.opts.padding;
        if (w > width) width = w;
      }
      if (this.opts.rememberWidths) {
        if (this.maxWidths.length === column) this.maxWidths.push(width);
        else if (this.maxWidths[column]! > width) width = this.maxWidths[column]!;
        else this.maxWidths[column] = width;
      }
      widths.push(width);
      this.format(lines, widths, i, j, rendered);
      widths.pop();
      start = j;
      i = j - 1;
    }
    this.writeLines(lines, widths, start, line1, rendered);
  }

  private writeLines(lines: string[][], widths: number[], line0: number, line1: number, rendered: string[]): void {
    for (let i = line0; i < line1; i++) {
      const cells = lines[i]!;
      let s = '';
      cells.forEach((cell, j) => {
        s += cell;
        if (j < widths.length && j < cells.length - 1) s += ' '.repeat(Math.max(0, widths[j]! - runeLength(cell)));
      });
      rendered[i] = s;
    }
  }
}

/** Lays out `text` in one go with a fresh writer. */
export function tabulate(text: string, opts: TabWriterOptions): string {
  const w = new TabWriter(opts);
  w.write(text);
  return w.take();
}
