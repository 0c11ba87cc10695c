/**
 * A transaction on one pooled pg client, for work kysely's transaction API cannot host (COPY streams
 * need the raw client). Rolls back on any error and always releases the client.
 */
import type { Kysely } from 'kysely';
import type pg from 'pg';

export async function withClientTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const result = await work(client);
    await client.query('commit');
    return result;
  } catch (err) {
    await client.query('rollback').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

/** Runs a compiled kysely query on a raw client, so query building stays typed inside such work. */
export async function runCompiled<R>(
  client: pg.PoolClient,
  query: { compile(): { sql: string; parameters: readonly unknown[] } },
): Promise<R[]> {
  const compiled = query.compile();
  const result = await client.query(compiled.sql, compiled.parameters as unknown[]);
  return result.rows as R[];
}

export type Db<T> = Kysely<T>;
