/**
 * What the order commands (serve, sync, refund, cancel) share: an account's deps with its Mercado Pago
 * client, built from that account's token, and a Mercado Pago failure printed like a ReconError (its stable code and a
 * message that says what happened; never the token, which MpApiError never holds).
 */
import type { Deps } from '../src/deps.ts';
import { MpApiError } from '../src/mp/errors.ts';
import { accountMpClient, type OrderSyncDeps } from '../src/orders/apply-mp-state.ts';
import type { CommandContext } from './command.ts';

export function orderSyncDeps(deps: Deps): OrderSyncDeps {
  return { ...deps, mp: accountMpClient(deps) };
}

/** Runs `work`; an MpApiError becomes `error MP_...: message` on stderr and exit code 1. */
export async function withMpErrors(ctx: CommandContext, name: string, work: () => Promise<number>): Promise<number> {
  try {
    return await work();
  } catch (err) {
    if (!(err instanceof MpApiError)) throw err;
    ctx.err.write(`mp-recon ${name}: error ${err.code}: ${err.message}\n`);
    return 1;
  }
}
