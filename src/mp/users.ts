/**
 * The seller behind the token: GET /users/me (`id`, `site_id`, ...). Its id is the `user_id` (collector)
 * of the in-store endpoints, and `mp-recon doctor` checks the site against RECON_SITE.
 */
import type { MpHttp, MpRequest } from './http.ts';

export interface MpUser {
  readonly id: string;
  readonly siteId: string | null;
  readonly nickname: string | null;
}

export class UsersApi {
  readonly #http: MpHttp;

  constructor(http: MpHttp) {
    this.#http = http;
  }

  async me(): Promise<MpUser> {
    const req: MpRequest = { method: 'GET', path: '/users/me' };
    const { body } = await this.#http.json(req);
    const o = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
    if (!o || (typeof o.id !== 'number' && typeof o.id !== 'string')) throw this.#http.error('MP_BAD_RESPONSE', req, 'did not answer with a user (no id)', { retryable: false });
    return { id: String(o.id), siteId: typeof o.site_id === 'string' ? o.site_id : null, nickname: typeof o.nickname === 'string' ? o.nickname : null };
  }
}
