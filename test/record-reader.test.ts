import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type FramedRecord, frameRecords, splitRecord } from '../src/parse/record-reader.ts';

async function frame(text: string, chunkSize = 7): Promise<FramedRecord[]> {
  const chunks: Buffer[] = [];
  const bytes = Buffer.from(text, 'utf8');
  for (let i = 0; i < bytes.length; i += chunkSize) chunks.push(bytes.subarray(i, i + chunkSize));
  const out: FramedRecord[] = [];
  for await (const r of frameRecords(Readable.from(chunks))) out.push(r);
  return out;
}

function toCsvField(value: string, sep: string): string {
  return /["\r\n]/.test(value) || value.includes(sep) ? `"${value.replace(/"/g, '""')}"` : value;
}

describe('frameRecords', () => {
  it('strips a BOM, handles CRLF and skips blank lines, keeping physical line numbers', async () => {
    const records = await frame('\uFEFFa;b\r\n1;2\r\n\r\n3;4\r\n');
    expect(records.map((r) => [r.line, r.raw])).toEqual([
      [1, 'a;b'],
      [2, '1;2'],
      [4, '3;4'],
    ]);
  });

  it('keeps a quoted field that spans lines in one record', async () => {
    const records = await frame('a;b\n"multi\nline";2\n3;4');
    expect(records.map((r) => [r.line, r.raw])).toEqual([
      [1, 'a;b'],
      [2, '"multi\nline";2'],
      [4, '3;4'],
    ]);
  });

  it('isolates a stray quote: that line is rejected and no following row is lost', async () => {
    const records = await frame('a;b\n1;2\nbad"line;3\n4;5\n6;7\n');
    expect(records.map((r) => [r.line, r.raw, r.unclosed ?? false])).toEqual([
      [1, 'a;b', false],
      [2, '1;2', false],
      [3, 'bad"line;3', true],
      [4, '4;5', false],
      [5, '6;7', false],
    ]);
  });

  it('splits quoted records with csv-parse and reports malformed quoting', () => {
    expect(splitRecord({ line: 1, raw: '"a;b";"[{}]";"x""y";' }, ';')).toEqual({ ok: true, fields: ['a;b', '[{}]', 'x"y', ''] });
    expect(splitRecord({ line: 1, raw: '3;"4"5' }, ';')).toMatchObject({ ok: false, code: 'CSV_INVALID_CLOSING_QUOTE' });
  });

  it('round-trips any well-formed rows, whatever the chunking (property)', async () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'Z', '0', ' ', ';', ',', '"', '\n', 'ç', '€', '\t') });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(field, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 20 }),
        fc.constantFrom(';', ','),
        fc.constantFrom('\n', '\r\n'),
        fc.integer({ min: 1, max: 64 }),
        async (rows, sep, eol, chunkSize) => {
          // A row of only empty fields is a blank line in CSV; give every row a visible first field.
          const data = rows.map(([a, b]) => [`k${a}`, b!]);
          const text = data.map((r) => r.map((v) => toCsvField(v, sep)).join(sep)).join(eol) + eol;
          const records = await frame(text, chunkSize);
          const parsed = records.map((r) => splitRecord(r, sep));
          expect(parsed.map((p) => (p.ok ? p.fields : p.code))).toEqual(data);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('accounts for every non-blank line of garbage: each is in some record, nothing throws (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: fc.constantFrom('a', '"', ';', '\n', '\r', 'x', '1') }), async (text) => {
        const records = await frame(text, 5);
        const covered = new Set<number>();
        for (const r of records) {
          const span = r.raw.split('\n').length;
          for (let i = 0; i < span; i++) covered.add(r.line + i);
          splitRecord(r, ';');
        }
        const lines = text.split('\n');
        lines.forEach((l, i) => {
          if (l.replace(/\r$/, '') !== '' && !(i === lines.length - 1 && l === '')) expect(covered.has(i + 1)).toBe(true);
        });
      }),
      { numRuns: 300 },
    );
  });
});

describe('splitBatch', () => {
  it('splits quoted records together, and rejects only the malformed one when there is one', async () => {
    const { splitBatch } = await import('../src/parse/record-reader.ts');
    const records = [
      { line: 2, raw: '"a";1' },
      { line: 3, raw: 'plain;2' },
      { line: 4, raw: '3;"4"5' },
      { line: 5, raw: '"x""y";3' },
    ];
    expect(splitBatch(records, ';').map((r) => (r.ok ? r.fields : r.code))).toEqual([['a', '1'], ['plain', '2'], 'CSV_INVALID_CLOSING_QUOTE', ['x"y', '3']]);
  });
});
