/**
 * A database of its own for one benchmark stage: a new database on the server given as an admin URL,
 * or an embedded data directory under `dir`, migrated, with deps on it. `drop()` removes it
 * (BENCH_KEEP_DB=1 keeps a server database for a look afterwards).
 */
import { join } from 'node:path';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { type Connection, openConnection } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { scopeToAccount } from '../src/accounts/account-scope.ts';
import { defaultAccount } from '../src/accounts/resolve-accounts.ts';
import type { Deps, EngineDeps } from '../src/deps.ts';
import { createLogger } from '../src/log.ts';

export interface BenchDb {
  /** The default account's deps (RECON_SITE). */
  readonly deps: Deps;
  readonly engine: EngineDeps;
  readonly conn: Connection;
  /** The server database's URL (absent when embedded). */
  readonly url: string | undefined;
  /** Opens another connection with the same settings (the embedded database allows one at a time). */
  reopen(): Promise<Connection>;
  drop(): Promise<void>;
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function openBenchDb(serverUrl: string | undefined, dir: string, name: string, env: Record<string, string> = {}): Promise<BenchDb> {
  const dbName = `mp_recon_bench_${name}_${process.pid}`;
  if (serverUrl) await adminQuery(serverUrl, `create database ${dbName}`);
  const url = serverUrl ? withDatabase(serverUrl, dbName) : undefined;
  const log = createLogger({ level: 'silent' });
  const config = loadConfig({ LOG_LEVEL: 'silent', ...(url ? { DATABASE_URL: url } : { RECON_DATA_DIR: join(dir, `embedded-${name}`) }), ...env });
  const conn = await openConnection(config, log);
  await migrateToLatest(conn);
  const engine: EngineDeps = { conn, log, config, now: () => new Date() };
  const deps = scopeToAccount(engine, defaultAccount(config));
  return {
    deps,
    engine,
    conn,
    url,
    reopen: () => openConnection(config, log),
    async drop() {
      await conn.close().catch(() => {});
      if (serverUrl && !process.env.BENCH_KEEP_DB) await adminQuery(serverUrl, `drop database if exists ${dbName} with (force)`);
    },
  };
}

async function adminQuery(serverUrl: string, text: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(text);
  } finally {
    await admin.end();
  }
}

export function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
