/** The accounts table through kysely: the one way accounts are read and written. */
import { type Kysely, type Selectable, sql } from 'kysely';
import type { AccountsTable } from '../db/account-tables.ts';
import type { Database } from '../db/database.ts';
import { PG_UNIQUE_VIOLATION, ReconError } from '../errors.ts';
import type { SiteId } from '../sites.ts';
import type { Account } from './account.ts';

function toAccount(row: Selectable<AccountsTable>): Account {
  return {
    id: row.id,
    site: row.site as SiteId,
    currency: row.currency,
    timezone: row.timezone,
    label: row.label,
    mpUserId: row.mp_user_id,
    token: row.token_env !== null ? { kind: 'env', name: row.token_env } : { kind: 'file', path: row.token_file ?? '' },
    enabled: row.enabled,
  };
}

export async function listAccounts(db: Kysely<Database>): Promise<Account[]> {
  const rows = await db.selectFrom('accounts').selectAll().orderBy('id').execute();
  return rows.map(toAccount);
}

export async function insertAccount(db: Kysely<Database>, account: Account): Promise<void> {
  if (account.token.kind === 'config') throw new ReconError('USAGE', 'an added account reads its token from --token-env or --token-file');
  // Looked up first, not after a failed insert: the caller's transaction would be aborted by then.
  const owner = await db.selectFrom('accounts').select('id').where((w) => w.or([w('id', '=', account.id), w('mp_user_id', '=', account.mpUserId)])).executeTakeFirst();
  if (owner) throw taken(account, owner.id);
  try {
    await db
      .insertInto('accounts')
      .values({
        id: account.id,
        site: account.site,
        currency: account.currency,
        timezone: account.timezone,
        label: account.label,
        mp_user_id: account.mpUserId,
        token_env: account.token.kind === 'env' ? account.token.name : null,
        token_file: account.token.kind === 'file' ? account.token.path : null,
        enabled: account.enabled,
      })
      .execute();
  } catch (err) {
    // Another `accounts add` of the same id or user won the race since the lookup.
    if ((err as { code?: string }).code === PG_UNIQUE_VIOLATION) throw taken(account, '?');
    throw err;
  }
}

function taken(account: Account, ownerId: string): ReconError {
  if (ownerId === account.id) return new ReconError('ACCOUNT_EXISTS', `account ${account.id} exists already (mp-recon accounts list)`);
  return new ReconError('ACCOUNT_USER_TAKEN', `Mercado Pago user ${account.mpUserId} is account ${ownerId} already: one token, one account`);
}

export async function setAccountEnabled(db: Kysely<Database>, id: string, enabled: boolean): Promise<void> {
  const result = await db.updateTable('accounts').set({ enabled }).where('id', '=', id).executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw new ReconError('ACCOUNT_NOT_FOUND', `no account ${id} (mp-recon accounts list)`);
}

/** Whether any report file, order or mismatch belongs to the account. */
export async function accountHoldsRows(db: Kysely<Database>, id: string): Promise<boolean> {
  const found = await sql<{ held: boolean }>`select exists (select 1 from report_files where account_id = ${id})
      or exists (select 1 from orders where account_id = ${id})
      or exists (select 1 from mismatches where account_id = ${id}) as held`.execute(db);
  return found.rows[0]?.held === true;
}
