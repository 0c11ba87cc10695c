/**
 * Synthetic data for the benchmark: a settlement report of N rows in MP's format (`;`, 26 columns,
 * offsets, quoted JSON-ish cells) and the matching internal orders, with about 1% planted mismatches
 * (unknown references, changed amounts, duplicates). Written as streams; amounts are built from
 * integer cents, never floats.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

const HEADER =
  'EXTERNAL_REFERENCE;SOURCE_ID;USER_ID;PAYMENT_METHOD_TYPE;PAYMENT_METHOD;SITE;TRANSACTION_TYPE;TRANSACTION_AMOUNT;TRANSACTION_CURRENCY;TRANSACTION_DATE;FEE_AMOUNT;SETTLEMENT_NET_AMOUNT;SETTLEMENT_CURRENCY;SETTLEMENT_DATE;REAL_AMOUNT;COUPON_AMOUNT;METADATA;MKP_FEE_AMOUNT;FINANCING_FEE_AMOUNT;SHIPPING_FEE_AMOUNT;TAXES_AMOUNT;INSTALLMENTS;ORDER_ID;SHIPPING_ID;SHIPMENT_MODE;PACK_ID';
const METHODS = [
  ['account_money', 'account_money'],
  ['credit_card', 'visa'],
  ['credit_card', 'master'],
  ['debit_card', 'debvisa'],
  ['credit_card', 'amex'],
];

function money(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

async function write(out: WriteStream, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
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
  await write(report, `${HEADER}\n`);
  await write(orders, 'order_id,external_reference,site,currency,amount,status,created_at,paid_at\n');
  let planted = 0;
  const start = Date.parse(options.start ?? '2026-10-01T03:00:00Z');
  const span = (options.days ?? 28) * 86_400_000;
  const firstId = options.firstId ?? 0;
  let reportChunk = '';
  let orderChunk = '';
  for (let k = 0; k < rows; k++) {
    const i = firstId + k;
    const id = String(i).padStart(7, '0');
    const cents = 1000 + ((i * 7919) % 500_000);
    const fee = -Math.floor((cents * 599) / 10_000); // integer cents: a 5.99% fee, rounded down
    const at = new Date(start + Math.floor((k / rows) * span));
    const local = new Date(at.getTime() - 3 * 3_600_000).toISOString().replace('Z', '-03:00');
    const [type, method] = METHODS[i % METHODS.length]!;
    const mod = i % 200;
    const ref = mod === 7 ? `UNKNOWN-${id}` : `ORD-${id}`;
    const orderCents = mod === 11 ? cents + 100 : cents;
    if (mod === 7 || mod === 11) planted++;
    const metadata = i % 20 === 0 ? '"[{""k"":""v""}]"' : '[{}]';
    reportChunk += `${ref};${10_000_000_000 + i};123456789;${type};${method};MLA;SETTLEMENT;${money(cents)};ARS;${local};${money(fee)};${money(cents + fee)};ARS;${local};${money(cents + fee)};0.00;${metadata};${money(fee)};0.00;0.00;0.00;1;${id};;;\n`;
    if (mod !== 7) orderChunk += `${id},ORD-${id},MLA,ARS,${money(orderCents)},paid,${local},${local}\n`;
    if (reportChunk.length > 1 << 16) {
      await write(report, reportChunk);
      await write(orders, orderChunk);
      reportChunk = '';
      orderChunk = '';
    }
  }
  await write(report, reportChunk);
  await write(orders, orderChunk);
  report.end();
  orders.end();
  await Promise.all([once(report, 'finish'), once(orders, 'finish')]);
  return { rows, planted };
}

const RELEASE_HEADER =
  'DATE,SOURCE_ID,EXTERNAL_REFERENCE,RECORD_TYPE,DESCRIPTION,NET_CREDIT_AMOUNT,NET_DEBIT_AMOUNT,GROSS_AMOUNT,MP_FEE_AMOUNT,FINANCING_FEE_AMOUNT,SHIPPING_FEE_AMOUNT,TAXES_AMOUNT,COUPON_AMOUNT,INSTALLMENTS,PAYMENT_METHOD';

/**
 * The release report of the same payments (each released when it settled): an opening balance row,
 * one `release,payment` row per payment and the closing `total` row, so the file balances.
 */
export async function generateRelease(rows: number, path: string): Promise<void> {
  const out = createWriteStream(path);
  const start = Date.parse('2026-10-01T03:00:00Z');
  const span = 28 * 86_400_000;
  const local = (ms: number) => new Date(ms - 3 * 3_600_000).toISOString().replace('Z', '-03:00');
  await write(out, `${RELEASE_HEADER}\n${local(start)},,,initial_available_balance,,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,1,\n`);
  let credits = 0n;
  let gross = 0n;
  let fees = 0n;
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    const id = String(i).padStart(7, '0');
    const cents = 1000 + ((i * 7919) % 500_000);
    const fee = -Math.floor((cents * 599) / 10_000);
    const ref = i % 200 === 7 ? `UNKNOWN-${id}` : `ORD-${id}`;
    credits += BigInt(cents + fee);
    gross += BigInt(cents);
    fees += BigInt(fee);
    chunk += `${local(start + Math.floor((i / rows) * span))},${10_000_000_000 + i},${ref},release,payment,${money(cents + fee)},0.00,${money(cents)},${money(fee)},0.00,0.00,0.00,0.00,1,account_money\n`;
    if (chunk.length > 1 << 16) {
      await write(out, chunk);
      chunk = '';
    }
  }
  const big = (v: bigint) => {
    const abs = v < 0n ? -v : v;
    return `${v < 0n ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
  };
  chunk += `${local(start + span - 1000)},,,total,,${big(credits)},0.00,${big(gross)},${big(fees)},0.00,0.00,0.00,0.00,1,\n`;
  await write(out, chunk);
  out.end();
  await once(out, 'finish');
}

/**
 * A settlement file of N rows that are all bad under a valid header (the right number of cells, none
 * of them readable): what a broken export looks like, and what the memory figure of rejected rows uses.
 */
export async function generateGarbage(rows: number, path: string): Promise<void> {
  const out = createWriteStream(path);
  await write(out, `${HEADER}\n`);
  const cells = HEADER.split(';').length;
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    chunk += `${Array.from({ length: cells }, (_, c) => (c === 7 ? `not-an-amount-${i}` : `junk${c}`)).join(';')}\n`;
    if (chunk.length > 1 << 16) {
      await write(out, chunk);
      chunk = '';
    }
  }
  await write(out, chunk);
  out.end();
  await once(out, 'finish');
}
