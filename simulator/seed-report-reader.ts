/**
 * The simulator's own reader of a settlement report used as a seed. It reads what MP's files look like
 * (UTF-8 with or without a BOM, `,` or `;`, RFC 4180 quotes, technical-key or `Label (KEY)` headers)
 * and nothing more: no amount, date or scale checks. It is deliberately not the engine's parser, so a
 * parser bug cannot be mirrored by the simulator that tests it.
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';

export interface SeedRow {
  /** Line of the file the row ends on (the header is line 1). */
  readonly line: number;
  /** The cell under a column key, '' when the row has no such column. */
  get(key: string): string;
}

/** `Data de aprovação (SETTLEMENT_DATE)` → `SETTLEMENT_DATE`; a plain key stays as it is. */
function columnKey(header: string): string {
  const labelled = /\(([A-Z0-9_]+)\)\s*$/.exec(header);
  return (labelled?.[1] ?? header).trim().toUpperCase();
}

export async function readSeedReport(path: string): Promise<SeedRow[]> {
  const text = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const records = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: true, info: true }) as unknown as {
    record: string[];
    info: { lines: number };
  }[];
  const [head, ...body] = records;
  if (!head) return [];
  const index = new Map(head.record.map((h, i) => [columnKey(h), i]));
  return body.map(({ record, info }) => ({
    line: info.lines,
    get: (key: string) => record[index.get(key) ?? -1]?.trim() ?? '',
  }));
}
