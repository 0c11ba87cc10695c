/**
 * Works the notifications table in the receiver's process: claims due rows, processes each
 * (process-notification.ts) and completes it, or fails it with a retry at an exponential backoff
 * (RECON_NOTIFY_RETRY_SECONDS doubling, capped at 6 h) until RECON_NOTIFY_MAX_ATTEMPTS. It wakes when the
 * receiver records a notification and otherwise polls, so retries and rows left by a crash (recorded,
 * acknowledged, never processed) are picked up, including right after a start.
 *
 * Passes never overlap within a process: drain() queues behind the loop's pass, which makes it the
 * deterministic "process everything due now" tests and shutdown use.
 *
 * The worker serves every account: each row is processed in its own account's books (scopeToAccount)
 * with that account's Mercado Pago client, so its token fetches the resource and only its orders change.
 */
import type { Account } from '../accounts/account.ts';
import { scopeToAccount } from '../accounts/account-scope.ts';
import { listAccounts } from '../accounts/account-store.ts';
import type { EngineDeps } from '../deps.ts';
import { ReconError } from '../errors.ts';
import { MpApiError } from '../mp/errors.ts';
import { accountMpClient, type MpClientFor } from '../orders/apply-mp-state.ts';
import { type Claimed, claimDue, completeNotification, failNotification } from './notification-store.ts';
import { processNotification } from './process-notification.ts';
import { accountOf } from './route-notification.ts';

export interface WorkerOptions {
  /** Rows claimed per pass. Default 10. */
  readonly batchSize?: number;
  /** How often the loop looks for due retries when nothing wakes it. Default 5 000 ms. */
  readonly pollMs?: number;
  /** How long a claimed row stays invisible to other workers; a crash delays it at most this long. Default 5 min. */
  readonly leaseMs?: number;
  /** Each account's Mercado Pago client; default: from the account's own config (its token). */
  readonly mpClient?: MpClientFor;
}

const MAX_BACKOFF_MS = 6 * 3_600_000;

export class NotificationWorker {
  readonly #deps: EngineDeps;
  readonly #mpClient: MpClientFor;
  readonly #batchSize: number;
  readonly #pollMs: number;
  readonly #leaseMs: number;
  #chain: Promise<unknown> = Promise.resolve();
  #stopped = true;
  #loop: Promise<void> | undefined;
  #wakeUp: (() => void) | undefined;

  constructor(deps: EngineDeps, options: WorkerOptions = {}) {
    this.#deps = { ...deps, log: deps.log.child({ component: 'notification-worker' }) };
    this.#mpClient = options.mpClient ?? accountMpClient;
    this.#batchSize = options.batchSize ?? 10;
    this.#pollMs = options.pollMs ?? 5_000;
    this.#leaseMs = options.leaseMs ?? 300_000;
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#loop = this.#run();
  }

  /** A notification was recorded: look now instead of at the next poll. */
  wake(): void {
    this.#wakeUp?.();
  }

  /** Processes every row due now (and any that become due meanwhile); resolves with how many. */
  drain(): Promise<number> {
    const next = this.#chain.then(() => this.#drainNow());
    this.#chain = next.catch(() => {});
    return next;
  }

  /** Stops the loop after the current pass. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.wake();
    await this.#loop;
    await this.#chain;
  }

  async #run(): Promise<void> {
    while (!this.#stopped) {
      await this.drain().catch((err: unknown) => this.#deps.log.error({ err }, 'notification pass failed; trying again at the next poll'));
      if (this.#stopped) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, this.#pollMs);
        this.#wakeUp = done;
        function done() {
          clearTimeout(timer);
          resolve();
        }
      });
    }
  }

  async #drainNow(): Promise<number> {
    let total = 0;
    for (;;) {
      const claimed = await claimDue(this.#deps.conn.db, this.#deps.now(), this.#batchSize, this.#leaseMs);
      // Read once a batch: an account added or enabled meanwhile counts from the next batch on.
      const accounts = claimed.length > 0 ? await listAccounts(this.#deps.conn.db) : [];
      for (const c of claimed) await this.#processOne(c, accounts);
      total += claimed.length;
      if (claimed.length === 0) return total;
    }
  }

  async #processOne(c: Claimed, accounts: readonly Account[]): Promise<void> {
    const { conn, config } = this.#deps;
    const log = this.#deps.log.child({ notificationId: c.id, account: c.accountId, topic: c.topic, resourceId: c.resourceId, attempt: c.attempts });
    try {
      const account = accountOf(accounts, config, c.accountId);
      if (!account) {
        await completeNotification(conn.db, c, this.#deps.now(), 'ignored', `account ${c.accountId} no longer exists`);
        log.warn('notification ignored: its account no longer exists');
        return;
      }
      const deps = scopeToAccount(this.#deps, account);
      const r = await processNotification({ ...deps, mp: this.#mpClient(deps) }, c.topic, c.resourceId);
      await completeNotification(conn.db, c, this.#deps.now(), r.outcome, r.outcome === 'ignored' ? r.note : null);
      if (r.outcome === 'processed') log.info({ orderId: r.result.orderId, status: r.result.after }, 'notification processed');
      else log.info({ note: r.note }, 'notification ignored');
    } catch (err) {
      const code = err instanceof ReconError || err instanceof MpApiError ? err.code : 'UNEXPECTED';
      const message = `${code}: ${err instanceof Error ? err.message : String(err)}`;
      const now = this.#deps.now();
      const giveUp = c.attempts >= config.notifyMaxAttempts;
      const delay = Math.min(MAX_BACKOFF_MS, config.notifyRetrySeconds * 1000 * 2 ** (c.attempts - 1));
      const retryAt = giveUp ? null : new Date(now.getTime() + delay);
      log.warn({ code, error: message, retryAt }, giveUp ? 'notification failed for good' : 'notification failed; will retry');
      await failNotification(conn.db, c, now, message, retryAt).catch((e: unknown) => log.error({ err: e }, 'could not record the failure'));
    }
  }
}
