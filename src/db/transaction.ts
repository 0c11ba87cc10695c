/**
 * A transaction on one pooled pg client, for work kysely's transaction API cannot host: COPY streams
 * and savepoints around them need the raw client, and a statement that creates a table reports its row
 * count only in the command tag, which kysely drops. Queries are written with kysely (`tx.db`, or a
 * `sql` template through `tx.run`); the raw client stays behind this interface for the bulk loaders.
 * Rolls back on any error and always releases the client.
 */
import { type CompiledQuery, Kysely, PostgresDialect, sql } from 'kysely';
import type pg from 'pg';
import type { BulkLoader } from './bulk-loader.ts';
import type { Database } from './database.ts';

/** A kysely query builder or `sql` template (both compile against a Kysely instance). */
export interface Runnable<R> {
  compile(db: Kysely<Database>): CompiledQuery<R>;
}

export interface StatementResult<R> {
  readonly rows: R[];
  /** The command tag's count: rows a select returned, an insert/update/delete changed, or `create table as` stored. */
  readonly rowCount: number;
}

export interface Transaction {
  /** kysely on this transaction's connection. */
  readonly db: Kysely<Database>;
  /** Runs a kysely query or `sql` template on this transaction, with the command tag's row count. */
  run<R>(query: Runnable<R>): Promise<StatementResult<R>>;
  /** COPY into a table of this transaction (bulk-loader.ts). */
  readonly loader: BulkLoader;
  /** The raw client, for the bulk loaders and their savepoints in src/ingest only. */
  readonly client: pg.PoolClient;
}

export interface TransactionSource {
  readonly pool: pg.Pool;
  readonly loader: BulkLoader;
}

export async function inTransaction<T>(conn: TransactionSource, work: (tx: Transaction) => Promise<T>): Promise<T> {
  const client = await conn.pool.connect();
  try {
    await client.query('begin');
    const result = await work(transactionOn(client, conn.loader));
    await client.query('commit');
    return result;
  } catch (err) {
    await client.query('rollback').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

/** Memory for this transaction's sorts and hashes (`64MB`, `256MB`): what fits in it does not spill to disk. */
export async function setLocalWorkMem(tx: Transaction, size: `${number}MB`): Promise<void> {
  await tx.run(sql.raw(`set local work_mem = '${size}'`));
}

function transactionOn(client: pg.PoolClient, loader: BulkLoader): Transaction {
  // A pool of the one checked-out client: kysely borrows and "releases" it, the transaction keeps it.
  const pinned = { connect: async () => ({ query: client.query.bind(client), release: () => {} }), end: async () => {} };
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: pinned as never }) });
  return {
    db,
    loader,
    client,
    async run<R>(query: Runnable<R>) {
      const compiled = query.compile(db);
      const result = await client.query(compiled.sql, [...compiled.parameters]);
      return { rows: result.rows as R[], rowCount: result.rowCount ?? 0 };
    },
  };
}
