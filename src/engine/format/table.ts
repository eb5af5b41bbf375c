// kubectl's tables, byte for byte [KC-1]. kubectl writes each row as cells joined by "\t" and
// ended by "\n" into github.com/liggitt/tabwriter (a fork of Go's text/tabwriter) created with
// minwidth 6, tabwidth 4, padding 3, padchar ' ', flags RememberWidths
// (cli-runtime printers/tabwriter.go). The tabwriter's elastic-tabstop algorithm is reproduced
// here, so the consequences come out as in kubectl:
//   - a column is max(6, widest cell + 3) wide, widths counted in runes (code points);
//   - the last cell of a line is not part of a column and is not padded;
//   - an empty cell inside a column is still padded, so an empty *last column* leaves trailing
//     spaces after the previous column (this is what kubectl prints too);
//   - a cell containing a tab splits into two cells, as it would in kubectl.
// Cells are first treated like cli-runtime's printTable does (v1.33): text from the first
// "\f", "\n" or "\r" on is cut and replaced by "...", and ESC is shown as "^[".

const MIN_WIDTH = 6;
const PADDING = 3;

/** A table with a header line; headers are given already upper-case. No rows → no output. */
export function printTable(headers: string[], rows: string[][]): string {
  if (rows.length === 0) return '';
  return tabwrite([headers.join('\t'), ...rows.map(rowText)]);
}

/** The same table without the header line (`--no-headers`). */
export function printTableNoHeaders(rows: string[][]): string {
  return tabwrite(rows.map(rowText));
}

function rowText(cells: string[]): string {
  return cells
    .map((cell) => {
      const cut = cell.search(/[\f\n\r]/);
      const shown = cut >= 0 ? cell.slice(0, cut) : cell;
      return shown.replace(/\x1b/g, '^[').replace(/\r/g, '\\r') + (cut >= 0 ? '...' : '');
    })
    .join('\t');
}

interface Cell {
  text: string;
  width: number; // in runes
  htab: boolean; // terminated by "\t" (as opposed to "\v" or a line end)
}

/** Feed `lines` (each gets "\n") through the tabwriter and flush it. */
function tabwrite(lines: string[]): string {
  const w = new TabWriter();
  w.write(lines.map((l) => l + '\n').join(''));
  w.flush();
  return w.output();
}

class TabWriter {
  private out: string[] = [];
  private lines: Cell[][] = [[]];
  private cell = '';
  private widths: number[] = [];
  private maxWidths: number[] = []; // RememberWidths: columns never shrink across flushes

  output(): string {
    return this.out.join('');
  }

  write(text: string): void {
    for (const ch of text) {
      if (ch === '\t' || ch === '\v' || ch === '\n' || ch === '\f') {
        const ncells = this.terminateCell(ch === '\t');
        if (ch === '\n' || ch === '\f') {
          this.lines.push([]);
          // A line of one cell cannot influence later alignment: the tabwriter flushes there.
          if (ch === '\f' || ncells === 1) this.flush();
        }
      } else this.cell += ch;
    }
  }

  flush(): void {
    if (this.cell.length > 0) this.terminateCell(false);
    this.format(0, this.lines.length);
    this.lines = [[]];
    this.cell = '';
    this.widths = [];
  }

  private terminateCell(htab: boolean): number {
    const line = this.lines[this.lines.length - 1] as Cell[];
    line.push({ text: this.cell, width: Array.from(this.cell).length, htab });
    this.cell = '';
    return line.length;
  }

  /** Elastic tabstops: find blocks of consecutive lines sharing a column, size it, recurse. */
  private format(line0: number, line1: number): void {
    const column = this.widths.length;
    for (let row = line0; row < line1; row++) {
      if (column >= (this.lines[row] as Cell[]).length - 1) continue;
      this.writeLines(line0, row);
      line0 = row;
      let width = MIN_WIDTH;
      for (; row < line1; row++) {
        const line = this.lines[row] as Cell[];
        if (column >= line.length - 1) break;
        width = Math.max(width, (line[column] as Cell).width + PADDING);
      }
      if (this.maxWidths.length < this.widths.length) this.maxWidths.push(...this.widths.slice(this.maxWidths.length));
      const remembered = this.maxWidths[column];
      if (remembered === undefined) this.maxWidths.push(width);
      else if (remembered > width) width = remembered;
      else this.maxWidths[column] = width;
      this.widths.push(width);
      this.format(line0, row);
      this.widths.pop();
      line0 = row;
    }
    this.writeLines(line0, line1);
  }

  private writeLines(line0: number, line1: number): void {
    for (let i = line0; i < line1; i++) {
      const line = this.lines[i] as Cell[];
      line.forEach((c, j) => {
        this.out.push(c.text);
        const w = this.widths[j];
        if (w !== undefined) this.out.push(' '.repeat(w - c.width));
      });
      // The last buffered line has no line break yet (it is the still-open line).
      if (i + 1 < this.lines.length) this.out.push('\n');
      else this.out.push(this.cell);
    }
  }
}
