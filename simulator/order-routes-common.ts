/**
 * Small helpers the payment, refund and merchant-order routes share: finding a resource of the
 * authenticated seller (404 in MP's words otherwise), paging parameters, and reading an amount from a
 * JSON body without a float in between.
 */
import { Decimal } from 'decimal.js';
import { fail } from './http-io.ts';
import type { SimMerchantOrder, SimPayment } from './order-book.ts';
import type { ApiContext } from './router.ts';

export function findPayment(ctx: ApiContext): SimPayment {
  const id = ctx.params.id ?? '';
  const payment = ctx.account.orders.payments.get(id);
  if (!payment) return fail(404, 'not_found', 'Payment not found', [{ code: 2000, description: 'Payment not found' }]);
  return payment;
}

export function findMerchantOrder(ctx: ApiContext): SimMerchantOrder {
  const id = ctx.params.id ?? '';
  const order = ctx.account.orders.merchantOrders.get(id);
  if (!order) return fail(404, 'not_found', `Merchant order ${id} not found`, [{ code: 'not_found', description: 'merchant_order not found' }]);
  return order;
}

/** limit (default `fallback`, at most `max`) and offset (default 0) from the query string. */
export function paging(ctx: ApiContext, fallback: number, max: number): { limit: number; offset: number } {
  const read = (name: string, dflt: number, min: number): number => {
    const text = ctx.query.get(name);
    if (text === null || text === '') return dflt;
    const n = Number(text);
    if (!Number.isInteger(n) || n < min) return fail(400, 'bad_request', `Invalid ${name}: must be an integer ≥ ${min}.`);
    return n;
  };
  return { limit: Math.min(read('limit', fallback, 1), max), offset: read('offset', 0, 0) };
}

/**
 * An amount sent as a JSON number or string. JSON.parse gave a float, but String() of a float prints
 * the shortest text that reads back as the same float, which for money (≤ 15 digits) is the text sent.
 */
export function amountField(value: unknown, field: string): Decimal | undefined {
  if (value === undefined || value === null) return undefined;
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !/^\d+(\.\d+)?$/.test(text)) return fail(400, 'bad_request', `${field} must be a positive amount.`);
  return new Decimal(text);
}
