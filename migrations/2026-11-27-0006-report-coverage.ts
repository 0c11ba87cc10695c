/**
 * The same bytes may cover different days: a report of a quiet period is a header-only file, identical
 * for every period. Identity of an ingested report is therefore (kind, sha256, days covered), so each
 * quiet period is recorded as covered; the same file for the same days is still a no-op.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table report_files drop constraint report_files_kind_sha256_key;
    alter table report_files add constraint report_files_kind_sha256_days_key unique (kind, sha256, covers_from, covers_to);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    alter table report_files drop constraint report_files_kind_sha256_days_key;
    alter table report_files add constraint report_files_kind_sha256_key unique (kind, sha256);
  `.execute(db);
}
