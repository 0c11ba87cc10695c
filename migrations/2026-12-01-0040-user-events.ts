/**
 * Who added or disabled whom, and when: user management leaves a trail like the mismatches do, whether
 * it happened in the web UI's users page or with `mp-recon users`. Append-only; a user's row in `users`
 * keeps only the current state. Frozen in time: never import application code here.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table user_events (
      id bigint generated always as identity primary key,
      at timestamptz not null default now(),
      actor text not null,
      action text not null check (action in ('added', 'disabled')),
      user_name text not null,
      role text
    );
    comment on table user_events is 'Every change to the web UI''s users, oldest first by id.';
    comment on column user_events.actor is 'Who: the admin logged in to the UI, or the CLI''s --actor / OS user.';
    comment on column user_events.role is 'For added, the role given.';
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists user_events`.execute(db);
}
