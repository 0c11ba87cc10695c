/**
 * What every use case receives: the database, a scoped logger, the configuration and a clock. The CLI,
 * the scheduler and tests build it; nothing below reaches for globals.
 *
 * Most use cases work on one Mercado Pago account's books: they take `Deps`, which carries the
 * account, and whose config speaks for it (its site, currency, timezone and token). A few work on
 * the database as a whole (migrate, accounts, users, the worker, the web UI): they take `EngineDeps`.
 */
import type { Account } from './accounts/account.ts';
import type { Config } from './config.ts';
import type { Connection } from './db/connection.ts';
import type { Logger } from './log.ts';

export interface EngineDeps {
  readonly conn: Connection;
  readonly log: Logger;
  readonly config: Config;
  readonly now: () => Date;
}

export interface Deps extends EngineDeps {
  /** The account whose books this use case reads and writes: every query filters by its id. */
  readonly account: Account;
}
