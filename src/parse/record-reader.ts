/**
 * Frames a CSV byte stream into records, one physical line each unless a quoted field spans lines.
 *
 * Why not csv-parse's own streaming with skip_records_with_error: measured here, after one bad quote it
 * silently swallows the good rows that follow, and a reconciliation may never drop a row. So framing is
 * ours (quote parity per line, which is exact for RFC 4180), and each record is split on its own:
 * `split` when it has no quote at all, csv-parse for the quoted ones. A bad record then costs only
 * itself, and every line ends up either parsed or reported with its line number and raw text.
 */
import type { Readable } from 'node:stream';
import type { CsvErrorCode } from 'csv-parse';
import { parse as parseCsvSync } from 'csv-parse/sync';
import { csvQuoting, type Rejection, rejection } from './rejection-codes.ts';

export interface RawRecord {
  /** 1-based physical line the record starts on. */
  readonly line: number;
  readonly raw: string;
}

export type SplitResult = { ok: true; fields: string[] } | ({ ok: false } & Rejection);

/** A quoted field may span lines, but one that is still open this many lines later is a stray quote. */
const MAX_LINES_PER_RECORD = 50;

export interface FramedRecord extends RawRecord {
  /** Set when the record cannot be closed: a stray quote. */
  readonly unclosed?: true;
}

function quoteCount(line: string): number {
  let n = 0;
  for (let i = line.indexOf('"'); i !== -1; i = line.indexOf('"', i + 1)) n++;
  return n;
}

/** Yields every non-empty record of the stream, BOM stripped, CR/LF or LF endings. */
export async function* frameRecords(stream: Readable): AsyncGenerator<FramedRecord> {
  stream.setEncoding('utf8');
  let carry = '';
  let lineNo = 0;
  let first = true;
  // Lines of a record still open (odd quote count), kept so a stray quote can be undone line by line.
  let open: { line: number; text: string }[] = [];
  let openQuotes = 0;

  function* closeOpenAsStray(): Generator<FramedRecord> {
    // The first line carries the stray quote; the lines after it are framed again on their own.
    const [bad, ...rest] = open;
    open = [];
    openQuotes = 0;
    if (bad) yield { line: bad.line, raw: bad.text, unclosed: true };
    for (const l of rest) yield* take(l.line, l.text);
  }

  function* take(line: number, text: string): Generator<FramedRecord> {
    if (open.length === 0) {
      if (text === '') return;
      const q = text.indexOf('"') === -1 ? 0 : quoteCount(text);
      if (q % 2 === 0) {
        yield { line, raw: text };
        return;
      }
      open = [{ line, text }];
      openQuotes = q;
      return;
    }
    open.push({ line, text });
    openQuotes += quoteCount(text);
    if (openQuotes % 2 === 0) {
      const start = open[0]!.line;
      const raw = open.map((l) => l.text).join('\n');
      open = [];
      openQuotes = 0;
      yield { line: start, raw };
    } else if (open.length >= MAX_LINES_PER_RECORD) {
      yield* closeOpenAsStray();
    }
  }

  for await (const chunk of stream as AsyncIterable<string>) {
    let text = carry + chunk;
    if (first) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      lineNo++;
      yield* take(lineNo, text.slice(start, end));
      start = nl + 1;
    }
    carry = text.slice(start);
  }
  if (carry !== '') {
    lineNo++;
    yield* take(lineNo, carry.endsWith('\r') ? carry.slice(0, -1) : carry);
  }
  while (open.length > 0) yield* closeOpenAsStray();
}

/** Groups records so quoted ones can be split by one csv-parse call per batch. */
export async function* batchRecords<T>(records: AsyncIterable<T>, size = 2000): AsyncGenerator<T[]> {
  let batch: T[] = [];
  for await (const record of records) {
    batch.push(record);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/**
 * Splits a batch of framed records. Records without a quote are split directly; the quoted ones are
 * handed to csv-parse together (a csv-parse call costs far more than the records in it, measured at
 * ~250 µs each), and only when that batch has a malformed record are they parsed one by one, so the bad
 * record is rejected alone.
 */
export function splitBatch(records: readonly FramedRecord[], separator: string): SplitResult[] {
  const results: SplitResult[] = new Array(records.length);
  const quoted: number[] = [];
  records.forEach((record, i) => {
    if (!record.unclosed && record.raw.indexOf('"') !== -1) quoted.push(i);
    else results[i] = splitRecord(record, separator);
  });
  if (quoted.length > 1) {
    try {
      const text = quoted.map((i) => records[i]!.raw).join('\n');
      const rows = parseCsvSync(text, { delimiter: separator, relax_column_count: true }) as string[][];
      if (rows.length === quoted.length) {
        quoted.forEach((i, k) => {
          results[i] = { ok: true, fields: rows[k]! };
        });
        return results;
      }
    } catch {
      // one of them is malformed: fall through and find it
    }
  }
  for (const i of quoted) results[i] = splitRecord(records[i]!, separator);
  return results;
}

/** Splits one framed record into fields. */
export function splitRecord(record: FramedRecord, separator: string): SplitResult {
  if (record.unclosed) {
    return { ok: false, ...rejection('CSV_QUOTE_NOT_CLOSED') };
  }
  if (record.raw.indexOf('"') === -1) return { ok: true, fields: record.raw.split(separator) };
  try {
    const rows = parseCsvSync(record.raw, { delimiter: separator, relax_column_count: true }) as string[][];
    const fields = rows[0];
    if (rows.length !== 1 || !fields) return { ok: false, ...rejection('CSV_MALFORMED') };
    return { ok: true, fields };
  } catch (err) {
    return { ok: false, ...csvQuoting((err as { code?: CsvErrorCode }).code ?? 'CSV_MALFORMED') };
  }
}
