/**
 * Finance's read side: two views the HTML report and finance's own SQL need beyond the core views, and a
 * `recon_reader` role that may read the views and nothing else. Frozen in time: never import application
 * code here. Views run with their owner's rights, so SELECT on a view is enough to read it without any
 * right on the tables behind it.
 *
 * - v_settled_payments: every SETTLEMENT row of the settlement reports, matched to its order the way the
 *   reconciler matches (EXTERNAL_REFERENCE first, then SOURCE_ID through order_payments), and whether an
 *   open or acknowledged mismatch touches it. "Reconciled" money is the sum of the untouched rows.
 * - v_open_mismatch_provenance: where each open mismatch came from (report file and line, first and
 *   last run), joined to v_open_mismatches by id.
 *
 * Roles belong to the whole server, not to a database or schema: another mp-recon schema or database may
 * already have created recon_reader, two migrations may race to create it, and PGlite or a user without
 * CREATEROLE cannot create it at all. So the role is created only when missing, a lost race counts as
 * created, and any lack of privilege or support skips the grants with a NOTICE instead of failing.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create view v_settled_payments as
      select r.id, f.site, r.transaction_currency as currency, r.booked_at,
             nullif(r.external_reference, '') as external_reference, r.source_id as mp_payment_id,
             coalesce(o_ref.order_id, op.order_id) as order_id, r.transaction_amount as amount,
             r.report_file_id, f.file_name as report_file_name, r.line,
             (by_order.order_id is not null or by_subject.subject is not null) as in_open_mismatch
        from mp_settlement_rows r
        join report_files f on f.id = r.report_file_id
        left join orders o_ref on o_ref.external_reference = r.external_reference
        left join order_payments op on o_ref.order_id is null and op.mp_payment_id = r.source_id
        -- Joins to the (small, distinct) sets of open keys rather than a correlated EXISTS with an OR,
        -- which Postgres runs once per row: minutes instead of a second on a month of rows.
        left join (select distinct site, order_id from mismatches
                    where status in ('open', 'acknowledged') and order_id is not null) by_order
               on by_order.site = f.site and by_order.order_id = coalesce(o_ref.order_id, op.order_id)
        left join (select distinct site, subject from mismatches
                    where status in ('open', 'acknowledged') and order_id is null) by_subject
               on by_subject.site = f.site
              and by_subject.subject = case when nullif(r.external_reference, '') is not null then 'ref:' || r.external_reference
                                            when nullif(r.source_id, '') is not null then 'payment:' || r.source_id
                                            else 'row:' || r.natural_key end
       where upper(r.transaction_type) = 'SETTLEMENT';
    comment on view v_settled_payments is 'One row per SETTLEMENT row (a payment Mercado Pago settled) of the ingested settlement reports, with the order it matched and whether an open mismatch touches it.';
    comment on column v_settled_payments.id is 'Report row id.';
    comment on column v_settled_payments.site is 'Mercado Pago site of the report file (MLA, MLB, ...).';
    comment on column v_settled_payments.currency is 'TRANSACTION_CURRENCY of the row.';
    comment on column v_settled_payments.booked_at is 'When the row was booked (SETTLEMENT_DATE, else TRANSACTION_DATE); its business date is booked_at at time zone of the merchant.';
    comment on column v_settled_payments.external_reference is 'EXTERNAL_REFERENCE of the row (null when empty).';
    comment on column v_settled_payments.mp_payment_id is 'SOURCE_ID of the row: the Mercado Pago payment id.';
    comment on column v_settled_payments.order_id is 'Internal order the row matched (by external_reference, else by payment id), null when it matched none.';
    comment on column v_settled_payments.amount is 'TRANSACTION_AMOUNT: the gross amount settled, exact.';
    comment on column v_settled_payments.report_file_id is 'Report file the row was read from.';
    comment on column v_settled_payments.report_file_name is 'Name of that report file.';
    comment on column v_settled_payments.line is 'Line of the row in that file.';
    comment on column v_settled_payments.in_open_mismatch is 'True when an open or acknowledged mismatch touches the row: any mismatch of its order, or a mismatch about the row itself (its reference, else its payment id) that names no order. False means reconciled.';

    create view v_open_mismatch_provenance as
      select m.id, m.report_file_id, f.file_name as report_file_name, f.kind as report_kind, m.line,
             m.first_seen_run, m.last_seen_run
        from mismatches m
        left join report_files f on f.id = m.report_file_id
       where m.status in ('open', 'acknowledged');
    comment on view v_open_mismatch_provenance is 'Where each open or acknowledged mismatch comes from; join to v_open_mismatches on id.';
    comment on column v_open_mismatch_provenance.id is 'Mismatch id, as in v_open_mismatches.id.';
    comment on column v_open_mismatch_provenance.report_file_id is 'Report file holding the first report row involved; null when no report row is involved (e.g. payment_missing_in_report).';
    comment on column v_open_mismatch_provenance.report_file_name is 'Name of that report file.';
    comment on column v_open_mismatch_provenance.report_kind is 'settlement or release.';
    comment on column v_open_mismatch_provenance.line is 'Line of that row in the file (details lists every line involved).';
    comment on column v_open_mismatch_provenance.first_seen_run is 'Reconciliation run (v_runs.id) that first found the mismatch.';
    comment on column v_open_mismatch_provenance.last_seen_run is 'Reconciliation run (v_runs.id) that last confirmed it.';
  `.execute(db);
  await grantReader(db);
}

async function grantReader(db: Kysely<any>): Promise<void> {
  await sql`
    do $$
    begin
      begin
        if not exists (select 1 from pg_roles where rolname = 'recon_reader') then
          create role recon_reader nologin;
        end if;
      exception
        -- Another migration (another schema or database on this server) created it a moment ago.
        when duplicate_object or unique_violation then null;
      end;
      execute format('grant usage on schema %I to recon_reader', current_schema());
      -- Views only, never the tables: a view reads its tables with its owner's rights.
      execute format('grant select on %1$I.v_open_mismatches, %1$I.v_mismatch_summary, %1$I.v_runs, '
                     '%1$I.v_settled_payments, %1$I.v_open_mismatch_provenance to recon_reader', current_schema());
    exception
      when insufficient_privilege or feature_not_supported or object_not_in_prerequisite_state then
        raise notice 'mp-recon: role recon_reader not created or granted (%); finance can still read the views as the owner', sqlerrm;
    end $$;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  // The role may serve other schemas on this server: take back only what this schema granted.
  await sql`
    do $$
    begin
      if exists (select 1 from pg_roles where rolname = 'recon_reader') then
        execute format('revoke all on all tables in schema %I from recon_reader', current_schema());
        execute format('revoke usage on schema %I from recon_reader', current_schema());
      end if;
    exception
      when insufficient_privilege then raise notice 'mp-recon: could not revoke from recon_reader (%)', sqlerrm;
    end $$;
    drop view if exists v_open_mismatch_provenance;
    drop view if exists v_settled_payments;
  `.execute(db);
}
