/**
 * Reads payments, refunds and merchant orders out of MP's JSON as parsed by parseExactJson (every
 * number is its source text). Strict where mp-recon depends on a field (ids, amounts, status) and
 * lenient elsewhere: a missing optional field is null, an unknown field is ignored. A bad shape throws
 * ShapeError naming the field; the API classes turn it into MP_BAD_RESPONSE.
 */
import { Decimal } from 'decimal.js';
import type { MpMerchantOrder, MpMerchantOrderPayment, MpPayment, MpRefund } from './order-types.ts';

export class ShapeError extends Error {
  override readonly name = 'ShapeError';
}

type Obj = Record<string, unknown>;

const AMOUNT = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;
const IN_PERSON_POI = /^(INSTORE|POINT|QR|POS)/i;

export function isObject(value: unknown): value is Obj {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function object(value: unknown, what: string): Obj {
  if (!isObject(value)) throw new ShapeError(`${what} is not a JSON object`);
  return value;
}

/** An id: MP sends numbers (kept as text by the exact parser) or strings. */
function id(o: Obj, key: string, what: string): string {
  const v = o[key];
  if (typeof v === 'string' && v.trim() !== '') return v.trim();
  throw new ShapeError(`${what}.${key} is missing`);
}

function text(o: Obj, key: string): string | null {
  const v = o[key];
  return typeof v === 'string' && v !== '' ? v : null;
}

function amount(o: Obj, key: string, what: string, fallback?: Decimal): Decimal {
  const v = o[key];
  if ((v === undefined || v === null) && fallback) return fallback;
  if (typeof v === 'string' && AMOUNT.test(v)) return new Decimal(v);
  throw new ShapeError(`${what}.${key} is not an amount`);
}

function date(o: Obj, key: string): Date | null {
  const v = o[key];
  if (typeof v !== 'string' || v === '') return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

function integer(o: Obj, key: string, what: string, fallback?: number): number {
  const v = o[key];
  if ((v === undefined || v === null) && fallback !== undefined) return fallback;
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  throw new ShapeError(`${what}.${key} is not a whole number`);
}

const ZERO = new Decimal(0);

export function readRefund(value: unknown, paymentId?: string): MpRefund {
  const o = object(value, 'refund');
  return {
    id: id(o, 'id', 'refund'),
    paymentId: typeof o.payment_id === 'string' ? o.payment_id : (paymentId ?? id(o, 'payment_id', 'refund')),
    amount: amount(o, 'amount', 'refund'),
    status: text(o, 'status') ?? 'approved',
    dateCreated: date(o, 'date_created'),
    reason: text(o, 'reason'),
  };
}

export function readPayment(value: unknown): MpPayment {
  const o = object(value, 'payment');
  const paymentId = id(o, 'id', 'payment');
  const order = isObject(o.order) ? o.order : {};
  const poi = isObject(o.point_of_interaction) ? o.point_of_interaction : {};
  const posId = text(o, 'pos_id');
  const poiType = text(poi, 'type');
  const status = text(o, 'status');
  if (!status) throw new ShapeError('payment.status is missing');
  return {
    id: paymentId,
    status,
    statusDetail: text(o, 'status_detail'),
    amount: amount(o, 'transaction_amount', 'payment'),
    refundedAmount: amount(o, 'transaction_amount_refunded', 'payment', ZERO),
    currency: text(o, 'currency_id') ?? '',
    externalReference: text(o, 'external_reference'),
    merchantOrderId: (text(order, 'type') ?? 'mercadopago') === 'mercadopago' ? text(order, 'id') : null,
    posId,
    pointOfInteractionType: poiType,
    inPerson: posId !== null || (poiType !== null && IN_PERSON_POI.test(poiType)),
    dateCreated: date(o, 'date_created'),
    dateApproved: date(o, 'date_approved'),
    refunds: Array.isArray(o.refunds) ? o.refunds.map((r) => readRefund(r, paymentId)) : [],
  };
}

function readOrderPayment(value: unknown): MpMerchantOrderPayment {
  const o = object(value, 'merchant_order.payments[]');
  const status = text(o, 'status');
  if (!status) throw new ShapeError('merchant_order.payments[].status is missing');
  return {
    id: id(o, 'id', 'merchant_order.payments[]'),
    amount: amount(o, 'transaction_amount', 'merchant_order.payments[]'),
    refundedAmount: amount(o, 'amount_refunded', 'merchant_order.payments[]', ZERO),
    currency: text(o, 'currency_id'),
    status,
    // MP's merchant-order reference names it status_details; payments use status_detail: accept both.
    statusDetail: text(o, 'status_detail') ?? text(o, 'status_details'),
    dateApproved: date(o, 'date_approved'),
  };
}

export function readMerchantOrder(value: unknown): MpMerchantOrder {
  const o = object(value, 'merchant_order');
  const status = text(o, 'status');
  if (!status) throw new ShapeError('merchant_order.status is missing');
  return {
    id: id(o, 'id', 'merchant_order'),
    status,
    orderStatus: text(o, 'order_status'),
    externalReference: text(o, 'external_reference'),
    totalAmount: amount(o, 'total_amount', 'merchant_order', ZERO),
    paidAmount: amount(o, 'paid_amount', 'merchant_order', ZERO),
    refundedAmount: amount(o, 'refunded_amount', 'merchant_order', ZERO),
    payments: Array.isArray(o.payments) ? o.payments.map(readOrderPayment) : [],
    dateCreated: date(o, 'date_created'),
    lastUpdated: date(o, 'last_updated'),
    externalPosId: text(o, 'external_pos_id') ?? idText(o.pos_id),
  };
}

function idText(v: unknown): string | null {
  return (typeof v === 'string' && v !== '') || typeof v === 'number' ? String(v) : null;
}

/** Reads `{elements, next_offset, total}`; next_offset is null when MP left it out. */
export function readPage(value: unknown): { elements: unknown[]; total: number; nextOffset: number | null } {
  const o = object(value, 'search result');
  if (!Array.isArray(o.elements)) throw new ShapeError('search result.elements is not an array');
  const total = integer(o, 'total', 'search result', o.elements.length);
  const next = o.next_offset === undefined || o.next_offset === null ? null : integer(o, 'next_offset', 'search result');
  return { elements: o.elements, total, nextOffset: next };
}

/** Reads `{paging: {total, limit, offset}, results}` of /v1/payments/search. */
export function readPaymentPage(value: unknown): { results: unknown[]; total: number; offset: number; limit: number } {
  const o = object(value, 'search result');
  if (!Array.isArray(o.results)) throw new ShapeError('search result.results is not an array');
  const paging = isObject(o.paging) ? o.paging : {};
  return {
    results: o.results,
    total: integer(paging, 'total', 'paging', o.results.length),
    offset: integer(paging, 'offset', 'paging', 0),
    limit: integer(paging, 'limit', 'paging', o.results.length),
  };
}
