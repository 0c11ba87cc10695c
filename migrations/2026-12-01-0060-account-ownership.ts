/**
 * Everything belongs to an account (issue: many accounts, seven sites). Frozen in time: never import
 * application code here.
 *
 * - Every owned table gains account_id. Existing rows land in `default`, the account of a database
 *   with none defined; the column default is dropped right after, so a write that forgets its
 *   account fails instead of landing in someone else's books.
 * - Keys and the indexes reads go through gain account_id first: two accounts may use the same order
 *   id or reference, and one account's reads walk only its own part of each index.
 * - The two report-row tables become LIST partitions by account: the existing rows become the
 *   `default` partition (their indexes are kept and attached, not rebuilt); `accounts add` creates an
 *   account's partitions. One account's load, reconcile or retract never touches another's indexes.
 * - The finance views gain account_id (as their last column: a view's columns cannot move).
 */
import { type Kysely, sql } from 'kysely';

const OWNED = ['report_files', 'rejected_rows', 'report_requests', 'report_tasks', 'orders', 'order_payments', 'refunds', 'runs', 'mismatches'];

/** The indexes of each row table, created on the partitioned parent under their old names. */
const ROW_INDEXES: Record<string, Record<string, string>> = {
  mp_settlement_rows: {
    mp_settlement_rows_booked_idx: 'using brin (booked_at)',
    mp_settlement_rows_file_idx: 'using brin (report_file_id)',
    mp_settlement_rows_ref_idx: '(external_reference)',
    mp_settlement_rows_source_idx: '(source_id)',
    mp_settlement_rows_release_date_idx: '(money_release_date) where money_release_date is not null',
  },
  mp_release_rows: {
    mp_release_rows_booked_idx: 'using brin (booked_at)',
    mp_release_rows_file_idx: 'using brin (report_file_id)',
    mp_release_rows_source_idx: '(source_id)',
    mp_release_rows_bounds_idx: "(row_class, booked_at) where row_class in ('opening', 'total')",
  },
};

export async function up(db: Kysely<any>): Promise<void> {
  for (const table of OWNED) {
    await sql.raw(`alter table ${table} add column account_id text not null default 'default'; alter table ${table} alter column account_id drop default`).execute(db);
  }
  // A notification whose user_id is no account's is kept (and ignored), so its account may be unknown.
  await sql`alter table notifications add column account_id text`.execute(db);
  await sql`update notifications set account_id = 'default'`.execute(db);

  await sql`
    drop index report_files_ingested_identity_key, report_files_status_idx, report_requests_days_idx;
    create unique index report_files_ingested_identity_key on report_files (account_id, kind, sha256, covers_from, covers_to) where status = 'ingested';
    create index report_files_status_idx on report_files (account_id, status, kind);
    create index report_requests_days_idx on report_requests (account_id, kind, covers_from, covers_to);
    alter table report_tasks drop constraint report_tasks_pkey, add primary key (account_id, kind, site, covers_from, covers_to);

    alter table order_payments drop constraint order_payments_order_id_fkey;
    alter table refunds drop constraint refunds_order_id_fkey;
    alter table orders drop constraint orders_pkey, drop constraint orders_external_reference_key,
      add primary key (account_id, order_id), add constraint orders_external_reference_key unique (account_id, external_reference);
    drop index orders_paid_at_idx, orders_pending_idx, orders_sync_queue_idx;
    create index orders_paid_at_idx on orders (account_id, paid_at);
    create index orders_pending_idx on orders (account_id, created_at) where status = 'pending';
    create index orders_sync_queue_idx on orders (account_id, last_synced_at nulls first, created_at) where status = 'pending' and sync_state = 'active';

    alter table order_payments drop constraint order_payments_pkey, add primary key (account_id, mp_payment_id),
      add constraint order_payments_order_id_fkey foreign key (account_id, order_id) references orders (account_id, order_id);
    drop index order_payments_order_idx;
    create index order_payments_order_idx on order_payments (account_id, order_id);

    alter table refunds drop constraint refunds_pkey, drop constraint refunds_idempotency_key_key,
      add primary key (account_id, refund_id), add constraint refunds_idempotency_key_key unique (account_id, idempotency_key),
      add constraint refunds_order_id_fkey foreign key (account_id, order_id) references orders (account_id, order_id);
    drop index refunds_order_idx, refunds_created_at_idx, refunds_mp_refund_idx;
    create index refunds_order_idx on refunds (account_id, order_id);
    create index refunds_created_at_idx on refunds (account_id, created_at);
    create index refunds_mp_refund_idx on refunds (account_id, mp_refund_id);

    alter table mismatches drop constraint mismatches_kind_subject_key, add constraint mismatches_kind_subject_key unique (account_id, kind, subject);
    drop index mismatches_status_date_idx;
    create index mismatches_status_date_idx on mismatches (account_id, status, business_date);
    create index runs_account_idx on runs (account_id, job, id);
    create index notifications_account_idx on notifications (account_id, received_at);
  `.execute(db);

  for (const [table, indexes] of Object.entries(ROW_INDEXES)) await partitionByAccount(db, table, indexes);
  await replaceViews(db);
}

/**
 * The table becomes the `default` partition of a new parent of the same name. Its indexes are renamed
 * and then matched by the parent's when it is attached, so nothing is rebuilt but the primary key,
 * which must now hold the partition key. The id sequence passes to the parent, so dropping one
 * account's partition never drops the numbering every account shares.
 */
async function partitionByAccount(db: Kysely<any>, table: string, indexes: Record<string, string>): Promise<void> {
  const part = `${table}_default`;
  const statements = [
    `alter table ${table} add column account_id text not null default 'default'`,
    `alter table ${table} alter column account_id drop default`,
    `alter table ${table} rename to ${part}`,
    `alter table ${part} drop constraint ${table}_pkey`,
    ...Object.keys(indexes).map((name) => `alter index ${name} rename to ${name.replace(table, part)}`),
    `create table ${table} (like ${part} including defaults including generated including constraints including comments including storage) partition by list (account_id)`,
    `alter table ${table} add constraint ${table}_pkey primary key (account_id, id)`,
    ...Object.entries(indexes).map(([name, how]) => `create index ${name} on ${table} ${how}`),
    `alter sequence ${table}_id_seq owned by ${table}.id`,
    `alter table ${table} attach partition ${part} for values in ('default')`,
    `comment on column ${table}.account_id is 'The account (mp-recon accounts list) whose report the row was read from; the table is partitioned by it.'`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}

async function replaceViews(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace view v_open_mismatches as
      select id, kind, status, site, currency, business_date, external_reference, order_id, mp_payment_id,
             expected_amount, actual_amount, difference, first_seen_at, last_seen_at, details,
             assignee, note as latest_note, account_id
        from mismatches
       where status in ('open', 'acknowledged');
    comment on column v_open_mismatches.account_id is 'The account (mp-recon accounts list) the mismatch belongs to.';

    create or replace view v_mismatch_summary as
      select business_date, kind, currency, status, count(*)::bigint as mismatches,
             sum(expected_amount) as expected_amount, sum(actual_amount) as actual_amount,
             sum(difference) as difference, account_id, site
        from mismatches
       group by account_id, site, business_date, kind, currency, status;
    comment on column v_mismatch_summary.account_id is 'The account the mismatches belong to.';
    comment on column v_mismatch_summary.site is 'Mercado Pago site of that account (MLA, MLB, ...).';

    create or replace view v_runs as
      select id, job, window_from, window_to, dry_run, status, counts, error_code, error_message,
             started_at, finished_at, finished_at - started_at as duration, account_id
        from runs;
    comment on column v_runs.account_id is 'The account the run worked on.';

    create or replace view v_mismatch_events as
      select e.id, e.mismatch_id, m.kind, m.external_reference, e.at, e.actor, e.action, e.note, e.run_id, m.account_id
        from mismatch_events e join mismatches m on m.id = e.mismatch_id;
    comment on column v_mismatch_events.account_id is 'The account of the mismatch.';

    create or replace view v_open_mismatch_provenance as
      select m.id, m.report_file_id, f.file_name as report_file_name, f.kind as report_kind, m.line,
             m.first_seen_run, m.last_seen_run, m.account_id
        from mismatches m
        left join report_files f on f.id = m.report_file_id
       where m.status in ('open', 'acknowledged');
    comment on column v_open_mismatch_provenance.account_id is 'The account of the mismatch.';

    create or replace view v_settled_payments as
      select r.id, f.site, r.transaction_currency as currency, r.booked_at,
             nullif(r.external_reference, '') as external_reference, r.source_id as mp_payment_id,
             coalesce(o_ref.order_id, op.order_id) as order_id, r.transaction_amount as amount,
             r.report_file_id, f.file_name as report_file_name, r.line,
             (by_order.order_id is not null or by_subject.subject is not null) as in_open_mismatch,
             r.account_id
        from mp_settlement_rows r
        join report_files f on f.id = r.report_file_id
        left join orders o_ref on o_ref.account_id = r.account_id and o_ref.external_reference = r.external_reference
        left join order_payments op on o_ref.order_id is null and op.account_id = r.account_id and op.mp_payment_id = r.source_id
        left join (select distinct account_id, order_id from mismatches
                    where status in ('open', 'acknowledged') and order_id is not null) by_order
               on by_order.account_id = r.account_id and by_order.order_id = coalesce(o_ref.order_id, op.order_id)
        left join (select distinct account_id, subject from mismatches
                    where status in ('open', 'acknowledged') and order_id is null) by_subject
               on by_subject.account_id = r.account_id
              and by_subject.subject = case when nullif(r.external_reference, '') is not null then 'ref:' || r.external_reference
                                            when nullif(r.source_id, '') is not null then 'payment:' || r.source_id
                                            else 'row:' || r.natural_key end
       where upper(r.transaction_type) = 'SETTLEMENT';
    comment on column v_settled_payments.account_id is 'The account whose settlement report holds the row.';
  `.execute(db);
  await sql`
    create or replace view v_daily_cash as
    with site_info (site, currency, tz) as (
      values ('MLA', 'ARS', 'America/Argentina/Buenos_Aires'), ('MLB', 'BRL', 'America/Sao_Paulo'),
             ('MLM', 'MXN', 'America/Mexico_City'), ('MLC', 'CLP', 'America/Santiago'), ('MCO', 'COP', 'America/Bogota'),
             ('MPE', 'PEN', 'America/Lima'), ('MLU', 'UYU', 'America/Montevideo')
    ), r as (
      select r.account_id, f.site, coalesce(nullif(r.currency, ''), s.currency) as currency, r.row_class, r.booked_at,
             coalesce(r.net_credit_amount, 0) as cr, coalesce(r.net_debit_amount, 0) as db,
             coalesce((r.booked_at at time zone s.tz)::date,
                      case r.row_class when 'opening' then f.covers_from when 'total' then f.covers_to end) as day
        from mp_release_rows r
        join report_files f on f.id = r.report_file_id
        join site_info s on s.site = f.site
    ), d as (
      select account_id, site, currency, day,
             coalesce(sum(cr) filter (where row_class = 'movement'), 0) as credits,
             coalesce(sum(db) filter (where row_class = 'movement'), 0) as debits,
             coalesce(sum(db - cr) filter (where row_class = 'hold'), 0) as holds,
             coalesce(sum(db - cr) filter (where row_class = 'payout'), 0) as payouts,
             (array_agg(cr - db order by booked_at nulls first) filter (where row_class = 'opening'))[1] as reported_opening,
             (array_agg(cr - db order by booked_at desc nulls last) filter (where row_class = 'total'))[1] as reported_closing
        from r
       where day is not null
       group by account_id, site, currency, day
    ), anchored as (
      -- Each reported opening starts a chain that carries the balance forward day by day.
      select d.*, credits - debits - holds - payouts as flow,
             count(reported_opening) over (partition by account_id, currency order by day) as chain
        from d
    ), chained as (
      select anchored.*,
             first_value(reported_opening) over (partition by account_id, currency, chain order by day)
               + coalesce(sum(flow) over (partition by account_id, currency, chain order by day rows between unbounded preceding and 1 preceding), 0)
               as opening
        from anchored
    ), closed as (
      select chained.*, opening + flow as closing,
             lag(day) over (partition by account_id, currency order by day) as prev_day,
             lag(opening + flow) over (partition by account_id, currency order by day) as prev_closing
        from chained
    )
    select site, currency, day as business_date, opening, credits, debits, holds, payouts, closing, reported_closing,
           case
             when reported_closing is null and (reported_opening is null or prev_day is distinct from day - 1 or prev_closing is null) then null
             else coalesce(closing = reported_closing, true)
                  and (reported_opening is null or prev_day is distinct from day - 1 or prev_closing is null or reported_opening = prev_closing)
           end as balances,
           account_id
      from closed;
    comment on column v_daily_cash.account_id is 'The account whose release reports the day comes from; each account has its own balance.';
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('2026-12-01-0060-account-ownership cannot be undone: rows of several accounts cannot be folded back into one account');
}
