/**
 * A fresh, migrated database for one test file (cloned from the run's template) and deps on it.
 * `reset()` empties every table between tests.
 */
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { type Config, loadConfig } from '../../src/config.ts';
import { openConnection } from '../../src/db/connection.ts';
import type { Deps } from '../../src/deps.ts';
import { createLogger } from '../../src/log.ts';
import { adminQuery, databaseUrl } from './postgres.ts';

export interface TestDb {
  readonly name: string;
  readonly url: string;
  readonly deps: Deps;
  /** Deps with other settings on the same database (site, grace, timezone). */
  depsWith(env: Record<string, string>): Promise<Deps>;
  reset(): Promise<void>;
  close(): Promise<void>;
}

export async function createTestDb(env: Record<string, string> = {}): Promise<TestDb> {
  const name = `mp_recon_t_${randomBytes(5).toString('hex')}`;
  const template = inject('templateDatabase');
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
  const url = databaseUrl(name);
  const opened: Deps[] = [];
  const make = async (extra: Record<string, string>): Promise<Deps> => {
    const config: Config = loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent', ...env, ...extra });
    const log = createLogger({ level: 'silent' });
    const conn = await openConnection(config, log);
    const deps = { conn, log, config, now: () => new Date() };
    opened.push(deps);
    return deps;
  };
  const deps = await make({});
  return {
    name,
    url,
    deps,
    depsWith: make,
    async reset() {
      await deps.conn.pool.query(
        'truncate mismatches, runs, rejected_rows, mp_release_rows, mp_settlement_rows, report_files, refunds, order_payments, orders restart identity cascade',
      );
    },
    async close() {
      for (const d of opened) await d.conn.close();
      await adminQuery(`drop database if exists ${name} with (force)`);
    },
  };
}
