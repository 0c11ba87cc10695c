/**
 * Every advisory lock mp-recon takes is named here, by (schema, purpose, account[, kind]): two installs
 * in one database (two RECON_SCHEMA values) never block each other, nor do two accounts, while for one
 * account the lock still excludes a second runner. The name is hashed by Postgres (hashtext) into the lock's key; run locks
 * use the two-key form (name, run id), a space apart from the single-key locks.
 *
 * - job: one fetch / backfill / nightly runner per account at a time (job-lock.ts, a session lock);
 * - ingest: one ingest of an account's report kind at a time (the transaction's lock);
 * - reconcile: one reconciliation of an account at a time (the transaction's lock);
 * - run: held by the process doing a run, so others can tell an abandoned run (run-liveness.ts).
 *
 * Session locks live as long as a connection of their own (a client checked out of the pool, or a
 * client outside it), so they take that client; transaction locks take the transaction.
 */
import { sql } from 'kysely';
import type pg from 'pg';
import type { Transaction } from '../db/transaction.ts';

export type LockPurpose = 'job' | 'ingest' | 'reconcile' | 'run';

export function lockName(schema: string, purpose: LockPurpose, ...parts: string[]): string {
  return [`mp-recon:${schema}:${purpose}`, ...parts].join(':');
}

/** Waits for the lock; it is held until the transaction ends (commit or rollback). */
/** Per account: two accounts ingest or reconcile at once; one account never twice (`kind` narrows an ingest lock to one report kind). */
export async function lockForTransaction(tx: Transaction, schema: string, purpose: 'ingest' | 'reconcile', account: string, kind?: string): Promise<void> {
  const name = kind === undefined ? lockName(schema, purpose, account) : lockName(schema, purpose, account, kind);
  await tx.run(sql`select pg_advisory_xact_lock(hashtext(${name}))`);
}

/** A connection held for a session lock's lifetime. */
export type LockSession = Pick<pg.ClientBase, 'query'>;

/** Takes a single-key session lock if it is free; never waits. */
export async function tryLock(session: LockSession, name: string): Promise<boolean> {
  const taken = await session.query<{ locked: boolean }>('select pg_try_advisory_lock(hashtext($1)) as locked', [name]);
  return taken.rows[0]?.locked === true;
}

export async function unlock(session: LockSession, name: string): Promise<void> {
  await session.query('select pg_advisory_unlock(hashtext($1))', [name]);
}

/** The two-key form (name, run id) keeps run locks apart from the single-key ones. */
const runLockArgs = (schema: string, runId: string): [string, number] => [lockName(schema, 'run'), Number(BigInt(runId) % 2147483647n)];

/** Waits for the run's lock (only its own process ever holds it, so the wait is never long). */
export async function lockRun(session: LockSession, schema: string, runId: string): Promise<void> {
  await session.query('select pg_advisory_lock(hashtext($1), $2)', runLockArgs(schema, runId));
}

export async function tryLockRun(session: LockSession, schema: string, runId: string): Promise<boolean> {
  const taken = await session.query<{ free: boolean }>('select pg_try_advisory_lock(hashtext($1), $2) as free', runLockArgs(schema, runId));
  return taken.rows[0]?.free === true;
}

export async function unlockRun(session: LockSession, schema: string, runId: string): Promise<void> {
  await session.query('select pg_advisory_unlock(hashtext($1), $2)', runLockArgs(schema, runId));
}
