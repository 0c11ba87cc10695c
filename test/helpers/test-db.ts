/**
 * A fresh, migrated database for one test file and deps on it: a clone of the run's template database
 * on a Postgres server, or a copy of the migrated embedded data directory. `reset()` empties every
 * table between tests; `cliEnv` points a spawned CLI at the same database.
 */
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { type Connection, openConnection } from '../../src/db/connection.ts';
import { scopeToAccount } from '../../src/accounts/account-scope.ts';
import { defaultAccount } from '../../src/accounts/resolve-accounts.ts';
import type { Deps } from '../../src/deps.ts';
import { createLogger } from '../../src/log.ts';
import { adminQuery, databaseUrl } from './postgres.ts';

export interface TestDb {
  readonly backend: 'postgres' | 'embedded';
  /** Environment that points mp-recon (in process or spawned) at this database. */
  readonly cliEnv: Record<string, string>;
  /** Deps of the default account (RECON_SITE, MP_ACCESS_TOKEN). */
  readonly deps: Deps;
  /** Deps on the same connection with other settings (site, grace, timezone), for the default account. */
  depsWith(env: Record<string, string>): Promise<Deps>;
  reset(): Promise<void>;
  close(): Promise<void>;
}

export const testBackend = (): 'postgres' | 'embedded' => inject('testBackend');

async function cloneTemplate(): Promise<{ cliEnv: Record<string, string>; drop: () => Promise<void> }> {
  const template = inject('template');
  if (testBackend() === 'embedded') {
    const dir = mkdtempSync(join(tmpdir(), 'mp-recon-db-'));
    cpSync(template, dir, { recursive: true });
    return { cliEnv: { RECON_DATA_DIR: dir }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `mp_recon_t_${randomBytes(5).toString('hex')}`;
  for (let attempt = 0; ; attempt++) {
    try {
      await adminQuery(`create database ${name} template ${template}`);
      break;
    } catch (err) {
      // Two files cloning the template at the same instant: Postgres refuses one; try again.
      if (attempt >= 10 || !/being accessed by other users/.test(String(err))) throw err;
      await new Promise((r) => setTimeout(r, 100 * (attempt + 1)));
    }
  }
  return { cliEnv: { DATABASE_URL: databaseUrl(name) }, drop: () => adminQuery(`drop database if exists ${name} with (force)`) };
}

/**
 * `connect: false` leaves the database closed in this process, for tests that only drive a spawned
 * CLI (the embedded database serves one process at a time).
 */
export async function createTestDb(env: Record<string, string> = {}, options: { connect?: boolean } = {}): Promise<TestDb> {
  const { cliEnv, drop } = await cloneTemplate();
  const configFor = (extra: Record<string, string>) => loadConfig({ LOG_LEVEL: 'silent', ...cliEnv, ...env, ...extra });
  const log = createLogger({ level: 'silent' });
  let conn: Connection | undefined;
  let deps: Deps | undefined;
  if (options.connect !== false) {
    const config = configFor({});
    conn = await openConnection(config, log);
    deps = scopeToAccount({ conn, log, config, now: () => new Date() }, defaultAccount(config));
  }
  const need = (): Deps => {
    if (!deps) throw new Error('this TestDb was created with connect: false');
    return deps;
  };
  return {
    backend: testBackend(),
    cliEnv,
    get deps() {
      return need();
    },
    async depsWith(extra) {
      const config = configFor(extra);
      return scopeToAccount({ ...need(), config }, defaultAccount(config));
    },
    async reset() {
      await need().conn.pool.query(
        'truncate accounts, notifications, mismatch_events, mismatches, runs, rejected_rows, mp_release_rows, mp_settlement_rows, report_files, report_requests, report_tasks, refunds, order_payments, orders restart identity cascade',
      );
    },
    async close() {
      await conn?.close();
      await drop();
    },
  };
}
