/**
 * Ingest throughput (issue: ingest and reconcile within 2x the floor). Frozen in time: never import
 * application code here.
 *
 * - The unique (natural_key, occurrence) indexes go: ingest now compares a file's rows only with the
 *   stored rows booked within the file's own span (a duplicate shares its booking instant, which is
 *   part of the key) under a per-kind ingest lock, instead of maintaining a random-keyed index on every
 *   row of every load.
 * - The row tables' foreign keys to report_files go: they cost a lookup per inserted row, and rows
 *   are only ever written by the ingest transaction that creates their file row (and removed before it).
 * - booked_at and report_file_id are indexed with BRIN instead of btree: rows arrive file by file, in
 *   time order within a file, so block ranges summarise them tightly, and a BRIN costs next to nothing
 *   to maintain (measured: the four secondary btrees cost as much as writing the rows themselves).
 * - The release-row classification functions are rewritten as single expressions, which Postgres
 *   inlines into the generated columns instead of running a SQL function per row and column. Same
 *   results; the stored values do not change.
 */
import { type Kysely, sql } from 'kysely';

const D = `lower(btrim(coalesce(description, ''), E' \\t\\r\\n'))`;
const RT = `lower(btrim(coalesce(record_type, ''), E' \\t\\r\\n'))`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table mp_settlement_rows drop constraint mp_settlement_rows_natural_key_occurrence_key,
                                   drop constraint mp_settlement_rows_report_file_id_fkey;
    alter table mp_release_rows drop constraint mp_release_rows_natural_key_occurrence_key,
                                drop constraint mp_release_rows_report_file_id_fkey;
    drop index mp_settlement_rows_booked_idx, mp_settlement_rows_file_idx, mp_release_rows_booked_idx, mp_release_rows_file_idx;
    create index mp_settlement_rows_booked_idx on mp_settlement_rows using brin (booked_at);
    create index mp_settlement_rows_file_idx on mp_settlement_rows using brin (report_file_id);
    create index mp_release_rows_booked_idx on mp_release_rows using brin (booked_at);
    create index mp_release_rows_file_idx on mp_release_rows using brin (report_file_id);
  `.execute(db);
  await sql
    .raw(`
    create or replace function release_description_code(description text) returns text
    language sql immutable parallel safe as $fn$
      select case
               when ${D} = '' then null
               when ${D} ~ '^(pre|pos)_(payout|withdrawal)_' then substring(${D} from '^((?:pre|pos)_(?:payout|withdrawal))_')
               when length(${D}) = 30 and left('reserve_for_bpp_shipping_return', 30) = ${D} then 'reserve_for_bpp_shipping_return'
               else ${D}
             end
    $fn$;

    create or replace function release_row_class(record_type text, description text) returns text
    language sql immutable parallel safe as $fn$
      select case ${RT}
               when 'initial_available_balance' then 'opening'
               when 'total' then 'total'
               when 'subtotal' then 'subtotal'
               when 'available_balance' then 'balance_info'
               when 'block' then 'hold'
               when 'unblock' then 'hold'
               when 'fullblock' then 'hold'
               when 'release' then
                 case
                   when starts_with(${D}, 'payout') or starts_with(${D}, 'withdrawal') then 'payout'
                   when starts_with(${D}, 'reserve_for_')
                     or ${D} in ('dispute', 'shipping_return', 'restriction', 'judgment_bacen', 'fraud', 'trava_de_recibibles') then 'hold'
                   else 'movement'
                 end
               else 'unknown'
             end
    $fn$;
  `)
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop index mp_settlement_rows_booked_idx, mp_settlement_rows_file_idx, mp_release_rows_booked_idx, mp_release_rows_file_idx;
    create index mp_settlement_rows_booked_idx on mp_settlement_rows (booked_at);
    create index mp_settlement_rows_file_idx on mp_settlement_rows (report_file_id);
    create index mp_release_rows_booked_idx on mp_release_rows (booked_at);
    create index mp_release_rows_file_idx on mp_release_rows (report_file_id);
    alter table mp_settlement_rows add constraint mp_settlement_rows_natural_key_occurrence_key unique (natural_key, occurrence),
      add constraint mp_settlement_rows_report_file_id_fkey foreign key (report_file_id) references report_files (id);
    alter table mp_release_rows add constraint mp_release_rows_natural_key_occurrence_key unique (natural_key, occurrence),
      add constraint mp_release_rows_report_file_id_fkey foreign key (report_file_id) references report_files (id);
  `.execute(db);
}
