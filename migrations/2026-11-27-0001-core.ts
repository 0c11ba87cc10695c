/**
 * Core schema: the internal side (orders, order_payments, refunds), the MP side (report_files,
 * settlement and release rows, rejected_rows), and the engine (runs, mismatches). Frozen in time: never
 * import application code here. Tables are created in the connection's search_path, which mp-recon
 * points at RECON_SCHEMA. Money is numeric without a fixed scale so CLP (0 decimals) and ARS (2) are
 * both stored exactly as received.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table orders (
      order_id text primary key,
      external_reference text unique,
      site text not null,
      currency text not null,
      amount numeric not null check (amount >= 0),
      status text not null check (status in ('pending','paid','cancelled','refunded','partially_refunded')),
      created_at timestamptz not null,
      paid_at timestamptz,
      mp_merchant_order_id text,
      updated_at timestamptz not null default now()
    );
    create index orders_paid_at_idx on orders (paid_at);

    create table order_payments (
      mp_payment_id text primary key,
      order_id text not null references orders (order_id),
      amount numeric not null,
      currency text not null,
      status text not null,
      approved_at timestamptz,
      source text not null default 'import' check (source in ('import','notification','search')),
      updated_at timestamptz not null default now()
    );
    create index order_payments_order_idx on order_payments (order_id);

    create table refunds (
      refund_id text primary key,
      order_id text not null references orders (order_id),
      mp_payment_id text,
      mp_refund_id text,
      amount numeric not null check (amount > 0),
      currency text not null,
      status text not null check (status in ('requested','approved','rejected')),
      created_at timestamptz not null,
      updated_at timestamptz not null default now()
    );
    create index refunds_order_idx on refunds (order_id);

    create table report_files (
      id bigserial primary key,
      kind text not null check (kind in ('settlement','release')),
      file_name text not null,
      sha256 text not null,
      bytes bigint not null,
      site text not null,
      covers_from date not null,
      covers_to date not null,
      covered_start timestamptz not null,
      covered_end timestamptz not null,
      separator text not null,
      header_style text not null,
      number_style text not null,
      status text not null default 'ingested' check (status in ('ingested')),
      rows_read integer not null default 0,
      rows_stored integer not null default 0,
      rows_duplicate integer not null default 0,
      rows_rejected integer not null default 0,
      ingested_at timestamptz not null default now(),
      unique (kind, sha256)
    );

    create table mp_settlement_rows (
      id bigserial primary key,
      report_file_id bigint not null references report_files (id),
      line integer not null,
      natural_key text not null,
      occurrence integer not null,
      booked_at timestamptz not null,
      external_reference text,
      source_id text,
      user_id text,
      site text,
      transaction_type text not null,
      payment_method text,
      payment_method_type text,
      transaction_amount numeric not null,
      transaction_currency text,
      transaction_date timestamptz,
      fee_amount numeric,
      settlement_net_amount numeric,
      settlement_currency text,
      settlement_date timestamptz,
      real_amount numeric,
      coupon_amount numeric,
      mkp_fee_amount numeric,
      financing_fee_amount numeric,
      shipping_fee_amount numeric,
      taxes_amount numeric,
      installments text,
      order_id text,
      pack_id text,
      money_release_date timestamptz,
      description text,
      extra jsonb not null default '{}',
      unique (natural_key, occurrence)
    );
    create index mp_settlement_rows_ref_idx on mp_settlement_rows (external_reference);
    create index mp_settlement_rows_source_idx on mp_settlement_rows (source_id);
    create index mp_settlement_rows_booked_idx on mp_settlement_rows (booked_at);
    create index mp_settlement_rows_file_idx on mp_settlement_rows (report_file_id);

    create table mp_release_rows (
      id bigserial primary key,
      report_file_id bigint not null references report_files (id),
      line integer not null,
      natural_key text not null,
      occurrence integer not null,
      booked_at timestamptz,
      source_id text,
      external_reference text,
      record_type text,
      description text,
      net_credit_amount numeric,
      net_debit_amount numeric,
      gross_amount numeric,
      mp_fee_amount numeric,
      financing_fee_amount numeric,
      shipping_fee_amount numeric,
      taxes_amount numeric,
      coupon_amount numeric,
      balance_amount numeric,
      extra jsonb not null default '{}',
      unique (natural_key, occurrence)
    );
    create index mp_release_rows_file_idx on mp_release_rows (report_file_id);

    create table rejected_rows (
      id bigserial primary key,
      report_file_id bigint not null references report_files (id),
      line integer not null,
      code text not null,
      message text not null,
      raw text not null
    );
    create index rejected_rows_file_idx on rejected_rows (report_file_id);

    create table runs (
      id bigserial primary key,
      job text not null,
      window_from date,
      window_to date,
      dry_run boolean not null default false,
      status text not null check (status in ('running','succeeded','failed')),
      counts jsonb not null default '{}',
      error_code text,
      error_message text,
      started_at timestamptz not null default now(),
      finished_at timestamptz
    );

    create table mismatches (
      id bigserial primary key,
      kind text not null,
      subject text not null,
      status text not null default 'open' check (status in ('open','acknowledged','resolved')),
      site text not null,
      currency text,
      business_date date not null,
      external_reference text,
      order_id text,
      mp_payment_id text,
      expected_amount numeric,
      actual_amount numeric,
      difference numeric,
      details jsonb not null default '{}',
      report_file_id bigint references report_files (id),
      line integer,
      first_seen_run bigint not null references runs (id),
      last_seen_run bigint not null references runs (id),
      first_seen_at timestamptz not null default now(),
      last_seen_at timestamptz not null default now(),
      resolved_at timestamptz,
      resolution text,
      note text,
      unique (kind, subject)
    );
    create index mismatches_status_date_idx on mismatches (status, business_date);
  `.execute(db);

  await sql`
    create view v_open_mismatches as
      select id, kind, status, site, currency, business_date, external_reference, order_id, mp_payment_id,
             expected_amount, actual_amount, difference, first_seen_at, last_seen_at, details
        from mismatches
       where status in ('open', 'acknowledged');
    comment on view v_open_mismatches is 'Mismatches finance still has to act on (open or acknowledged), one row per order and kind.';
    comment on column v_open_mismatches.id is 'Stable mismatch id; use it with mp-recon mismatches ack|resolve.';
    comment on column v_open_mismatches.kind is 'What disagrees, e.g. amount_mismatch or payment_missing_in_report (see README).';
    comment on column v_open_mismatches.status is 'open, or acknowledged once someone took it.';
    comment on column v_open_mismatches.site is 'Mercado Pago site (MLA, MLB, ...).';
    comment on column v_open_mismatches.currency is 'ISO currency of the amounts.';
    comment on column v_open_mismatches.business_date is 'Day in the merchant timezone the mismatch belongs to.';
    comment on column v_open_mismatches.external_reference is 'The order external_reference, or the report row own reference when it matches no order.';
    comment on column v_open_mismatches.order_id is 'Internal order id, when the mismatch concerns a known order.';
    comment on column v_open_mismatches.mp_payment_id is 'Mercado Pago payment id (SOURCE_ID) involved, when one is.';
    comment on column v_open_mismatches.expected_amount is 'What our side says (orders, refunds), exact.';
    comment on column v_open_mismatches.actual_amount is 'What the Mercado Pago report says, exact.';
    comment on column v_open_mismatches.difference is 'actual_amount - expected_amount.';
    comment on column v_open_mismatches.first_seen_at is 'When a reconciliation run first found it.';
    comment on column v_open_mismatches.last_seen_at is 'When a reconciliation run last confirmed it.';
    comment on column v_open_mismatches.details is 'JSON with the evidence: report file, lines, statuses, counts.';

    create view v_mismatch_summary as
      select business_date, kind, currency, status, count(*)::bigint as mismatches,
             sum(expected_amount) as expected_amount, sum(actual_amount) as actual_amount,
             sum(difference) as difference
        from mismatches
       group by business_date, kind, currency, status;
    comment on view v_mismatch_summary is 'Mismatch counts and amount sums per business date, kind, currency and status.';
    comment on column v_mismatch_summary.business_date is 'Day in the merchant timezone.';
    comment on column v_mismatch_summary.kind is 'Mismatch kind.';
    comment on column v_mismatch_summary.currency is 'ISO currency of the sums.';
    comment on column v_mismatch_summary.status is 'open, acknowledged or resolved.';
    comment on column v_mismatch_summary.mismatches is 'Number of mismatches.';
    comment on column v_mismatch_summary.expected_amount is 'Sum of expected (internal) amounts.';
    comment on column v_mismatch_summary.actual_amount is 'Sum of actual (Mercado Pago) amounts.';
    comment on column v_mismatch_summary.difference is 'Sum of differences (actual - expected).';

    create view v_runs as
      select id, job, window_from, window_to, dry_run, status, counts, error_code, error_message,
             started_at, finished_at, finished_at - started_at as duration
        from runs;
    comment on view v_runs is 'One row per job run (ingest, reconcile, fetch, ...), newest has the highest id.';
    comment on column v_runs.id is 'Run id; mismatches point at their first and last run.';
    comment on column v_runs.job is 'Which job ran.';
    comment on column v_runs.window_from is 'First business date the run covered.';
    comment on column v_runs.window_to is 'Last business date the run covered.';
    comment on column v_runs.dry_run is 'True when nothing was written.';
    comment on column v_runs.status is 'running, succeeded or failed.';
    comment on column v_runs.counts is 'JSON counts: rows, mismatches found, new, resolved.';
    comment on column v_runs.error_code is 'Stable error code when the run failed.';
    comment on column v_runs.error_message is 'What went wrong, for an operator.';
    comment on column v_runs.started_at is 'When the run started.';
    comment on column v_runs.finished_at is 'When the run ended.';
    comment on column v_runs.duration is 'finished_at - started_at.';
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop view if exists v_runs;
    drop view if exists v_mismatch_summary;
    drop view if exists v_open_mismatches;
    drop table if exists mismatches, runs, rejected_rows, mp_release_rows, mp_settlement_rows, report_files,
      refunds, order_payments, orders;
  `.execute(db);
}
