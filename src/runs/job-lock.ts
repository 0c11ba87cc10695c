/**
 * Exactly one runner per job across replicas: a Postgres session advisory lock, taken with
 * pg_try_advisory_lock on a client of its own that stays checked out for the whole job, so the lock
 * lives exactly as long as the job (a crashed process drops its session, and with it the lock). A job
 * that finds the lock taken does not wait: the caller decides (fetch/backfill exit 0, schedule waits
 * for its next tick).
 *
 * The embedded database serves one process and has a single pooled connection, which a held client
 * would starve; there the lock is an in-process one, which is all a single process needs.
 */
import type { Connection } from '../db/connection.ts';
import { lockName, tryLock, unlock } from './locks.ts';

export type JobLockResult<T> = { readonly acquired: true; readonly value: T } | { readonly acquired: false };

const embeddedHeld = new WeakMap<Connection, Set<string>>();

/** The lock's name; the schema is part of it so two installs in one database do not exclude each other (locks.ts). */
export function jobLockKey(conn: Connection, job: string): string {
  return lockName(conn.schema, 'job', job);
}

/** Runs `work` holding the job's lock, or returns `{ acquired: false }` at once if another runner holds it. */
export async function withJobLock<T>(conn: Connection, job: string, work: () => Promise<T>): Promise<JobLockResult<T>> {
  const key = jobLockKey(conn, job);
  if (conn.backend === 'embedded') return withInProcessLock(conn, key, work);

  const client = await conn.pool.connect();
  let broken: Error | undefined;
  try {
    if (!(await tryLock(client, key))) return { acquired: false };
    try {
      return { acquired: true, value: await work() };
    } finally {
      await unlock(client, key).catch((err: Error) => {
        // The session may still hold the lock: end it rather than hand it back to the pool.
        broken = err;
      });
    }
  } finally {
    client.release(broken);
  }
}

async function withInProcessLock<T>(conn: Connection, key: string, work: () => Promise<T>): Promise<JobLockResult<T>> {
  let held = embeddedHeld.get(conn);
  if (!held) {
    held = new Set();
    embeddedHeld.set(conn, held);
  }
  if (held.has(key)) return { acquired: false };
  held.add(key);
  try {
    return { acquired: true, value: await work() };
  } finally {
    held.delete(key);
  }
}
