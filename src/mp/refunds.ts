/**
 * Refunds (§6): POST /v1/payments/{id}/refunds, total (empty body) or partial ({"amount": 12.50}).
 * Every call carries the caller's X-Idempotency-Key, which makes the POST safe to repeat: MP (and the
 * simulator) answer a repeated key with the first refund instead of refunding again. So the client may
 * retry it after an unknown outcome (5xx, timeout, network), and so may a re-run of `mp-recon refund`.
 * The amount is written as a JSON number straight from the Decimal's text, never through a float.
 */
import type { Decimal } from 'decimal.js';
import { jsonWithNumbers } from './exact-json.ts';
import type { MpHttp, MpRequest } from './http.ts';
import type { MpRefund } from './order-types.ts';
import { readRefund } from './read-objects.ts';
import { readResponse, segment } from './read-response.ts';

export interface RefundRequest {
  /** Omitted: refund what is left of the payment. */
  readonly amount?: Decimal;
  /** Derived from our refund id and stored before the call, so a retry sends the same key. */
  readonly idempotencyKey: string;
}

export class RefundsApi {
  readonly #http: MpHttp;

  constructor(http: MpHttp) {
    this.#http = http;
  }

  async create(paymentId: string, request: RefundRequest): Promise<MpRefund> {
    const req: MpRequest = {
      method: 'POST',
      path: `/v1/payments/${segment(paymentId)}/refunds`,
      rawBody: request.amount === undefined ? '{}' : jsonWithNumbers({}, { amount: request.amount }),
      headers: { 'x-idempotency-key': request.idempotencyKey },
      idempotent: true,
    };
    const { body } = await this.#http.exactJson(req);
    return readResponse(this.#http, req, body, (value) => readRefund(value, paymentId));
  }

  /** GET /v1/payments/{id}/refunds. */
  async list(paymentId: string): Promise<MpRefund[]> {
    const req: MpRequest = { method: 'GET', path: `/v1/payments/${segment(paymentId)}/refunds` };
    const { body } = await this.#http.exactJson(req);
    if (!Array.isArray(body)) throw this.#http.error('MP_BAD_RESPONSE', req, 'did not answer with a JSON array of refunds', { retryable: false });
    return body.map((r) => readResponse(this.#http, req, r, (value) => readRefund(value, paymentId)));
  }
}
