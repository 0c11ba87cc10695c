/**
 * Integrity at the ingest boundary (issue 10, items 1, 3, 4 and 5):
 * - report_files.encoding: the encoding a file was read in (MP writes UTF-8; anything else is read as
 *   Windows-1252 and said so).
 * - report_files.status gains `rejected` (a file none of whose rows could be stored: kept with its
 *   rejected rows for inspection, covers nothing) and `retracted` (undone by `files retract`: its rows
 *   and coverage removed, the record kept for the history). Only `ingested` files count: the identity
 *   of an ingested file (kind, sha256, days) becomes a unique index over ingested files only, so a
 *   retracted or rejected file can be ingested again.
 * - report_requests: every report this database asked Mercado Pago for (kind, days, task, MP's file
 *   name, and the sha256 once downloaded whole), so a file on disk is reused only when this database
 *   asked for it.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table report_files add column encoding text not null default 'utf-8' check (encoding in ('utf-8', 'windows-1252'));
    alter table report_files add column retracted_at timestamptz;
    alter table report_files add column retract_note text;
    alter table report_files drop constraint report_files_status_check;
    alter table report_files add constraint report_files_status_check check (status in ('ingested', 'rejected', 'retracted'));
    alter table report_files drop constraint report_files_kind_sha256_days_key;
    create unique index report_files_ingested_identity_key on report_files (kind, sha256, covers_from, covers_to) where status = 'ingested';
    create index report_files_status_idx on report_files (status, kind);

    create table report_requests (
      id bigserial primary key,
      kind text not null check (kind in ('settlement', 'release')),
      site text not null,
      covers_from date not null,
      covers_to date not null,
      mp_task_id text,
      file_name text,
      sha256 text,
      requested_at timestamptz not null default now(),
      downloaded_at timestamptz
    );
    create index report_requests_days_idx on report_requests (kind, site, covers_from, covers_to);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table report_requests;
    delete from rejected_rows where report_file_id in (select id from report_files where status <> 'ingested');
    update mismatches set report_file_id = null where report_file_id in (select id from report_files where status <> 'ingested');
    delete from report_files where status <> 'ingested';
    drop index report_files_status_idx;
    drop index report_files_ingested_identity_key;
    alter table report_files add constraint report_files_kind_sha256_days_key unique (kind, sha256, covers_from, covers_to);
    alter table report_files drop constraint report_files_status_check;
    alter table report_files add constraint report_files_status_check check (status in ('ingested'));
    alter table report_files drop column retract_note;
    alter table report_files drop column retracted_at;
    alter table report_files drop column encoding;
  `.execute(db);
}
