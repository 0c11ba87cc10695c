/**
 * The mismatch-event trigger for updates pairs each updated row with its old version by joining the
 * statement's two transition tables. Those have no statistics, and the planner joined them with a
 * nested loop: a re-run that confirms 20k open mismatches spent 18 s there, 100k never finished
 * (quadratic). With nested loops off inside the function the pairing is one hash join: linear.
 * Frozen in time: never import application code here.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter function record_mismatch_updates() set enable_nestloop = off`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter function record_mismatch_updates() reset enable_nestloop`.execute(db);
}
