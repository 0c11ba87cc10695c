/**
 * The Mercado Pago client mp-recon uses: fetch-based, no SDK, base URL configurable so tests and local
 * runs point it at the simulator. One MpHttp (auth, timeouts, retries) shared by the API areas; reports
 * today, payments / refunds / merchant orders join as more properties.
 *
 *   const mp = new MpClient({ baseUrl: config.mpBaseUrl, accessToken, log });
 *   const task = await mp.reports.create('settlement_report', { beginDate, endDate });
 *   const ready = await mp.reports.waitForReport('settlement_report', task.id);
 *   const file = await mp.reports.download('settlement_report', ready.file_name, dir);
 */
import type { Logger } from '../log.ts';
import { MpHttp } from './http.ts';
import { MerchantOrdersApi } from './merchant-orders.ts';
import { PaymentsApi } from './payments.ts';
import { RefundsApi } from './refunds.ts';
import { ReportsApi } from './reports.ts';

export interface MpClientOptions {
  /** e.g. https://api.mercadopago.com, or the simulator's url. */
  readonly baseUrl: string;
  /** Secret: sent only in the Authorization header, never logged nor put in errors. */
  readonly accessToken: string;
  readonly log: Logger;
  /** Per attempt (see MpHttp). Default 30 000. */
  readonly timeoutMs?: number;
  /** Attempts per call, first included. Default 4. */
  readonly maxAttempts?: number;
  /** Backoff base and cap for full jitter. Defaults 1 000 and 30 000. */
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /** Longest Retry-After worth waiting for. Default 300 000. */
  readonly maxRetryAfterMs?: number;
  /** Injected for tests: a sleep that returns at once, a fixed random. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  readonly fetch?: typeof fetch;
}

export class MpClient {
  readonly reports: ReportsApi;
  readonly payments: PaymentsApi;
  readonly refunds: RefundsApi;
  readonly merchantOrders: MerchantOrdersApi;

  constructor(options: MpClientOptions) {
    const http = new MpHttp({ ...options, log: options.log.child({ component: 'mp' }) });
    this.reports = new ReportsApi(http);
    this.payments = new PaymentsApi(http);
    this.refunds = new RefundsApi(http);
    this.merchantOrders = new MerchantOrdersApi(http);
  }
}
