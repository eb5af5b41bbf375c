import { describe, expect, it } from 'vitest';
import { DESCRIBE_TABWRITER, GET_TABWRITER, TabWriter, tabulate } from './tabwriter.ts';

describe('TabWriter (Go text/tabwriter + RememberWidths)', () => {
  it('[KC-1] pads each column to its widest cell + 3, min 6; the last column is unpadded', () => {
    expect(tabulate('NAME\tAGE\nclient\t5s\n', GET_TABWRITER)).toBe('NAME     AGE\nclient   5s\n');
    expect(tabulate('A\tB\nx\ty\n', GET_TABWRITER)).toBe('A     B\nx     y\n');
  });

  it('[KC-1] an empty last column leaves the padding of the column before it', () => {
    expect(tabulate('A\tB\tC\nxx\tyy\t\n', GET_TABWRITER)).toBe('A     B     C\nxx    yy    \n');
  });

  it('a line without the column ends the block: the next block is sized afresh', () => {
    const text = 'Name:\tx\nLabels:\ta=b\nplain line\nLonger key:\tv\n';
    expect(tabulate(text, DESCRIBE_TABWRITER)).toBe('Name:    x\nLabels:  a=b\nplain line\nLonger key:  v\n');
  });

  it('nested columns are sized per block of the inner column', () => {
    const text = 'Port:\thttp\t8080/TCP\nTargetPort:\t8080/TCP\n';
    expect(tabulate(text, DESCRIBE_TABWRITER)).toBe('Port:        http  8080/TCP\nTargetPort:  8080/TCP\n');
  });

  it('remembers widths across flushes (kubectl get --watch) until reset', () => {
    const w = new TabWriter(GET_TABWRITER);
    w.write('NAME\tSTATUS\tAGE\nlong-pod-name\tRunning\t1s\n');
    w.flush();
    w.write('a\tDone\t2s\n');
    expect(w.take()).toBe('NAME            STATUS    AGE\nlong-pod-name   Running   1s\na               Done      2s\n');
    w.resetRememberedWidths();
    w.write('a\tDone\t2s\n');
    expect(w.take()).toBe('a     Done   2s\n');
  });

  it('counts runes, not UTF-16 units', () => {
    expect(tabulate('é\tx\n😀😀\ty\n', DESCRIBE_TABWRITER)).toBe('é   x\n😀😀  y\n');
  });
});
