/**
 * Payments (§6): read one, search by external_reference, cancel a pending one. Cancelling is a PUT and
 * safe to repeat; MP refuses it for approved payments and for in-person (QR/Point) ones, which can only be
 * refunded (refunds.ts).
 */
import type { MpHttp, MpRequest } from './http.ts';
import type { MpPayment, MpPaymentPage } from './order-types.ts';
import { readPayment, readPaymentPage } from './read-objects.ts';
import { readResponse, segment } from './read-response.ts';

export interface PaymentSearch {
  readonly externalReference: string;
  readonly limit?: number;
  readonly offset?: number;
}

export class PaymentsApi {
  readonly #http: MpHttp;

  constructor(http: MpHttp) {
    this.#http = http;
  }

  /** GET /v1/payments/{id}; a payment MP does not know fails with MP_NOT_FOUND. */
  async get(paymentId: string): Promise<MpPayment> {
    const req: MpRequest = { method: 'GET', path: `/v1/payments/${segment(paymentId)}` };
    const { body } = await this.#http.exactJson(req);
    return readResponse(this.#http, req, body, readPayment);
  }

  /** One page of GET /v1/payments/search filtered by external_reference. */
  async search(search: PaymentSearch): Promise<MpPaymentPage> {
    const req: MpRequest = {
      method: 'GET',
      path: '/v1/payments/search',
      query: { external_reference: search.externalReference, limit: search.limit, offset: search.offset, sort: 'date_created', criteria: 'asc' },
    };
    const { body } = await this.#http.exactJson(req);
    const page = readResponse(this.#http, req, body, readPaymentPage);
    return { ...page, results: page.results.map((r) => readResponse(this.#http, req, r, readPayment)) };
  }

  /** Every payment of an external_reference, following the paging. */
  async searchAll(externalReference: string, pageSize = 50): Promise<MpPayment[]> {
    const all: MpPayment[] = [];
    for (let offset = 0; ; ) {
      const page = await this.search({ externalReference, limit: pageSize, offset });
      all.push(...page.results);
      offset += page.results.length;
      if (page.results.length === 0 || offset >= page.total) return all;
    }
  }

  /** PUT /v1/payments/{id} {"status":"cancelled"}; answers the cancelled payment. */
  async cancel(paymentId: string): Promise<MpPayment> {
    const req: MpRequest = { method: 'PUT', path: `/v1/payments/${segment(paymentId)}`, body: { status: 'cancelled' } };
    const { body } = await this.#http.exactJson(req);
    return readResponse(this.#http, req, body, readPayment);
  }
}
