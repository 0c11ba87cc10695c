/**
 * Volume data: settlement and release rows by the million, for the benchmark. Row i's values depend
 * only on i (no PRNG, no state), so a file streams in flat memory and a slice of it can be regenerated
 * alone. Amounts are integer cents throughout (a number per row; bigint for running totals), written by
 * money.ts's cents path: a Decimal per cell would cost more than the row. About 1% of the rows are
 * planted mismatches: every 200th carries a reference no order has, the next-but-three an order whose
 * amount is one peso off.
 */
import type { CsvRow } from './csv.ts';
import { atOffset } from './dates.ts';
import { formatCents } from './money.ts';
import { releaseCells, settlementCells } from './report-lines.ts';

const ARGENTINA = -180;
const METHODS = [
  ['account_money', 'account_money'],
  ['credit_card', 'visa'],
  ['credit_card', 'master'],
  ['debit_card', 'debvisa'],
  ['credit_card', 'amex'],
] as const;

export interface VolumePayment {
  readonly id: string;
  readonly ref: string;
  readonly cents: number;
  /** MP's fee: 5.99 %, rounded down to a cent, negative. */
  readonly fee: number;
  readonly sourceId: string;
  /** The merchant's amount for the order, in cents; null when the merchant has no such order. */
  readonly orderCents: number | null;
  readonly planted: boolean;
}

export function volumePayment(i: number): VolumePayment {
  const id = String(i).padStart(7, '0');
  const cents = 1000 + ((i * 7919) % 500_000);
  const mod = i % 200;
  return {
    id,
    ref: mod === 7 ? `UNKNOWN-${id}` : `ORD-${id}`,
    cents,
    fee: -Math.floor((cents * 599) / 10_000),
    sourceId: String(10_000_000_000 + i),
    orderCents: mod === 7 ? null : mod === 11 ? cents + 100 : cents,
    planted: mod === 7 || mod === 11,
  };
}

/** When payment i was approved, as both its report row and its order write it. */
export function volumeTime(at: Date): string {
  return atOffset(at, ARGENTINA);
}

/** The SETTLEMENT row of payment i, approved at `when` (volumeTime). */
export function volumeSettlement(i: number, p: VolumePayment, when: string): CsvRow {
  const [type, method] = METHODS[i % METHODS.length] ?? METHODS[0];
  const net = p.cents + p.fee;
  return settlementCells(
    {
      type: 'SETTLEMENT', externalReference: p.ref, sourceId: p.sourceId, userId: '123456789', site: 'MLA', currency: 'ARS',
      paymentMethodType: type, paymentMethod: method, installments: '1', transactionDate: when, settlementDate: when,
      amounts: { tx: p.cents, fee: p.fee, mkp: p.fee, financing: 0, shipping: 0, taxes: 0, coupon: 0, net, real: net },
      // Now and then a JSON cell with quotes, which the writer must escape.
      metadata: i % 20 === 0 ? '[{"k":"v"}]' : '[{}]',
      taxesDisaggregated: '', orderId: p.id, shippingId: '', shipmentMode: '', packId: '',
    },
    formatCents,
  );
}

/** The merchant's order row for payment i (orders.csv columns), or null when it has none. */
export function volumeOrder(p: VolumePayment, when: string): string[] | null {
  if (p.orderCents === null) return null;
  return [p.id, `ORD-${p.id}`, 'MLA', 'ARS', formatCents(p.orderCents), 'paid', when, when];
}

type Cents = number | bigint;

/** A release row of the volume files: a payment released, the opening balance or the closing total. */
export function volumeRelease(
  at: Date,
  recordType: string,
  description: string,
  amounts: { credit: Cents; gross: Cents; fee: Cents },
  cells: CsvRow,
): CsvRow {
  const { credit, gross, fee } = amounts;
  return releaseCells(
    {
      date: atOffset(at, ARGENTINA), recordType, description, currency: 'ARS',
      credit, debit: 0, gross, mpFee: fee, financing: 0, shipping: 0, taxes: 0, coupon: 0,
      cells: { INSTALLMENTS: '1', PAYMENT_METHOD: '', ...cells },
    },
    formatCents,
  );
}
