/**
 * Release report ("released money"): the typed columns the release reconciliation matches on, each row's
 * cash role computed by the database, and finance's v_daily_cash. Frozen in time: never import
 * application code here.
 *
 * - New typed columns (read by the parser when the file has them): currency (CURRENCY), approved_at
 *   (TRANSACTION_APPROVAL_DATE), payment_method, payment_method_type, order_id, refund_id.
 * - Generated columns, from RECORD_TYPE and DESCRIPTION as given (both kept untouched): record_kind
 *   (normalised record type), description_code (the description MP meant, also when it cut it at 30
 *   characters), row_class (opening | movement | hold | payout | subtotal | total | balance_info |
 *   unknown), is_hold, payout_id. The two functions below are the SQL twin of
 *   test/helpers/release-row-class.ts; a later change replaces them in a new migration and re-adds the
 *   columns that use them (stored generated columns are computed once, at write).
 * - v_daily_cash: per business day (site timezone) and currency, the opening balance, what came in, went
 *   out, moved into holds, went to the bank, the closing balance and whether it agrees with what the
 *   reports state.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function release_description_code(description text) returns text
    language sql immutable parallel safe as $fn$
      select case
               when d = '' then null
               when d ~ '^(pre|pos)_(payout|withdrawal)_' then substring(d from '^((?:pre|pos)_(?:payout|withdrawal))_')
               -- MP cuts DESCRIPTION at 30 characters; the only documented value that long:
               when length(d) = 30 and left('reserve_for_bpp_shipping_return', 30) = d then 'reserve_for_bpp_shipping_return'
               else d
             end
        from (select lower(btrim(coalesce(description, ''), E' \\t\\r\\n')) as d) v
    $fn$;
    comment on function release_description_code(text) is 'The release-report DESCRIPTION a value stands for: full name when truncated at 30 characters, pre_payout/pos_payout/pre_withdrawal/pos_withdrawal without the id, else the value lower-cased.';

    create function release_row_class(record_type text, description text) returns text
    language sql immutable parallel safe as $fn$
      select case lower(btrim(coalesce(record_type, ''), E' \\t\\r\\n'))
               when 'initial_available_balance' then 'opening'
               when 'total' then 'total'
               when 'subtotal' then 'subtotal'
               when 'available_balance' then 'balance_info'
               when 'block' then 'hold'
               when 'unblock' then 'hold'
               when 'fullblock' then 'hold'
               when 'release' then
                 case
                   when starts_with(d, 'payout') or starts_with(d, 'withdrawal') then 'payout'
                   when starts_with(d, 'reserve_for_')
                     or d in ('dispute', 'shipping_return', 'restriction', 'judgment_bacen', 'fraud', 'trava_de_recibibles') then 'hold'
                   else 'movement'
                 end
               else 'unknown'
             end
        from (select lower(btrim(coalesce(description, ''), E' \\t\\r\\n')) as d) v
    $fn$;
    comment on function release_row_class(text, text) is 'Cash role of a release-report row: opening, movement, hold, payout, subtotal, total, balance_info or unknown.';

    alter table mp_release_rows
      add column currency text,
      add column approved_at timestamptz,
      add column payment_method text,
      add column payment_method_type text,
      add column order_id text,
      add column refund_id text,
      add column record_kind text generated always as (lower(btrim(record_type, E' \\t\\r\\n'))) stored,
      add column description_code text generated always as (release_description_code(description)) stored,
      add column row_class text generated always as (release_row_class(record_type, description)) stored,
      add column is_hold boolean generated always as (release_row_class(record_type, description) = 'hold') stored,
      add column payout_id text generated always as (
        case release_row_class(record_type, description)
          when 'payout' then nullif(source_id, '')
          when 'balance_info' then substring(lower(btrim(description, E' \\t\\r\\n')) from '^(?:pre|pos)_(?:payout|withdrawal)_(.+)$')
        end) stored;

    create index mp_release_rows_booked_idx on mp_release_rows (booked_at);
    create index mp_release_rows_source_idx on mp_release_rows (source_id);
    -- Each file's opening and closing rows are looked up by time; they are few.
    create index mp_release_rows_bounds_idx on mp_release_rows (row_class, booked_at) where row_class in ('opening', 'total');
    create index mp_settlement_rows_release_date_idx on mp_settlement_rows (money_release_date) where money_release_date is not null;
  `.execute(db);

  await sql`
    create view v_daily_cash as
    with site_info (site, currency, tz) as (
      values ('MLA', 'ARS', 'America/Argentina/Buenos_Aires'), ('MLB', 'BRL', 'America/Sao_Paulo'),
             ('MLM', 'MXN', 'America/Mexico_City'), ('MLC', 'CLP', 'America/Santiago'), ('MCO', 'COP', 'America/Bogota'),
             ('MPE', 'PEN', 'America/Lima'), ('MLU', 'UYU', 'America/Montevideo')
    ), r as (
      select f.site, coalesce(nullif(r.currency, ''), s.currency) as currency, r.row_class, r.booked_at,
             coalesce(r.net_credit_amount, 0) as cr, coalesce(r.net_debit_amount, 0) as db,
             coalesce((r.booked_at at time zone s.tz)::date,
                      case r.row_class when 'opening' then f.covers_from when 'total' then f.covers_to end) as day
        from mp_release_rows r
        join report_files f on f.id = r.report_file_id
        join site_info s on s.site = f.site
    ), d as (
      select site, currency, day,
             coalesce(sum(cr) filter (where row_class = 'movement'), 0) as credits,
             coalesce(sum(db) filter (where row_class = 'movement'), 0) as debits,
             coalesce(sum(db - cr) filter (where row_class = 'hold'), 0) as holds,
             coalesce(sum(db - cr) filter (where row_class = 'payout'), 0) as payouts,
             (array_agg(cr - db order by booked_at nulls first) filter (where row_class = 'opening'))[1] as reported_opening,
             (array_agg(cr - db order by booked_at desc nulls last) filter (where row_class = 'total'))[1] as reported_closing
        from r
       where day is not null
       group by site, currency, day
    ), anchored as (
      -- Each reported opening starts a chain that carries the balance forward day by day.
      select d.*, credits - debits - holds - payouts as flow,
             count(reported_opening) over (partition by site, currency order by day) as chain
        from d
    ), chained as (
      select anchored.*,
             first_value(reported_opening) over (partition by site, currency, chain order by day)
               + coalesce(sum(flow) over (partition by site, currency, chain order by day rows between unbounded preceding and 1 preceding), 0)
               as opening
        from anchored
    ), closed as (
      select chained.*, opening + flow as closing,
             lag(day) over (partition by site, currency order by day) as prev_day,
             lag(opening + flow) over (partition by site, currency order by day) as prev_closing
        from chained
    )
    select site, currency, day as business_date, opening, credits, debits, holds, payouts, closing, reported_closing,
           case
             when reported_closing is null and (reported_opening is null or prev_day is distinct from day - 1 or prev_closing is null) then null
             else coalesce(closing = reported_closing, true)
                  and (reported_opening is null or prev_day is distinct from day - 1 or prev_closing is null or reported_opening = prev_closing)
           end as balances
      from closed;
    comment on view v_daily_cash is 'The available balance day by day, from the release reports: opening + credits - debits - holds - payouts = closing, and whether that agrees with the balances the reports state. Rows repeated by overlapping reports count once.';
    comment on column v_daily_cash.site is 'Mercado Pago site of the release reports (MLA, MLB, ...).';
    comment on column v_daily_cash.currency is 'ISO currency: the CURRENCY column when the report has it, else the site''s currency.';
    comment on column v_daily_cash.business_date is 'Day in the site''s timezone (RECON_TIMEZONE overrides are not applied here).';
    comment on column v_daily_cash.opening is 'Available balance when the day opens: a report''s initial_available_balance for that day, else the previous day''s closing carried forward; null until a report states one.';
    comment on column v_daily_cash.credits is 'Money that became available for good: NET_CREDIT_AMOUNT of release rows that are neither holds nor payouts (payments released, cancelled refunds, ...).';
    comment on column v_daily_cash.debits is 'Money taken out for good: NET_DEBIT_AMOUNT of release rows that are neither holds nor payouts (refunds, chargebacks, fees, taxes, ...).';
    comment on column v_daily_cash.holds is 'Net money moved into holds (block, fullblock, reserve_for_*, dispute) minus holds released (unblock, released reserves); negative when more was released than held. A reserve and its release in the same day net to zero.';
    comment on column v_daily_cash.payouts is 'Net money sent to the bank (payout, withdrawal) minus transfers that came back.';
    comment on column v_daily_cash.closing is 'opening + credits - debits - holds - payouts; null when opening is.';
    comment on column v_daily_cash.reported_closing is 'Closing balance a report states for the day: its total row (NET_CREDIT - NET_DEBIT, which includes the initial balance); null when no report ends that day.';
    comment on column v_daily_cash.balances is 'True when every balance the reports state for the day agrees with the computed one (closing = reported_closing, and a reported opening = the previous day''s closing); false when one does not (see balance_break mismatches); null when no report states a balance to compare.';
  `.execute(db);

  await sql`
    do $$
    begin
      if exists (select 1 from pg_roles where rolname = 'recon_reader') then
        execute format('grant select on %I.v_daily_cash to recon_reader', current_schema());
      end if;
    exception
      when insufficient_privilege or feature_not_supported or object_not_in_prerequisite_state then
        raise notice 'mp-recon: v_daily_cash not granted to recon_reader (%); finance can still read it as the owner', sqlerrm;
    end $$;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop view if exists v_daily_cash;
    drop index if exists mp_settlement_rows_release_date_idx;
    drop index if exists mp_release_rows_bounds_idx;
    drop index if exists mp_release_rows_source_idx;
    drop index if exists mp_release_rows_booked_idx;
    alter table mp_release_rows
      drop column if exists payout_id,
      drop column if exists is_hold,
      drop column if exists row_class,
      drop column if exists description_code,
      drop column if exists record_kind,
      drop column if exists refund_id,
      drop column if exists order_id,
      drop column if exists payment_method_type,
      drop column if exists payment_method,
      drop column if exists approved_at,
      drop column if exists currency;
    drop function if exists release_row_class(text, text);
    drop function if exists release_description_code(text);
  `.execute(db);
}
