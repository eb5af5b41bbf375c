// Expected texts are what Go's text/tabwriter (minwidth 6, tabwidth 4, padding 3, padchar ' ',
// as kubectl configures liggitt/tabwriter) printed for the same tab-separated input.
import { describe, expect, it } from 'vitest';
import { printTable, printTableNoHeaders } from './table.ts';

describe('printTable', () => {
  it('[KC-1] columns are widest cell + 3, last column unpadded', () => {
    expect(
      printTable(
        ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'],
        [
          ['kubernetes', 'ClusterIP', '10.96.0.1', '<none>', '443/TCP', '5d'],
          ['web', 'NodePort', '10.96.12.7', '<none>', '80:31234/TCP', '2m5s'],
        ],
      ),
    ).toBe(
      'NAME         TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)        AGE\n' +
        'kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP        5d\n' +
        'web          NodePort    10.96.12.7   <none>        80:31234/TCP   2m5s\n',
    );
  });

  it('[KC-1] short columns are at least 6 wide (tabwriter minwidth)', () => {
    expect(printTable(['N', 'M', 'X'], [['1', '2', '3']])).toBe('N     M     X\n1     2     3\n');
  });

  it('counts widths in runes, not bytes', () => {
    expect(printTable(['A', 'B', 'C'], [['x', 'y', 'z'], ['été', 'ü', '']])).toBe('A     B     C\nx     y     z\nété   ü     \n');
  });

  it('pads empty cells, so an empty last column leaves trailing spaces like kubectl', () => {
    expect(printTable(['NAME', 'X', 'LAST'], [['a', '', '']])).toBe('NAME   X     LAST\na' + ' '.repeat(12) + '\n');
  });

  it('a tab inside a cell opens a new column, as in kubectl', () => {
    expect(printTable(['NAME', 'X', 'LAST'], [['a', '', ''], ['b', 'tab\there', 'q']])).toBe(
      'NAME   X     LAST\na' + ' '.repeat(12) + '\nb      tab   here   q\n',
    );
  });

  it('cuts a cell at its first line break and marks it with "..."', () => {
    expect(printTable(['NAME', 'MESSAGE'], [['a', 'first line\nsecond'], ['b', 'esc\x1b[31m']])).toBe(
      'NAME   MESSAGE\na      first line...\nb      esc^[[31m\n',
    );
  });

  it('prints nothing for no rows; printTableNoHeaders omits the header', () => {
    expect(printTable(['NAME', 'AGE'], [])).toBe('');
    expect(printTableNoHeaders([['web', '5d'], ['kubernetes', '12d']])).toBe('web          5d\nkubernetes   12d\n');
  });
});
