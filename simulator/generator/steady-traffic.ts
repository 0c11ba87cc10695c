/**
 * Weeks of a seller's traffic in the project's Mercado Pago simulator, deterministic from a seed:
 * payments by several methods (released on the simulator's schedule), partial and total refunds,
 * optionally disputes turned chargebacks, and a weekly payout. The simulator's own report writer turns
 * its ledger into settlement and release reports for any business dates, and the internal side (orders,
 * payments, approved refunds) is derived from the same ledger, so everything reconciles except the
 * chargebacks finance has to act on. Used by the release tests (through test/helpers/simulated-traffic.ts).
 */
import { Decimal } from 'decimal.js';
import { type Account, parseAccount } from '../accounts.ts';
import { Ledger } from '../ledger.ts';
import { DEFAULT_QUIRKS, type SimQuirks } from '../quirks.ts';
import { DEFAULT_RELEASE_COLUMNS, DEFAULT_SETTLEMENT_COLUMNS } from '../report-columns.ts';
import { defaultConfig, effectiveConfig } from '../report-config.ts';
import { buildReportFile } from '../report-file.ts';
import { releaseDateFor } from '../release-schedule.ts';
import { addDays, businessWindow, daysBetween, startOfBusinessDate } from './dates.ts';
import { charge } from './money.ts';
import { seeded } from './prng.ts';
import { SITES } from './sites.ts';
import { type InternalOrder, type InternalPayment, type InternalRefund, TrafficBook } from './traffic-book.ts';

export interface TrafficOptions {
  readonly seed?: number;
  /** First and last business date with traffic (MLA, America/Argentina/Buenos_Aires). */
  readonly from: string;
  readonly to: string;
  readonly paymentsPerDay?: number;
  /** Add disputes that end in chargebacks (each makes a `chargeback` mismatch, by design). */
  readonly claims?: boolean;
}

export interface SimulatedTraffic {
  readonly account: Account;
  readonly ledger: Ledger;
  readonly orders: InternalOrder[];
  readonly payments: InternalPayment[];
  readonly refunds: InternalRefund[];
  /** Orders with a chargeback. */
  readonly claimed: string[];
  /** The report of `kind` for business dates [from, to], as the simulator serves it. */
  report(kind: 'settlement' | 'release', from: string, to: string): string;
}

const METHODS = [
  ['account_money', 'account_money'],
  ['debit_card', 'debvisa'],
  ['credit_card', 'visa'],
  ['credit_card', 'master'],
  ['ticket', 'pagofacil'],
  ['bank_transfer', 'cvu'],
] as const;

/** The release columns asked for: the official sample's plus what the cross-checks read. */
const RELEASE_COLUMNS = [...DEFAULT_RELEASE_COLUMNS, 'PAYMENT_METHOD_TYPE', 'TRANSACTION_APPROVAL_DATE', 'BALANCE_AMOUNT', 'CURRENCY', 'ORDER_ID'];
const SETTLEMENT_COLUMNS = [...DEFAULT_SETTLEMENT_COLUMNS, 'MONEY_RELEASE_DATE'];
const QUIRKS: SimQuirks = { ...DEFAULT_QUIRKS, releaseSubtotals: true, truncatedDescriptions: true };

const HOUR = 3_600_000;
const iso = (d: Date) => d.toISOString();

export function simulateTraffic(options: TrafficOptions): SimulatedTraffic {
  const account = parseAccount({ accessToken: 'TEST-traffic-token', siteId: 'MLA' }, 123456789);
  const tz = account.timezone;
  const rng = seeded(options.seed ?? 7);
  const random = (n: number) => rng.int(0, n - 1);
  const perDay = options.paymentsPerDay ?? 6;
  const book = new TrafficBook(SITES[account.siteId]);
  const claimed: string[] = [];
  const released: { at: Date; net: Decimal }[] = [];
  let n = 0;

  for (let day = 0; day < daysBetween(options.from, options.to); day++) {
    const date = addDays(options.from, day);
    const dayStart = startOfBusinessDate(date, tz).getTime();
    for (let k = 0; k < perDay; k++) {
      n++;
      const id = String(70_000_000_000 + n);
      const order = `O-${n}`;
      const [type, method] = METHODS[random(METHODS.length)]!;
      const approvedAt = new Date(dayStart + (8 + random(14)) * HOUR + random(3600) * 1000);
      const amount = new Decimal(1000 + random(49_000)).div(100);
      const fee = charge(amount, '0.0599', 2, Decimal.ROUND_DOWN);
      const taxes = random(4) === 0 ? charge(amount, '0.01', 2, Decimal.ROUND_DOWN) : new Decimal(0);
      const shipped = random(3) === 0;
      book.mp({
        type: 'payment', id, externalReference: `REF-${order}`, orderId: order, amount: book.money(amount), fee: book.money(fee),
        taxes: book.money(taxes), approvedAt: iso(approvedAt), paymentMethod: method, paymentMethodType: type,
        shippingId: shipped ? `SH-${n}` : '', shipmentMode: shipped ? 'me2' : '',
      });
      released.push({ at: releaseDateFor(type, approvedAt), net: amount.minus(fee).minus(taxes) });
      book.payment(id, order, amount, iso(approvedAt));
      let status = 'paid';
      const fate = random(25);
      if (options.claims && fate === 0) {
        book.mp({ type: 'dispute', paymentId: id, date: iso(new Date(approvedAt.getTime() + 50 * HOUR)) });
        book.mp({ type: 'chargeback', paymentId: id, date: iso(new Date(approvedAt.getTime() + 120 * HOUR)) });
        claimed.push(order);
      } else if (fate < 4) {
        const whole = fate < 2;
        const refund = whole ? amount : amount.div(2).toDecimalPlaces(2, Decimal.ROUND_DOWN);
        const at = new Date(approvedAt.getTime() + (24 + random(96)) * HOUR);
        book.mp(book.refundSeed(id, refund, iso(at), `R-${n}`));
        book.refund(`R-${n}`, order, id, refund, iso(at));
        status = whole ? 'refunded' : 'partially_refunded';
      }
      book.order({ orderId: order, ref: `REF-${order}`, amount, status, createdAt: iso(approvedAt), paidAt: iso(approvedAt) });
    }
    // Fridays at 15:00: a third of what was released in the week before goes to the bank.
    const at = new Date(dayStart + 15 * HOUR);
    if (new Date(`${date}T12:00:00Z`).getUTCDay() === 5) {
      const week = released.filter((r) => r.at <= at && r.at.getTime() > at.getTime() - 7 * 24 * HOUR).reduce((s, r) => s.plus(r.net), new Decimal(0));
      const amount = week.div(3).toDecimalPlaces(2, Decimal.ROUND_DOWN);
      if (amount.gt(0)) book.mp({ type: 'payout', id: `PO-${date}`, amount: book.money(amount), fee: '0', date: iso(at) });
    }
  }

  const ledger = new Ledger();
  let nextId = 1;
  ledger.add(book.movements, account.decimals, () => `sim-${nextId++}`);

  const report = (kind: 'settlement' | 'release', from: string, to: string): string => {
    const stored = defaultConfig(kind === 'settlement' ? 'settlement_report' : 'release_report', account);
    const columns = (kind === 'settlement' ? SETTLEMENT_COLUMNS : RELEASE_COLUMNS).map((key) => ({ key }));
    const config = effectiveConfig({ ...stored, columns, compensate_detail: true, check_available_balance: true });
    const { start, end } = businessWindow(from, to, tz);
    const kindName = kind === 'settlement' ? 'settlement_report' : 'release_report';
    return buildReportFile({ kind: kindName, account, ledger, config, quirks: QUIRKS, begin: start, end }).toString('utf8');
  };
  return { account, ledger, orders: book.orders, payments: book.payments, refunds: book.refunds, claimed, report };
}
