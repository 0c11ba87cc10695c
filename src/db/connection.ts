/**
 * Opens the database mp-recon works on: a Postgres server when DATABASE_URL is set, otherwise the
 * embedded PGlite database on disk. Both are reached through node-postgres and kysely's PostgresDialect,
 * so types parse the same way (numeric and int8 as strings) and the same SQL runs on both. Every
 * connection's search_path points at RECON_SCHEMA, so SQL names tables without a schema prefix.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.ts';
import { ReconError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { Database } from './database.ts';
import { type BulkLoader, embeddedLoader, serverLoader } from './bulk-loader.ts';

// A date column is a business date, not an instant: keep it as 'YYYY-MM-DD' text instead of pg's
// default of a Date at local midnight, which shifts with the process timezone.
const PG_DATE_OID = 1082;
pg.types.setTypeParser(PG_DATE_OID, (value: string) => value);

export interface Connection {
  readonly db: Kysely<Database>;
  readonly pool: pg.Pool;
  readonly backend: 'postgres' | 'embedded';
  readonly schema: string;
  readonly loader: BulkLoader;
  close(): Promise<void>;
}

export async function openConnection(config: Config, log: Logger): Promise<Connection> {
  return config.databaseUrl ? openServer(config, config.databaseUrl) : openEmbedded(config, log);
}

async function openServer(config: Config, databaseUrl: string): Promise<Connection> {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: 4,
    options: `-c search_path=${config.schema},public`,
    application_name: 'mp-recon',
  });
  // An idle client's error (server restart) must not crash the process; the next query reports it.
  pool.on('error', () => {});
  try {
    const client = await pool.connect();
    client.release();
  } catch (cause) {
    await pool.end();
    const host = safeHost(databaseUrl);
    throw new ReconError(
      'DB_UNREACHABLE',
      `cannot connect to Postgres at ${host}: ${(cause as Error).message}. Check DATABASE_URL, or unset it to use the embedded database.`,
      { cause },
    );
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    pool,
    backend: 'postgres',
    schema: config.schema,
    loader: serverLoader,
    close: () => closeAll(db, pool),
  };
}

async function openEmbedded(config: Config, log: Logger): Promise<Connection> {
  const dataDir = resolve(config.dataDir, 'pgdata');
  mkdirSync(dataDir, { recursive: true });
  log.info({ dataDir }, 'using the embedded database (set DATABASE_URL to use a Postgres server)');
  const { PGlite } = await import('@electric-sql/pglite');
  const { createPgConfig } = await import('@electric-sql/pglite/node-postgres');
  const pglite = await PGlite.create({ dataDir });
  // One backend, one session: the search_path set here holds for every query the pool sends.
  await pglite.exec(`create schema if not exists ${config.schema}; set search_path = ${config.schema}, public;`);
  const pool = new pg.Pool(createPgConfig(pglite) as unknown as pg.PoolConfig);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    pool,
    backend: 'embedded',
    schema: config.schema,
    loader: embeddedLoader(pglite),
    close: async () => {
      await closeAll(db, pool);
      await pglite.close();
    },
  };
}

/** kysely ends the pool only if it ever ran a query itself; work done on raw clients needs this too. */
async function closeAll(db: Kysely<Database>, pool: pg.Pool): Promise<void> {
  await db.destroy();
  const state = pool as pg.Pool & { ending?: boolean; ended?: boolean };
  if (!state.ending && !state.ended) await pool.end();
}

function safeHost(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}
