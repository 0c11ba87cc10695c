/**
 * Streams a Mercado Pago report file (settlement or release) into typed rows. The header fixes the
 * separator, the report kind and where each known column sits; every following record becomes either
 * a typed row (amounts as canonical decimal strings, timestamps with offsets, ids as text, unknown
 * columns in `extra`) or a rejection with its line, a stable code, a message and the raw text.
 */
import { basename } from 'node:path';
import { ReconError } from '../errors.ts';
import { type NumberStyle, NumberStyleState, parseAmount } from './amount.ts';
import { reportRowScaleProblem } from './amount-scale.ts';
import { maxCharsOfReportKey } from './field-limits.ts';
import { type FileEncoding, openDecoded } from './decode.ts';
import { detectSeparator, type HeaderMap, type HeaderStyle, mapHeader } from './header.ts';
import { batchRecords, type FramedRecord, frameRecords, type SplitResult, splitBatch, splitRecord } from './record-reader.ts';
import { type Rejection, type RejectionCode, rejection } from './rejection-codes.ts';
import { REPORT_SCHEMAS, type ReportSchema } from './report-schema.ts';
import { parseTimestamp } from './timestamp.ts';

export type ReportKind = 'settlement' | 'release';

export interface ParsedRow {
  readonly ok: true;
  readonly line: number;
  /** Aligned with schema.fields; null for an empty cell or a column the file does not have. */
  readonly values: (string | null)[];
  /** Unknown columns with a value, by technical key. */
  readonly extra: Record<string, string> | null;
}

export interface RejectedRow {
  readonly ok: false;
  readonly line: number;
  readonly code: RejectionCode;
  readonly message: string;
  readonly raw: string;
}

export interface OpenedReport {
  readonly schema: ReportSchema;
  readonly separator: ',' | ';';
  readonly headerStyle: HeaderStyle;
  readonly header: HeaderMap;
  /** Cells in the header row, named or not. */
  readonly headerWidth: number;
  readonly rows: AsyncGenerator<ParsedRow | RejectedRow>;
  /** The number style the file turned out to use (known once an unambiguous amount was read). */
  numberStyle(): NumberStyle | undefined;
}

export interface OpenReportOptions {
  readonly kind?: ReportKind | undefined;
  readonly fileName?: string | undefined;
  /** The site's currency: its decimals bound amounts in rows that name no known currency. */
  readonly currency?: string | undefined;
  readonly encoding?: FileEncoding | undefined;
}

export async function openReport(path: string, options: OpenReportOptions = {}): Promise<OpenedReport> {
  const fileName = options.fileName ?? basename(path);
  // Decoded to UTF-8 NFC before framing (decode.ts), so natural keys do not depend on the file's encoding.
  const stream = openDecoded(path, options.encoding);
  const records = frameRecords(stream);
  const first = await records.next();
  if (first.done) {
    throw new ReconError('FILE_EMPTY', `${fileName}: the file is empty; a report starts with a header row`);
  }
  const separator = detectSeparator(first.value.raw);
  const split = splitRecord(first.value, separator);
  if (!split.ok) throw new ReconError('HEADER_UNKNOWN_KIND', `${fileName}: the header row is not valid CSV (${split.code})`);
  const header = mapHeader(split.fields, fileName);
  const schema = chooseSchema(header, fileName, options.kind);
  const state = new NumberStyleState();
  return {
    schema,
    separator,
    headerStyle: header.style,
    header,
    headerWidth: split.fields.length,
    rows: typedRows(records, header, schema, separator, state, options.currency),
    numberStyle: () => state.style,
  };
}

function chooseSchema(header: HeaderMap, fileName: string, kind: ReportKind | undefined): ReportSchema {
  const schema = kind
    ? REPORT_SCHEMAS.find((s) => s.kind === kind)!
    : REPORT_SCHEMAS.find((s) => header.indexOf(s.signatureKey) !== -1);
  if (!schema) {
    throw new ReconError(
      'HEADER_UNKNOWN_KIND',
      `${fileName}: cannot tell the report kind: the header has neither TRANSACTION_TYPE (settlement report) nor RECORD_TYPE (release report); pass --kind if the file is a report`,
    );
  }
  for (const group of schema.requiredKeys) {
    if (!group.some((key) => header.indexOf(key) !== -1)) {
      throw new ReconError(
        'HEADER_MISSING_COLUMN',
        `${fileName}: the ${schema.kind} report has no ${group.join(' or ')} column; add it to the report's columns in Mercado Pago`,
        { details: { column: group[0], file: fileName } },
      );
    }
  }
  return schema;
}

/** Where each schema field and each unknown column sits in this file's rows. */
interface RowLayout {
  readonly width: number;
  readonly positions: readonly number[];
  readonly needOneOf: readonly number[];
  readonly extraPositions: readonly number[];
}

function layoutOf(header: HeaderMap, schema: ReportSchema): RowLayout {
  const positions = schema.fields.map((field) => header.indexOf(field.key));
  const known = new Set(positions.filter((p) => p !== -1));
  return {
    width: header.keys.length,
    positions,
    needOneOf: schema.rowNeedsOneOf.map((key) => schema.fields.findIndex((f) => f.key === key)),
    extraPositions: header.keys.map((_, i) => i).filter((i) => !known.has(i) && header.keys[i]),
  };
}

async function* typedRows(
  records: AsyncGenerator<FramedRecord>,
  header: HeaderMap,
  schema: ReportSchema,
  separator: string,
  state: NumberStyleState,
  currency: string | undefined,
): AsyncGenerator<ParsedRow | RejectedRow> {
  const layout = layoutOf(header, schema);
  for await (const batch of batchRecords(records)) {
    const splits = splitBatch(batch, separator);
    for (let i = 0; i < batch.length; i++) yield typeRow(batch[i]!, splits[i]!, layout, header, schema, state, currency);
  }
}

function typeRow(
  record: FramedRecord,
  split: SplitResult,
  layout: RowLayout,
  header: HeaderMap,
  schema: ReportSchema,
  state: NumberStyleState,
  currency: string | undefined,
): ParsedRow | RejectedRow {
  const reject = ({ code, message }: Rejection): RejectedRow => ({ ok: false, line: record.line, code, message, raw: record.raw });
  if (!split.ok) return reject(split);
  const cells = split.fields;
  // A trailing separator (an extra empty field) is tolerated; any other count mismatch is not.
  if (cells.length !== layout.width && !(cells.length > layout.width && cells.slice(layout.width).every((c) => c.trim() === ''))) {
    return reject(rejection('ROW_COLUMN_COUNT', cells.length, layout.width));
  }
  const values: (string | null)[] = new Array(layout.positions.length);
  for (let i = 0; i < layout.positions.length; i++) {
    const pos = layout.positions[i]!;
    const field = schema.fields[i]!;
    const cell = pos === -1 ? '' : cells[pos]!.trim();
    if (cell === '') {
      if (field.notNull) return reject(rejection('MISSING_VALUE', field.key));
      values[i] = null;
    } else if (field.type === 'text') {
      const max = maxCharsOfReportKey(field.key);
      if (cell.length > max) return reject(rejection('FIELD_TOO_LONG', field.key, cell.length, max));
      values[i] = cell;
    } else if (field.type === 'amount') {
      const amount = parseAmount(cell, state);
      if (!amount.ok) return reject({ code: amount.code, message: `${field.key}: ${amount.message}` });
      values[i] = amount.value;
    } else {
      const ts = parseTimestamp(cell);
      if (!ts.ok) return reject({ code: ts.code, message: `${field.key}: ${ts.message}` });
      values[i] = ts.value;
    }
  }
  if (layout.needOneOf.length > 0 && layout.needOneOf.every((i) => values[i] === null)) {
    return reject(rejection('MISSING_DATE', schema.rowNeedsOneOf));
  }
  const scale = reportRowScaleProblem(schema, values, currency);
  if (scale) return reject(scale);
  let extra: Record<string, string> | null = null;
  for (const pos of layout.extraPositions) {
    const cell = cells[pos];
    if (cell === undefined || cell === '') continue;
    extra ??= {};
    extra[header.keys[pos]!] = cell;
  }
  return { ok: true, line: record.line, values, extra };
}
