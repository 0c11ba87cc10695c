/**
 * Use case: the contingency search (§5). Orders still `pending` after a threshold (RECON_SYNC_OLDER_THAN_MINUTES,
 * `--older-than`) and inside the search window (RECON_SYNC_WINDOW_DAYS; older ones are marked stale) are
 * taken least recently synced first (src/orders/sync-queue.ts), RECON_SYNC_BATCH at a time, and
 * looked up with GET /merchant_orders/search?external_reference=… (every page) and
 * brought in step exactly as a notification would (apply-mp-state.ts), so a notification lost entirely
 * costs a delay, not a wrong order. Orders with no merchant order are looked up among payments by
 * external_reference. `orderId` syncs one order on demand, whatever its age or status.
 *
 * The nightly cycle and `mp-recon serve` (every RECON_SYNC_EVERY_MINUTES) call it as the CLI does. One
 * run row per call; an order that fails is counted and the rest go on, except when the token is refused.
 * A search works on one account's orders with that account's token (deps.account, deps.mp);
 * syncEveryAccount runs it for each enabled account, as `mp-recon serve` does.
 */
import { scopeToAccount } from '../src/accounts/account-scope.ts';
import { resolveAccounts } from '../src/accounts/resolve-accounts.ts';
import type { EngineDeps } from '../src/deps.ts';
import { ReconError } from '../src/errors.ts';
import { MpApiError } from '../src/mp/errors.ts';
import { accountMpClient, type ApplyResult, applyMerchantOrders, applyPayment, type MpClientFor, type OrderSyncDeps } from '../src/orders/apply-mp-state.ts';
import { findOrder } from '../src/orders/order-store.ts';
import { dueOrders, markStale, markSynced } from '../src/orders/sync-queue.ts';
import { inRun } from '../src/runs/runs.ts';

export interface SyncRequest {
  /** Only orders created at least this long ago. Default: RECON_SYNC_OLDER_THAN_MINUTES. */
  readonly olderThanMs?: number;
  /** One order, whatever its status or age. */
  readonly orderId?: string;
  /** Orders per run, least recently synced first. Default RECON_SYNC_BATCH. */
  readonly limit?: number;
}

export interface SyncCounts extends Record<string, unknown> {
  readonly checked: number;
  readonly changed: number;
  readonly paid: number;
  readonly cancelled: number;
  readonly stillPending: number;
  readonly unknownAtMp: number;
  readonly failed: number;
  /** Pending orders that aged out of the search window in this run. */
  readonly markedStale: number;
  readonly failures: readonly { orderId: string; code: string; message: string }[];
}

const FAILURES_KEPT = 20;

export async function syncPendingOrders(deps: OrderSyncDeps, request: SyncRequest = {}): Promise<SyncCounts & { runId: string }> {
  const olderThanMs = request.olderThanMs ?? deps.config.syncOlderThanMinutes * 60_000;
  const log = deps.log.child({ job: 'sync', olderThanMs, orderId: request.orderId });
  const account = deps.account.id;
  return inRun(deps.conn.db, 'sync', { account }, async () => {
    const markedStale = request.orderId === undefined ? await markStale(deps.conn.db, account, windowStart(deps)) : 0;
    const orders = await pickOrders(deps, request, olderThanMs);
    const counts = { checked: 0, changed: 0, paid: 0, cancelled: 0, stillPending: 0, unknownAtMp: 0, failed: 0, markedStale };
    const failures: { orderId: string; code: string; message: string }[] = [];
    for (const order of orders) {
      counts.checked += 1;
      try {
        const result = await syncOne(deps, order.externalReference);
        await markSynced(deps.conn.db, account, order.orderId, deps.now());
        if (!result) {
          counts.unknownAtMp += 1;
          continue;
        }
        if (result.before !== result.after) counts.changed += 1;
        if (result.after === 'paid') counts.paid += 1;
        else if (result.after === 'cancelled') counts.cancelled += 1;
        else if (result.after === 'pending') counts.stillPending += 1;
      } catch (err) {
        if (err instanceof MpApiError && err.code === 'MP_UNAUTHORIZED') throw err;
        // Tried: to the back of the queue, so one order MP keeps failing on cannot block the others.
        await markSynced(deps.conn.db, account, order.orderId, deps.now());
        counts.failed += 1;
        const code = err instanceof ReconError || err instanceof MpApiError ? err.code : 'UNEXPECTED';
        const message = err instanceof Error ? err.message : String(err);
        if (failures.length < FAILURES_KEPT) failures.push({ orderId: order.orderId, code, message });
        log.warn({ orderId: order.orderId, code, error: message }, 'order sync failed; the next sync tries again');
      }
    }
    log.info(counts, 'pending orders synced');
    return { ...counts, failures };
  });
}

async function pickOrders(deps: OrderSyncDeps, request: SyncRequest, olderThanMs: number): Promise<{ orderId: string; externalReference: string }[]> {
  if (request.orderId !== undefined) {
    const row = await findOrder(deps.conn.db, deps.account.id, request.orderId);
    if (!row) throw new ReconError('ORDER_NOT_FOUND', `order ${request.orderId} does not exist; check the id (mp-recon import orders loads them)`);
    if (!row.external_reference) throw new ReconError('ORDER_NOT_FOUND', `order ${request.orderId} has no external_reference, so Mercado Pago cannot be searched for it`);
    return [{ orderId: row.order_id, externalReference: row.external_reference }];
  }
  const createdBefore = new Date(deps.now().getTime() - olderThanMs);
  return dueOrders(deps.conn.db, deps.account.id, { start: windowStart(deps), createdBefore }, request.limit ?? deps.config.syncBatch);
}

function windowStart(deps: OrderSyncDeps): Date {
  return new Date(deps.now().getTime() - deps.config.syncWindowDays * 86_400_000);
}

/** Undefined when MP knows nothing of the external_reference. */
async function syncOne(deps: OrderSyncDeps, externalReference: string): Promise<ApplyResult | undefined> {
  const merchantOrders = await deps.mp.merchantOrders.searchAll(externalReference);
  if (merchantOrders.length > 0) return applyMerchantOrders(deps, externalReference, merchantOrders, 'search');
  const payments = (await deps.mp.payments.searchAll(externalReference)).filter((p) => p.merchantOrderId === null);
  let last: ApplyResult | undefined;
  for (const payment of payments) last = await applyPayment(deps, payment, 'search');
  return last;
}

export type EveryAccountSync = Record<string, { readonly checked: number; readonly changed: number; readonly failed: number } | { readonly error: string }>;

/**
 * The search for every enabled account (the default one when none is defined), each with its own
 * token. One account whose token is missing or refused is logged and skipped: the others still sync.
 */
export async function syncEveryAccount(engine: EngineDeps, clientFor: MpClientFor = accountMpClient, request: SyncRequest = {}): Promise<EveryAccountSync> {
  const out: Record<string, EveryAccountSync[string]> = {};
  for (const account of await resolveAccounts(engine.conn.db, engine.config, 'all')) {
    const deps = scopeToAccount(engine, account);
    try {
      const r = await syncPendingOrders({ ...deps, mp: clientFor(deps) }, request);
      out[account.id] = { checked: r.checked, changed: r.changed, failed: r.failed };
    } catch (err) {
      const code = err instanceof ReconError || err instanceof MpApiError ? err.code : 'UNEXPECTED';
      deps.log.error({ code, error: err instanceof Error ? err.message : String(err) }, 'contingency search of the account failed; the next one tries again');
      out[account.id] = { error: code };
    }
  }
  return out;
}
