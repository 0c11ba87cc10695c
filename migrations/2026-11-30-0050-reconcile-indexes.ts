/**
 * Reconcile reads the refunds created in its window: an index on created_at keeps that read to the
 * window's refunds instead of every refund ever imported. Frozen in time: never import application code.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index if not exists refunds_created_at_idx on refunds (created_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists refunds_created_at_idx`.execute(db);
}
