/**
 * Synthetic data for the benchmark, written as streams from the generator's volume rows: a settlement
 * report of N rows in MP's format (`;`, the official 26 columns, offsets, quoted JSON-ish cells) and the
 * matching internal orders, with about 1% planted mismatches (unknown references, changed amounts,
 * duplicates); the release report of the same payments; and a file of unreadable rows. Amounts are
 * integer cents, never floats.
 */
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { type CsvRow, csvLine } from '../simulator/generator/csv.ts';
import { MERCHANT_COLUMNS } from '../simulator/generator/traffic-book.ts';
import { volumeOrder, volumePayment, volumeRelease, volumeSettlement, volumeTime } from '../simulator/generator/volume.ts';
import { DEFAULT_RELEASE_COLUMNS, DEFAULT_SETTLEMENT_COLUMNS } from '../simulator/report-columns.ts';

/** Chunks of this many characters go to the stream at once. */
const CHUNK = 1 << 16;

async function write(out: WriteStream, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

async function close(...outs: WriteStream[]): Promise<void> {
  for (const out of outs) out.end();
  await Promise.all(outs.map((out) => once(out, 'finish')));
}

/** The row's cells in the columns' order, one line. */
function line(keys: readonly string[], row: CsvRow, separator: string): string {
  const cells: string[] = new Array(keys.length);
  for (let i = 0; i < keys.length; i++) cells[i] = row[keys[i] as string] ?? '';
  return `${csvLine(cells, separator)}\n`;
}

export interface GeneratedData {
  readonly rows: number;
  readonly planted: number;
}

export interface GenerateOptions {
  /** First instant of the span (default 2026-10-01 00:00 at -03:00). */
  readonly start?: string;
  /** Days the rows spread over (default 28). */
  readonly days?: number;
  /** Id of the first row, so files of consecutive days never share an order (default 0). */
  readonly firstId?: number;
}

/** Deterministic: row i's values depend only on i. */
export async function generate(rows: number, reportPath: string, ordersPath: string, options: GenerateOptions = {}): Promise<GeneratedData> {
  const report = createWriteStream(reportPath);
  const orders = createWriteStream(ordersPath);
  await write(report, `${csvLine(DEFAULT_SETTLEMENT_COLUMNS, ';')}\n`);
  await write(orders, `${csvLine(MERCHANT_COLUMNS.orders, ',')}\n`);
  let planted = 0;
  const start = Date.parse(options.start ?? '2026-10-01T03:00:00Z');
  const span = (options.days ?? 28) * 86_400_000;
  const firstId = options.firstId ?? 0;
  let reportChunk = '';
  let orderChunk = '';
  for (let k = 0; k < rows; k++) {
    const i = firstId + k;
    const payment = volumePayment(i);
    const when = volumeTime(new Date(start + Math.floor((k / rows) * span)));
    if (payment.planted) planted++;
    reportChunk += line(DEFAULT_SETTLEMENT_COLUMNS, volumeSettlement(i, payment, when), ';');
    const order = volumeOrder(payment, when);
    if (order) orderChunk += `${csvLine(order, ',')}\n`;
    if (reportChunk.length > CHUNK) {
      await write(report, reportChunk);
      await write(orders, orderChunk);
      reportChunk = '';
      orderChunk = '';
    }
  }
  await write(report, reportChunk);
  await write(orders, orderChunk);
  await close(report, orders);
  return { rows, planted };
}

/**
 * The release report of the same payments (each released when it settled): an opening balance row,
 * one `release,payment` row per payment and the closing `total` row, so the file balances.
 */
export async function generateRelease(rows: number, path: string): Promise<void> {
  const out = createWriteStream(path);
  const start = Date.parse('2026-10-01T03:00:00Z');
  const span = 28 * 86_400_000;
  const keys = DEFAULT_RELEASE_COLUMNS;
  const opening = volumeRelease(new Date(start), 'initial_available_balance', '', { credit: 0, gross: 0, fee: 0 }, {});
  await write(out, `${csvLine(keys, ',')}\n${line(keys, opening, ',')}`);
  let credits = 0n;
  let gross = 0n;
  let fees = 0n;
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    const p = volumePayment(i);
    credits += BigInt(p.cents + p.fee);
    gross += BigInt(p.cents);
    fees += BigInt(p.fee);
    const at = new Date(start + Math.floor((i / rows) * span));
    const cells = { SOURCE_ID: p.sourceId, EXTERNAL_REFERENCE: p.ref, PAYMENT_METHOD: 'account_money' };
    chunk += line(keys, volumeRelease(at, 'release', 'payment', { credit: p.cents + p.fee, gross: p.cents, fee: p.fee }, cells), ',');
    if (chunk.length > CHUNK) {
      await write(out, chunk);
      chunk = '';
    }
  }
  chunk += line(keys, volumeRelease(new Date(start + span - 1000), 'total', '', { credit: credits, gross, fee: fees }, {}), ',');
  await write(out, chunk);
  await close(out);
}

/**
 * A settlement file of N rows that are all bad under a valid header (the right number of cells, none
 * of them readable): what a broken export looks like, and what the memory figure of rejected rows uses.
 */
export async function generateGarbage(rows: number, path: string): Promise<void> {
  const out = createWriteStream(path);
  await write(out, `${csvLine(DEFAULT_SETTLEMENT_COLUMNS, ';')}\n`);
  const cells = DEFAULT_SETTLEMENT_COLUMNS.length;
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    chunk += `${Array.from({ length: cells }, (_, c) => (c === 7 ? `not-an-amount-${i}` : `junk${c}`)).join(';')}\n`;
    if (chunk.length > CHUNK) {
      await write(out, chunk);
      chunk = '';
    }
  }
  await write(out, chunk);
  await close(out);
}
