/**
 * The world order-sync tests run in: a fresh database, the Mercado Pago simulator on a manual clock, the
 * notification receiver on loopback (its worker driven by the test, not by timers), the client, and a
 * logger that keeps every line so tests can prove no secret reaches one. The simulator's clock is also
 * the receiver's `now`, so retries, leases and signature ages all move with it.
 *
 *   const w = await createOrderWorld({ secret: 'whsec' });
 *   await w.addOrder('A1', '150.00');
 *   const mo = await w.scan('A1', '150.00');
 *   w.pay(mo, 'approved');
 *   await w.settle();            // deliver every notification, process every row
 *
 * `w.deps` is the default account's (the database defines none until a test adds one): its token is
 * TOKEN. `w.addAccount(...)` adds a Mercado Pago seller to the simulator and the same account here;
 * the receiver then routes that seller's notifications to it, and its token fetches them.
 */
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { Decimal } from 'decimal.js';
import pino from 'pino';
import { scopeToAccount } from '../../src/accounts/account-scope.ts';
import { defaultAccount } from '../../src/accounts/resolve-accounts.ts';
import type { Deps, EngineDeps } from '../../src/deps.ts';
import { mpClientFromConfig } from '../../src/mp/client-from-config.ts';
import { NOTIFICATION_PATH, type RunningReceiver, startReceiver } from '../../src/notifications/receiver.ts';
import type { MpClientFor, OrderSyncDeps } from '../../src/orders/apply-mp-state.ts';
import type { SiteId } from '../../src/sites.ts';
import { createManualClock, type ManualClock } from '../../simulator/clock.ts';
import type { SimMerchantOrder, SimPayment } from '../../simulator/order-book.ts';
import { createPayment, openMerchantOrder, type PaymentInput } from '../../simulator/order-flow.ts';
import { type RunningSimulator, startSimulator } from '../../simulator/server.ts';
import type { AccountState } from '../../simulator/account-state.ts';
import { addTestAccount } from './test-accounts.ts';
import { createTestDb, type TestDb } from './test-db.ts';

export const TOKEN = 'APP_USR-7001-order-sync-token-never-logged';
export const START = '2026-03-02T13:00:00Z';

export interface WorldOptions {
  /** MP_WEBHOOK_SECRET of the receiver. */
  readonly secret?: string;
  /** What the simulator sends: ipn (default), webhook or both; `simSecret` signs Webhooks. */
  readonly mode?: 'ipn' | 'webhook' | 'both';
  readonly simSecret?: string;
  readonly env?: Record<string, string>;
}

/** An account added by a test: here (accounts row, deps with its MP client) and at the simulator. */
export interface WorldAccount {
  readonly deps: OrderSyncDeps;
  readonly acct: AccountState;
  readonly userId: number;
}

export interface OrderWorld {
  readonly t: TestDb;
  readonly sim: RunningSimulator;
  readonly clock: ManualClock;
  /** The default account's, with its MP client (TOKEN). */
  readonly deps: OrderSyncDeps;
  /** The engine-wide deps the receiver runs on (the world's clock and logger). */
  readonly engine: EngineDeps;
  /** Each account's MP client, as the receiver's worker builds it: from the account's token, at the simulator. */
  readonly mpClient: MpClientFor;
  readonly receiver: RunningReceiver;
  readonly acct: AccountState;
  readonly logLines: string[];
  /** The receiver's notification URL. */
  readonly notifyUrl: string;
  /** A pending order of `options.account` (default: the default account). */
  addOrder(id: string, amount: string, options?: { ref?: string; createdMinutesAgo?: number; account?: Deps }): Promise<void>;
  /** A seller `userId` of `site` at the simulator, and account `id` here with that mp_user_id. */
  addAccount(id: string, site: SiteId, userId: number): Promise<WorldAccount>;
  /** A buyer scans `ref` at the default seller's POS, or `at`'s. */
  scan(ref: string, amount: string, expiresInMs?: number, at?: AccountState): SimMerchantOrder;
  pay(order: SimMerchantOrder, status: PaymentInput['status'], amount?: string, at?: AccountState): SimPayment;
  /** Delivers every notification (walking MP's retry schedule) and processes every due row, until quiet. */
  settle(): Promise<void>;
  order(id: string, accountId?: string): Promise<{ status: string; paid_at: Date | null; mp_merchant_order_id: string | null; amount: string }>;
  /** Empties the tables and the simulator between tests. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export async function createOrderWorld(options: WorldOptions = {}): Promise<OrderWorld> {
  const t = await createTestDb();
  const clock = createManualClock(START);
  const sim = await startSimulator({ clock });
  const logLines: string[] = [];
  const log = pino({ level: 'trace' }, { write: (line: string) => void logLines.push(line) });
  const env = { RECON_NOTIFY_RETRY_SECONDS: '30', MP_ACCESS_TOKEN: TOKEN, ...(options.secret ? { MP_WEBHOOK_SECRET: options.secret } : {}), ...options.env };
  const base = await t.depsWith(env);
  const engine: EngineDeps = { conn: base.conn, config: base.config, log, now: () => clock.now() };
  const mpClient: MpClientFor = (d) => mpClientFromConfig(d.config, d.log, { baseUrl: sim.url, sleep: async () => {}, maxAttempts: 2 });
  const withMp = (d: Deps): OrderSyncDeps => ({ ...d, mp: mpClient(d) });
  const deps = withMp(scopeToAccount(engine, defaultAccount(base.config)));
  const receiver = await startReceiver(engine, { port: 0, host: '127.0.0.1', startWorker: false, worker: { mpClient } });
  const notifyUrl = `${receiver.url}${NOTIFICATION_PATH}`;

  let acct = setupSim();
  function setupSim(): AccountState {
    sim.state.reset();
    clock.set(START);
    sim.state.addAccount({ accessToken: TOKEN, siteId: 'MLA' });
    sim.state.notifier.configure({ url: notifyUrl, mode: options.mode ?? 'ipn', secret: options.simSecret ?? null });
    return sim.state.accountByToken(TOKEN)!;
  }

  const world: OrderWorld = {
    t,
    sim,
    clock,
    deps,
    engine,
    mpClient,
    receiver,
    get acct() {
      return acct;
    },
    logLines,
    notifyUrl,
    async addOrder(id, amount, o = {}) {
      const owner = o.account ?? deps;
      const created = new Date(clock.now().getTime() - (o.createdMinutesAgo ?? 60) * 60_000);
      await t.deps.conn.db
        .insertInto('orders')
        .values({ account_id: owner.account.id, order_id: id, external_reference: o.ref ?? `REF-${id}`, site: owner.config.site, currency: owner.config.currency, amount, status: 'pending', created_at: created, paid_at: null, mp_merchant_order_id: null })
        .execute();
    },
    async addAccount(id, site, userId) {
      const token = `APP_USR-7001-${id}-token-never-logged`;
      sim.state.addAccount({ accessToken: token, siteId: site, userId });
      const added = await addTestAccount(engine, { id, site, mpUserId: String(userId), token });
      return { deps: withMp(added), acct: sim.state.accountByToken(token)!, userId };
    },
    scan(ref, amount, expiresInMs, at = acct) {
      const expiresAt = expiresInMs === undefined ? null : new Date(clock.now().getTime() + expiresInMs);
      return openMerchantOrder(sim.state, at, { externalReference: ref, amount: new Decimal(amount), posId: 'POS-1', expiresAt });
    },
    pay(order, status, amount, at = acct) {
      return createPayment(sim.state, at, { merchantOrderId: order.id, status, ...(amount ? { amount: new Decimal(amount) } : {}) });
    },
    async settle() {
      for (let round = 0; round < 20; round += 1) {
        await sim.state.notifier.drain();
        const processed = await receiver.worker.drain();
        if (processed === 0 && sim.state.notifier.pending() === 0) return;
      }
      throw new Error('order world did not settle in 20 rounds');
    },
    async order(id, accountId = deps.account.id) {
      return t.deps.conn.db
        .selectFrom('orders')
        .select(['status', 'paid_at', 'mp_merchant_order_id', 'amount'])
        .where('account_id', '=', accountId)
        .where('order_id', '=', id)
        .executeTakeFirstOrThrow();
    },
    async reset() {
      // delete, not truncate: on tables this small it is several times faster.
      await t.deps.conn.pool.query(
        ['notifications', 'mismatches', 'runs', 'rejected_rows', 'mp_release_rows', 'mp_settlement_rows', 'report_files', 'refunds', 'order_payments', 'orders', 'accounts']
          .map((table) => `delete from ${table};`)
          .join(' '),
      );
      acct = setupSim();
    },
    async close() {
      await receiver.close();
      await sim.close();
      await t.close();
    },
  };
  return world;
}

/**
 * Registers the usual hooks for a test file: one world for the file (handed to `receive`), emptied
 * before each test, and closed at the end after checking the token reached no log line.
 */
export function useOrderWorld(receive: (world: OrderWorld) => void, options: WorldOptions = {}): void {
  let world: OrderWorld | undefined;
  beforeAll(async () => {
    world = await createOrderWorld(options);
    receive(world);
  });
  afterAll(async () => {
    if (!world) return;
    expect(world.logLines.filter((l) => l.includes(TOKEN))).toEqual([]);
    await world.close();
  });
  beforeEach(async () => world?.reset());
}
