/**
 * Every advisory lock mp-recon takes is named here, by (schema, purpose[, kind]): two installs in one
 * database (two RECON_SCHEMA values) never block each other, while within one schema the lock still
 * excludes a second runner. The name is hashed by Postgres (hashtext) into the lock's key; run locks
 * use the two-key form (name, run id), a space apart from the single-key locks.
 *
 * - job: one fetch / backfill / nightly runner at a time (job-lock.ts, a session lock);
 * - ingest: one ingest of a report kind at a time (the transaction's lock);
 * - reconcile: one reconciliation of a site at a time (the transaction's lock);
 * - run: held by the process doing a run, so others can tell an abandoned run (run-liveness.ts).
 */
import { sql } from 'kysely';
import type { Transaction } from '../db/transaction.ts';

export type LockPurpose = 'job' | 'ingest' | 'reconcile' | 'run';

export function lockName(schema: string, purpose: LockPurpose, kind?: string): string {
  return kind === undefined ? `mp-recon:${schema}:${purpose}` : `mp-recon:${schema}:${purpose}:${kind}`;
}

/** Waits for the lock; it is held until the transaction ends (commit or rollback). */
export async function lockForTransaction(tx: Transaction, schema: string, purpose: 'ingest' | 'reconcile', kind: string): Promise<void> {
  await tx.run(sql`select pg_advisory_xact_lock(hashtext(${lockName(schema, purpose, kind)}))`);
}
