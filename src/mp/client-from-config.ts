/**
 * Builds the Mercado Pago client from configuration (MP_BASE_URL, MP_ACCESS_TOKEN), failing with a
 * ReconError that says what to set when the token is missing. Options (sleep, timeouts) pass through,
 * so the scheduler can make every wait interruptible and tests can make them instant.
 */
import type { Config } from '../config.ts';
import { ReconError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { MpClient, type MpClientOptions } from './client.ts';

export type MpClientOverrides = Partial<Omit<MpClientOptions, 'accessToken' | 'log'>>;

export function mpClientFromConfig(config: Config, log: Logger, overrides: MpClientOverrides = {}): MpClient {
  if (!config.mpAccessToken && config.mpTokenSource) {
    throw new ReconError('MP_TOKEN_MISSING', `no Mercado Pago access token: ${config.mpTokenSource}, which is not set or is empty`);
  }
  if (!config.mpAccessToken) {
    throw new ReconError(
      'MP_TOKEN_MISSING',
      'no Mercado Pago access token: set MP_ACCESS_TOKEN to your application\'s access token (APP_USR-..., from "Your integrations" > Credentials), ' +
        'or to the token `mp-recon sandbox` prints',
    );
  }
  return new MpClient({ baseUrl: config.mpBaseUrl, ...overrides, accessToken: config.mpAccessToken, log });
}
