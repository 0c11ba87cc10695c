/**
 * Merchant orders (§5): read one (what an IPN `topic=merchant_order` points at) and search them by
 * external_reference, the contingency when notifications do not arrive. A QR order gets a new merchant
 * order per scan, so one external_reference may have several: searchAll follows the paging
 * (`elements`, `next_offset`, `total`) to the end.
 */
import type { MpHttp, MpRequest } from './http.ts';
import type { MpMerchantOrder, MpMerchantOrderPage } from './order-types.ts';
import { readMerchantOrder, readPage } from './read-objects.ts';
import { readResponse, segment } from './read-response.ts';

export interface MerchantOrderSearch {
  readonly externalReference: string;
  readonly limit?: number;
  readonly offset?: number;
}

/** More pages than any real order has: a guard against a server that never ends the paging. */
const MAX_PAGES = 1000;

export class MerchantOrdersApi {
  readonly #http: MpHttp;

  constructor(http: MpHttp) {
    this.#http = http;
  }

  async get(merchantOrderId: string): Promise<MpMerchantOrder> {
    const req: MpRequest = { method: 'GET', path: `/merchant_orders/${segment(merchantOrderId)}` };
    const { body } = await this.#http.exactJson(req);
    return readResponse(this.#http, req, body, readMerchantOrder);
  }

  async search(search: MerchantOrderSearch): Promise<MpMerchantOrderPage> {
    const req: MpRequest = {
      method: 'GET',
      path: '/merchant_orders/search',
      query: { external_reference: search.externalReference, limit: search.limit, offset: search.offset },
    };
    const { body } = await this.#http.exactJson(req);
    const page = readResponse(this.#http, req, body, readPage);
    return { elements: page.elements.map((e) => readResponse(this.#http, req, e, readMerchantOrder)), total: page.total, nextOffset: page.nextOffset };
  }

  /** Every merchant order of an external_reference, all pages. */
  async searchAll(externalReference: string, pageSize = 50): Promise<MpMerchantOrder[]> {
    const all: MpMerchantOrder[] = [];
    let offset = 0;
    for (let pages = 0; pages < MAX_PAGES; pages += 1) {
      const page: MpMerchantOrderPage = await this.search({ externalReference, limit: pageSize, offset });
      all.push(...page.elements);
      // next_offset when MP gives it, else the count so far; an empty page or a step back ends it.
      const next = page.nextOffset ?? offset + page.elements.length;
      if (page.elements.length === 0 || next >= page.total || next <= offset) break;
      offset = next;
    }
    return all;
  }
}
