/**
 * One sample week per site: the planted mismatches and edge cases among clean traffic, in time order,
 * checked against what samples/README.md and samples/expected-mismatches.json promise.
 */
import { seeded } from '../prng.ts';
import { plantEdgeCases, plantMismatches } from './cases.ts';
import { cleanTraffic } from './clean-traffic.ts';
import { Ledger } from './ledger.ts';
import { at, type SiteSpec } from './model.ts';

const CLEAN_ORDERS = 36;
const LEADING_ZERO_IDS: Record<SiteSpec['site'], readonly [string, string]> = {
  MLA: ['000042', '004815'],
  MLB: ['000073', '007310'],
};

/** The week of one site, built and checked. */
export function buildWeek(spec: SiteSpec): Ledger {
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
  check(ledger);
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

/** No id is shared between the sites, so both can be loaded into one database. */
export function checkSitesApart(ledgers: readonly Ledger[]): void {
  const ids = ledgers.flatMap((l) => [...l.orders.map((o) => `order ${o.orderId}`), ...l.payments.map((p) => `payment ${p.mpPaymentId}`)]);
  if (new Set(ids).size !== ids.length) throw new Error('an order or payment id is used by both sites');
}
