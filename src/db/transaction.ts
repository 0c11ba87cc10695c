/**
 * A transaction on one pooled pg client, for work kysely's transaction API cannot host (COPY streams
 * need the raw client). Rolls back on any error and always releases the client.
 */
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
