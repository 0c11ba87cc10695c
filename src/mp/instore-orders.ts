/**
 * In-store QR orders (Instore Orders v2): DELETE /instore/qr/seller/collectors/{user_id}/pos/{external_pos_id}/orders
 * removes the order a POS's QR shows (MP answers 204, no body) — what MP's QR test case 7 asks when the
 * buyer pays cash. The endpoint names no order: it removes whatever the POS shows.
 */
import type { MpHttp, MpRequest } from './http.ts';
import { segment } from './read-response.ts';

export class InstoreOrdersApi {
  readonly #http: MpHttp;

  constructor(http: MpHttp) {
    this.#http = http;
  }

  async deleteQrOrder(userId: string, externalPosId: string): Promise<void> {
    const req: MpRequest = { method: 'DELETE', path: `/instore/qr/seller/collectors/${segment(userId)}/pos/${segment(externalPosId)}/orders` };
    await this.#http.json(req);
  }
}
