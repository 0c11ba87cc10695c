/**
 * Writes the sample data set: for MLA and MLB, the merchant's own exports (orders, payments, refunds)
 * and Mercado Pago settlement reports for the week 2026-11-01..2026-11-07, with every mismatch kind of
 * docs/mismatch-kinds.md planted among clean traffic, plus samples/expected-mismatches.json.
 *
 *   node bin/run-ts.js samples/generate.ts      (from the repository root)
 *
 * Deterministic: a seeded PRNG per site and no clock, so re-running rewrites identical bytes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { plantEdgeCases, plantMismatches } from '../simulator/generator/week/cases.ts';
import { PLAIN, renderTable } from '../simulator/generator/csv.ts';
import { MERCHANT_COLUMNS } from '../simulator/generator/traffic-book.ts';
import { Ledger } from '../simulator/generator/week/ledger.ts';
import { at, internalTime, localDay, type Movement, type SiteSpec } from '../simulator/generator/week/model.ts';
import { seeded } from '../simulator/generator/prng.ts';
import { money, renderReport } from '../simulator/generator/week/report.ts';
import { MLA_SPEC, MLB_SPEC } from '../simulator/generator/week/merchants.ts';
import { cleanTraffic } from '../simulator/generator/week/clean-traffic.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const CLEAN_ORDERS = 36;
const LEADING_ZERO_IDS: Record<SiteSpec['site'], readonly [string, string]> = {
  MLA: ['000042', '004815'],
  MLB: ['000073', '007310'],
};

function build(spec: SiteSpec): Ledger {
  const ledger = new Ledger(spec, seeded(spec.seed));
  plantMismatches(ledger);
  plantEdgeCases(ledger);
  cleanTraffic(ledger, CLEAN_ORDERS, LEADING_ZERO_IDS[spec.site]);
  // Files are in time order, so the planted cases sit among clean traffic as they would in real data.
  const byTime = <T>(time: (x: T) => Date) => (a: T, b: T) => time(a).getTime() - time(b).getTime();
  ledger.orders.sort(byTime((o) => o.createdAt));
  ledger.payments.sort(byTime((p) => p.approvedAt));
  ledger.refunds.sort(byTime((r) => r.createdAt));
  ledger.rows.sort(byTime((r) => r.settlementDate));
  return ledger;
}

/** Fails loudly if a change to the cases breaks what the README and the expected file promise. */
function check(ledger: Ledger): void {
  const { spec, rows, orders, payments } = ledger;
  const fail = (message: string) => {
    throw new Error(`${spec.site}: ${message}`);
  };
  const broken = rows.filter((r) => !r.net.equals(r.amount.plus(r.fee).plus(r.taxes)));
  const plantedArithmetic = ledger.expected.filter((e) => e.kind === 'row_arithmetic').length;
  if (broken.length !== plantedArithmetic) fail(`${broken.length} rows break net = gross + fee + taxes`);
  for (const r of rows) {
    if (r.settlementDate < at(1, 0, 0) || r.settlementDate >= at(8, 0, 0)) fail(`row ${r.sourceId} outside the week`);
    if (!r.mkpFee.isZero() && !r.mkpFee.equals(r.fee)) fail(`row ${r.sourceId}: MKP fee neither 0 nor FEE_AMOUNT`);
  }
  const unique = (what: string, ids: string[]) => {
    if (new Set(ids).size !== ids.length) fail(`duplicate ${what}`);
  };
  unique('order_id', orders.map((o) => o.orderId));
  unique('external_reference', orders.map((o) => o.externalReference));
  unique('mp_payment_id', payments.map((p) => p.mpPaymentId));
  unique('refund_id', ledger.refunds.map((r) => r.refundId));
  for (const p of payments) if (!/^\d{11}$/.test(p.mpPaymentId) && p.mpPaymentId !== spec.bigPaymentId) fail(`id ${p.mpPaymentId}`);
}

function write(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content, 'utf8');
  console.log(`wrote ${path.slice(HERE.length + 1)} (${Buffer.byteLength(content)} bytes)`);
}

function writeSite(ledger: Ledger): void {
  const { spec } = ledger;
  const dir = join(HERE, spec.dir);
  const t = (instant: Date | null) => internalTime(instant, spec.internalTime);
  write(
    join(dir, 'orders.csv'),
    renderTable(
      MERCHANT_COLUMNS.orders,
      ledger.orders.map((o) => [o.orderId, o.externalReference, spec.site, o.currency, money(o.amount), o.status, t(o.createdAt), t(o.paidAt)]),
      PLAIN,
    ),
  );
  write(
    join(dir, 'payments.csv'),
    renderTable(
      MERCHANT_COLUMNS.payments,
      ledger.payments.map((p) => [p.mpPaymentId, p.orderId, money(p.amount), p.currency, p.status, t(p.approvedAt)]),
      PLAIN,
    ),
  );
  write(
    join(dir, 'refunds.csv'),
    renderTable(
      MERCHANT_COLUMNS.refunds,
      ledger.refunds.map((r) => [r.refundId, r.orderId, r.mpPaymentId, r.mpRefundId, money(r.amount), r.currency, r.status, t(r.createdAt)]),
      PLAIN,
    ),
  );
  write(join(dir, 'settlement-2026-11-01.csv'), renderReport(ledger.rows, spec));
  if (spec.site === 'MLA') {
    // The daily report of the 7th repeats that day's rows of the weekly one, byte for byte, in the
    // newest-first order real exports use: ingesting both must count each movement once.
    const daily: Movement[] = ledger.rows.filter((r) => localDay(r.settlementDate) === '2026-11-07').reverse();
    write(join(dir, 'settlement-2026-11-07.csv'), renderReport(daily, spec));
  }
}

const ledgers = [MLA_SPEC, MLB_SPEC].map(build);
// No id is shared between the sites, so both can be loaded into one database.
const allIds = ledgers.flatMap((l) => [...l.orders.map((o) => `order ${o.orderId}`), ...l.payments.map((p) => `payment ${p.mpPaymentId}`)]);
if (new Set(allIds).size !== allIds.length) throw new Error('an order or payment id is used by both sites');
const expected: Record<string, unknown> = {};
for (const ledger of ledgers) {
  check(ledger);
  writeSite(ledger);
  const key = (e: { kind: string; external_reference: string | null }) => `${e.kind} ${e.external_reference ?? ''}`;
  expected[ledger.spec.dir] = [...ledger.expected].sort((a, b) => key(a).localeCompare(key(b)));
}
write(join(HERE, 'expected-mismatches.json'), `${JSON.stringify(expected, null, 2)}\n`);
