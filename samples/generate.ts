/**
 * Writes the sample data set: for MLA and MLB, the merchant's own exports (orders, payments, refunds)
 * and Mercado Pago settlement reports for the week 2026-11-01..2026-11-07, with every mismatch kind of
 * docs/mismatch-kinds.md planted among clean traffic, plus samples/expected-mismatches.json.
 *
 *   node bin/run-ts.js samples/generate.ts      (from the repository root)
 *
 * The data comes from the simulator's generator of Mercado Pago data (simulator/generator/week/); this
 * file only writes it. Deterministic: a seeded PRNG per site and no clock, so re-running rewrites
 * identical bytes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PLAIN, renderTable } from '../simulator/generator/csv.ts';
import { MERCHANT_COLUMNS } from '../simulator/generator/traffic-book.ts';
import type { Ledger } from '../simulator/generator/week/ledger.ts';
import { MLA_SPEC, MLB_SPEC } from '../simulator/generator/week/merchants.ts';
import { internalTime, localDay, type Movement } from '../simulator/generator/week/model.ts';
import { money, renderReport } from '../simulator/generator/week/report.ts';
import { buildWeek, checkSitesApart } from '../simulator/generator/week/week.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
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

const ledgers = [MLA_SPEC, MLB_SPEC].map(buildWeek);
checkSitesApart(ledgers);
const expected: Record<string, unknown> = {};
for (const ledger of ledgers) {
  writeSite(ledger);
  const key = (e: { kind: string; external_reference: string | null }) => `${e.kind} ${e.external_reference ?? ''}`;
  expected[ledger.spec.dir] = [...ledger.expected].sort((a, b) => key(a).localeCompare(key(b)));
}
write(join(HERE, 'expected-mismatches.json'), `${JSON.stringify(expected, null, 2)}\n`);
