/**
 * Opens the database mp-recon works on: a Postgres server when DATABASE_URL is set, otherwise the
 * embedded PGlite database on disk. Both are reached through node-postgres and kysely's PostgresDialect,
 * so types parse the same way (numeric and int8 as strings) and the same SQL runs on both. Every
 * connection's search_path points at RECON_SCHEMA, so SQL names tables without a schema prefix.
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.ts';
import { ReconError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { Database } from './database.ts';
import { type BulkLoader, embeddedLoader, serverLoader } from './bulk-loader.ts';
import { openEmbeddedDatabase } from './embedded.ts';
import { inProcessRunLiveness, registerRunLiveness, type RunLiveness, serverRunLiveness } from '../runs/run-liveness.ts';

// A date column is a business date, not an instant: keep it as 'YYYY-MM-DD' text instead of pg's
// default of a Date at local midnight, which shifts with the process timezone.
const PG_DATE_OID = 1082;
pg.types.setTypeParser(PG_DATE_OID, (value: string) => value);

/**
 * Use cases reach the database through `db` (the repositories take it) and, for work that streams
 * COPY, through a transaction (transaction.ts). `pool` is for src/db itself, the session locks of
 * src/runs and tests: no use case queries it.
 */
export interface Connection {
  readonly db: Kysely<Database>;
  readonly pool: pg.Pool;
  readonly backend: 'postgres' | 'embedded';
  readonly schema: string;
  readonly loader: BulkLoader;
  close(): Promise<void>;
}

/** `notify` receives the one line a user should see about the embedded database (the CLI prints it). */
export async function openConnection(config: Config, log: Logger, notify?: (line: string) => void): Promise<Connection> {
  if (config.databaseUrl) return openServer(config, config.databaseUrl);
  return openEmbedded(config, notify ?? ((line) => log.info(line)));
}

async function openServer(config: Config, databaseUrl: string): Promise<Connection> {
  const clientConfig = { connectionString: databaseUrl, options: `-c search_path=${config.schema},public`, application_name: 'mp-recon' };
  const pool = new pg.Pool({ ...clientConfig, max: 4 });
  // A client whose connection dies (server restart, pg_terminate_backend) emits 'error': unheard, that
  // kills the process with a stack trace. Idle clients report to the pool; checked-out ones to their
  // own listener. Either way the query in flight, or the next one, fails and says so.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
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
  const liveness = serverRunLiveness(clientConfig, config.schema);
  registerRunLiveness(db, liveness);
  return {
    db,
    pool,
    backend: 'postgres',
    schema: config.schema,
    loader: serverLoader,
    close: () => closeAll(db, pool, liveness),
  };
}

async function openEmbedded(config: Config, notify: (line: string) => void): Promise<Connection> {
  const embedded = await openEmbeddedDatabase(config, notify);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: embedded.pool }) });
  const liveness = inProcessRunLiveness();
  registerRunLiveness(db, liveness);
  return {
    db,
    pool: embedded.pool,
    backend: 'embedded',
    schema: config.schema,
    loader: embeddedLoader(embedded.pglite),
    close: async () => {
      await closeAll(db, embedded.pool, liveness);
      await embedded.release();
    },
  };
}

/** kysely ends the pool only if it ever ran a query itself; work done on raw clients needs this too. */
async function closeAll(db: Kysely<Database>, pool: pg.Pool, liveness: RunLiveness): Promise<void> {
  await liveness.close();
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
