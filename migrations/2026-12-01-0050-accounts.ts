/**
 * Accounts: one row per Mercado Pago account this database reconciles (issue: many accounts, seven
 * sites). A row says where to read the account's token (an environment variable or a file), never the
 * token itself. mp_user_id is what /users/me answered when the account was added: notifications and
 * reports are routed by it, so two accounts may not share one. Frozen in time: never import
 * application code here.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table accounts (
      id text primary key check (id ~ '^[a-z][a-z0-9_-]{0,39}$'),
      site text not null check (site in ('MLA', 'MLB', 'MLM', 'MLC', 'MCO', 'MPE', 'MLU')),
      currency text not null check (currency ~ '^[A-Z]{3}$'),
      timezone text not null,
      label text,
      mp_user_id text unique,
      token_env text check (token_env ~ '^[A-Za-z_][A-Za-z0-9_]*$'),
      token_file text,
      enabled boolean not null default true,
      created_at timestamptz not null default now(),
      check ((token_env is null) <> (token_file is null))
    );
    comment on table accounts is 'Mercado Pago accounts reconciled in this database; none defined means the one configured by RECON_SITE and MP_ACCESS_TOKEN, named default.';
    comment on column accounts.token_env is 'Name of the environment variable that holds the access token (the token itself is never stored).';
    comment on column accounts.token_file is 'Path of a file that holds the access token (the token itself is never stored).';
    comment on column accounts.mp_user_id is 'The seller id GET /users/me answered for the token when the account was added.';
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists accounts`.execute(db);
}
