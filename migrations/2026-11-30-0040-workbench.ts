/**
 * The finance workbench: an audit trail of every change to a mismatch, an assignee, web users and their
 * sessions.
 *
 * Lifecycle events the reconcile merge causes (opened, auto_resolved, reopened) are written by
 * statement-level triggers with transition tables, set-based, so a 100k-row merge costs one extra
 * INSERT ... SELECT and the reconcile job needs no change. Manual actions (ack, resolve, assign,
 * comment) write their own event rows with the actor and note, inside a transaction that sets
 * `mp_recon.manual` to `on` (transaction-local); the triggers skip such statements, so nothing is
 * recorded twice.
 *
 * mismatch_events has no foreign keys on purpose: a row-level FK check per event would double the cost
 * of a large merge (measured at 100k rows), and mismatches and runs are never deleted.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table mismatches add column assignee text;

    create table mismatch_events (
      id bigserial primary key,
      mismatch_id bigint not null,
      at timestamptz not null default now(),
      actor text not null,
      action text not null check (action in ('opened','acknowledged','assigned','commented','resolved','auto_resolved','reopened')),
      note text,
      run_id bigint
    );
    create index mismatch_events_mismatch_idx on mismatch_events (mismatch_id, id);

    create function record_mismatch_inserts() returns trigger language plpgsql
      set search_path from current as $fn$
    begin
      if coalesce(current_setting('mp_recon.manual', true), '') = 'on' then return null; end if;
      insert into mismatch_events (mismatch_id, actor, action, run_id)
        select n.id, 'mp-recon', 'opened', n.first_seen_run from new_rows n;
      return null;
    end $fn$;

    create function record_mismatch_updates() returns trigger language plpgsql
      set search_path from current as $fn$
    begin
      if coalesce(current_setting('mp_recon.manual', true), '') = 'on' then return null; end if;
      insert into mismatch_events (mismatch_id, actor, action, run_id)
        select n.id, 'mp-recon', case when n.status = 'resolved' then 'auto_resolved' else 'reopened' end, n.last_seen_run
          from new_rows n join old_rows o on o.id = n.id
         where (o.status <> 'resolved' and n.status = 'resolved' and n.resolution = 'auto')
            or (o.status = 'resolved' and n.status <> 'resolved');
      return null;
    end $fn$;

    create trigger mismatches_record_inserts after insert on mismatches
      referencing new table as new_rows for each statement execute function record_mismatch_inserts();
    create trigger mismatches_record_updates after update on mismatches
      referencing old table as old_rows new table as new_rows for each statement execute function record_mismatch_updates();

    create table users (
      name text primary key,
      role text not null check (role in ('viewer','analyst','admin')),
      password_hash text not null,
      created_at timestamptz not null default now(),
      disabled_at timestamptz
    );

    create table web_sessions (
      token_hash text primary key,
      user_name text not null references users (name) on delete cascade,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null
    );
    create index web_sessions_expiry_idx on web_sessions (expires_at);

    create table login_failures (
      id bigserial primary key,
      key text not null,
      at timestamptz not null default now()
    );
    create index login_failures_key_idx on login_failures (key, at);
  `.execute(db);

  // New columns go last: a view's existing columns cannot move.
  await sql`
    create or replace view v_open_mismatches as
      select id, kind, status, site, currency, business_date, external_reference, order_id, mp_payment_id,
             expected_amount, actual_amount, difference, first_seen_at, last_seen_at, details,
             assignee, note as latest_note
        from mismatches
       where status in ('open', 'acknowledged');
    comment on column v_open_mismatches.assignee is 'Who is on it (mp-recon mismatches assign), or null.';
    comment on column v_open_mismatches.latest_note is 'The latest note written by a person (ack, resolve, assign or comment).';

    create view v_mismatch_events as
      select e.id, e.mismatch_id, m.kind, m.external_reference, e.at, e.actor, e.action, e.note, e.run_id
        from mismatch_events e join mismatches m on m.id = e.mismatch_id;
    comment on view v_mismatch_events is 'Audit trail: every change to a mismatch, oldest first per mismatch by id.';
    comment on column v_mismatch_events.actor is 'Who: a person (CLI --actor, OS user or web user) or mp-recon for reconcile runs.';
    comment on column v_mismatch_events.action is 'opened, acknowledged, assigned, commented, resolved, auto_resolved or reopened.';
    comment on column v_mismatch_events.note is 'What the person wrote, or for assigned the assignee.';
    comment on column v_mismatch_events.run_id is 'The reconcile run behind opened, auto_resolved and reopened.';

    do $grant$ begin
      execute format('grant select on %1$I.v_mismatch_events to recon_reader', current_schema());
    exception when others then
      raise notice 'mp-recon: recon_reader not granted v_mismatch_events (%)', sqlerrm;
    end $grant$;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop view if exists v_mismatch_events;
    drop view if exists v_open_mismatches;
    create view v_open_mismatches as
      select id, kind, status, site, currency, business_date, external_reference, order_id, mp_payment_id,
             expected_amount, actual_amount, difference, first_seen_at, last_seen_at, details
        from mismatches
       where status in ('open', 'acknowledged');
    drop table if exists login_failures, web_sessions, users, mismatch_events;
    drop trigger if exists mismatches_record_inserts on mismatches;
    drop trigger if exists mismatches_record_updates on mismatches;
    drop function if exists record_mismatch_inserts(), record_mismatch_updates();
    alter table mismatches drop column assignee;
  `.execute(db);
}
