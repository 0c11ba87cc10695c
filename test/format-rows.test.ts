import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { escapeControls } from '../src/output/cell-safety.ts';
import { toCsv, toSpreadsheetCsv, toTable } from '../src/output/format-rows.ts';

describe('CSV output', () => {
  it('round-trips quotes, separators, line breaks, surrounding spaces and nulls through csv-parse', () => {
    const rows = [['a "quoted" word', 'x,y', 'two\r\nlines', ' padded ', null]];
    const text = toCsv(['a', 'b', 'c', 'd', 'e'], rows);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(parse(text)).toEqual([['a', 'b', 'c', 'd', 'e'], ['a "quoted" word', 'x,y', 'two\r\nlines', ' padded ', '']]);
  });

  it('makes text cells that a spreadsheet would run as a formula inert, and leaves numbers alone', () => {
    const cells = ['=HYPERLINK("http://x")', '+cmd|calc', '-1+1', '@SUM(A1)', '\tTAB', '\rCR', 'plain', '-10.00', '-10.00'];
    const columns = cells.map((_, i) => `c${i}`);
    const [, row] = parse(toSpreadsheetCsv(columns, [cells], new Set(['c7']))) as string[][];
    expect(row).toEqual([`'=HYPERLINK("http://x")`, `'+cmd|calc`, `'-1+1`, `'@SUM(A1)`, `'\tTAB`, `'\rCR`, 'plain', '-10.00', `'-10.00`]);
  });

  it('neutralises a numeric column that holds text', () => {
    const [, row] = parse(toSpreadsheetCsv(['amount'], [['=1+1']], new Set(['amount']))) as string[][];
    expect(row).toEqual([`'=1+1`]);
  });
});

describe('table output', () => {
  it('shows control characters as escapes so a terminal does not act on them', () => {
    expect(escapeControls('a\u001b[31mb\u0007\u009b2J\u007f\tc\nd\u0000')).toBe('a\\x1b[31mb\\x07\\x9b2J\\x7f\\tc\\nd\\x00');
    const table = toTable(['ref'], [['\u001b]0;title\u0007ok']]);
    expect(table).toBe('ref\n------------------\n\\x1b]0;title\\x07ok\n');
  });

  it('keeps accented text and other printable characters as they are', () => {
    expect(escapeControls('Sucursal Núñez — café')).toBe('Sucursal Núñez — café');
  });
});
