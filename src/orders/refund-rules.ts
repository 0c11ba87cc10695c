/**
 * Mercado Pago's refund rules, checked before MP is called so a refund it would refuse is refused here,
 * with a code and what to do (docs/order-sync.md cites the pages):
 * - at most what remains refundable (paid − refunded);
 * - within REFUND_WINDOW_DAYS of the payment's approval (MP: "within 180 days of its approval date");
 * - at most MAX_REFUNDS_PER_PAYMENT refunds on one payment (MP's older refund docs: "up to 20 partial
 *   refunds in one payment"; unconfirmed on the current pages, so kept as the documented figure);
 * - the site's rules: amounts in the currency's decimals (CLP has none).
 * A payment blocked by a rule is left out of the split; if what is left cannot cover the amount, the
 * blocking rule is the refusal.
 */
import { Decimal } from 'decimal.js';
import { ReconError } from '../errors.ts';
import type { MpPayment } from '../mp/order-types.ts';
import { SITES, type SiteId } from '../sites.ts';

export const REFUND_WINDOW_DAYS = 180;
export const MAX_REFUNDS_PER_PAYMENT = 20;

export interface RefundablePayment {
  readonly id: string;
  readonly paid: Decimal;
  /** What may still be refunded of it now (0 when a rule blocks it). */
  readonly refundable: Decimal;
  /** No refund on it yet: a refund of all of it is MP's total refund (body `{}`). */
  readonly untouched: boolean;
}

export interface RefundPicture {
  readonly payments: readonly RefundablePayment[];
  readonly paid: Decimal;
  /** paid − refunded over the order's approved payments, whatever the rules say. */
  readonly remaining: Decimal;
  /** What the rules let us refund now. */
  readonly allowed: Decimal;
  readonly blocked: readonly { readonly paymentId: string; readonly code: 'REFUND_WINDOW_PASSED' | 'REFUND_LIMIT_REACHED'; readonly why: string }[];
}

export function refundPicture(found: readonly MpPayment[], now: Date): RefundPicture {
  const blocked: { paymentId: string; code: 'REFUND_WINDOW_PASSED' | 'REFUND_LIMIT_REACHED'; why: string }[] = [];
  const payments: RefundablePayment[] = [];
  for (const p of found) {
    if (p.status !== 'approved' && p.status !== 'refunded') continue;
    const left = p.status === 'approved' ? p.amount.minus(p.refundedAmount) : new Decimal(0);
    let refundable = left;
    const approvedAt = p.dateApproved ?? p.dateCreated;
    const ageDays = approvedAt ? (now.getTime() - approvedAt.getTime()) / 86_400_000 : 0;
    if (left.gt(0) && ageDays > REFUND_WINDOW_DAYS) {
      blocked.push({ paymentId: p.id, code: 'REFUND_WINDOW_PASSED', why: `payment ${p.id} was approved ${Math.floor(ageDays)} days ago, beyond Mercado Pago's ${REFUND_WINDOW_DAYS}-day refund window` });
      refundable = new Decimal(0);
    } else if (left.gt(0) && p.refunds.length >= MAX_REFUNDS_PER_PAYMENT) {
      blocked.push({ paymentId: p.id, code: 'REFUND_LIMIT_REACHED', why: `payment ${p.id} already has ${p.refunds.length} refunds, Mercado Pago's limit per payment` });
      refundable = new Decimal(0);
    }
    payments.push({ id: p.id, paid: p.amount, refundable, untouched: p.refundedAmount.isZero() && p.refunds.length === 0 });
  }
  const sum = (f: (p: RefundablePayment) => Decimal) => payments.reduce((s, p) => s.plus(f(p)), new Decimal(0));
  const remaining = found
    .filter((p) => p.status === 'approved')
    .reduce((s, p) => s.plus(p.amount.minus(p.refundedAmount)), new Decimal(0));
  return { payments, paid: sum((p) => p.paid), remaining, allowed: sum((p) => p.refundable), blocked };
}

/** The site's rule on amounts: positive, in the currency's decimals. */
export function checkAmount(site: SiteId, amount: Decimal): void {
  const { decimals, currency } = SITES[site];
  if (amount.lte(0) || amount.decimalPlaces() > decimals) {
    throw new ReconError('USAGE', `--amount must be above zero with at most ${decimals} decimals for ${currency} (got ${amount.toFixed()})`);
  }
}

/** Refuses `want` when the rules (or what remains) cannot cover it, saying what to do. */
export function checkWant(orderId: string, site: SiteId, picture: RefundPicture, want: Decimal): void {
  const d = SITES[site].decimals;
  const { paid, remaining, allowed } = picture;
  if (remaining.lte(0)) throw new ReconError('REFUND_EXCEEDS_REFUNDABLE', `order ${orderId} is already fully refunded (${paid.toFixed(d)} paid, all of it refunded)`);
  if (want.gt(remaining)) {
    throw new ReconError(
      'REFUND_EXCEEDS_REFUNDABLE',
      `order ${orderId}: ${want.toFixed(d)} is more than what remains refundable, ${remaining.toFixed(d)} (${paid.toFixed(d)} paid, ${paid.minus(remaining).toFixed(d)} already refunded); pass --amount ${remaining.toFixed(d)} or less`,
      { details: { remaining: remaining.toFixed(), paid: paid.toFixed() } },
    );
  }
  if (want.gt(allowed)) {
    const first = picture.blocked[0];
    const code = first?.code ?? 'REFUND_EXCEEDS_REFUNDABLE';
    const todo =
      code === 'REFUND_WINDOW_PASSED'
        ? 'Mercado Pago no longer refunds it: return the money to the buyer another way (a transfer) and record it in your own system'
        : 'Mercado Pago takes no more refunds on it: return the rest to the buyer another way (a transfer) and record it in your own system';
    const within = allowed.gt(0) ? `; at most ${allowed.toFixed(d)} can be refunded now (--amount ${allowed.toFixed(d)})` : '';
    throw new ReconError(code, `order ${orderId}: ${picture.blocked.map((b) => b.why).join('; ')}. ${todo}${within}`, {
      details: { remaining: remaining.toFixed(), allowed: allowed.toFixed() },
    });
  }
}
