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
import { MpHttp, type MpHttpOptions } from './http.ts';
import { InstoreOrdersApi } from './instore-orders.ts';
import { MerchantOrdersApi } from './merchant-orders.ts';
import { PaymentsApi } from './payments.ts';
import { RefundsApi } from './refunds.ts';
import { ReportsApi } from './reports.ts';
import { UsersApi } from './users.ts';

/** Options of the client are those of its HTTP layer (base URL, token, timeouts, retries, test seams). */
export type MpClientOptions = MpHttpOptions;

export class MpClient {
  readonly reports: ReportsApi;
  readonly payments: PaymentsApi;
  readonly refunds: RefundsApi;
  readonly merchantOrders: MerchantOrdersApi;
  readonly instoreOrders: InstoreOrdersApi;
  readonly users: UsersApi;

  constructor(options: MpClientOptions) {
    const http = new MpHttp({ ...options, log: options.log.child({ component: 'mp' }) });
    this.reports = new ReportsApi(http);
    this.payments = new PaymentsApi(http);
    this.refunds = new RefundsApi(http);
    this.merchantOrders = new MerchantOrdersApi(http);
    this.instoreOrders = new InstoreOrdersApi(http);
    this.users = new UsersApi(http);
  }
}
