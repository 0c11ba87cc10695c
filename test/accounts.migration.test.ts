/**
 * The migration that makes accounts own rows (2026-12-01-0060), run on a database that holds one
 * account's data from before accounts existed: every row, file, run and mismatch lands in `default`,
 * the report rows become the `default` partition, and a second account can then hold the same
 * references. On both backends: the embedded database migrates the same way.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../migrations/index.ts';
import { createRowPartitions } from '../src/accounts/row-partitions.ts';
import { loadConfig } from '../src/config.ts';
import { type Connection, openConnection } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { createLogger } from '../src/log.ts';
import { adminQuery, databaseUrl } from './helpers/postgres.ts';
import { testBackend } from './helpers/test-db.ts';

const BEFORE = '2026-12-01-0050-accounts';
const name = `mp_recon_acct_mig_${process.pid}`;
const dir = mkdtempSync(join(tmpdir(), 'mp-recon-acct-mig-'));
let conn: Connection;

beforeAll(async () => {
  const onServer = testBackend() === 'postgres';
  if (onServer) {
    await adminQuery(`drop database if exists ${name} with (force)`);
    await adminQuery(`create database ${name}`);
  }
  const env = onServer ? { DATABASE_URL: databaseUrl(name) } : { RECON_DATA_DIR: join(dir, 'db') };
  conn = await openConnection(loadConfig({ ...env, LOG_LEVEL: 'silent' }), createLogger({ level: 'silent' }));
  await sql`create schema if not exists ${sql.id(conn.schema)}`.execute(conn.db);
  const migrator = new Migrator({ db: conn.db, provider: { getMigrations: async () => ({ ...MIGRATIONS }) }, migrationTableSchema: conn.schema });
  const { error } = await migrator.migrateTo(BEFORE);
  if (error) throw error;
  await seedSingleAccount();
  await migrateToLatest(conn);
});

afterAll(async () => {
  await conn?.close();
  if (testBackend() === 'postgres') await adminQuery(`drop database if exists ${name} with (force)`);
  rmSync(dir, { recursive: true, force: true });
});

/** A little of everything a single-account install holds. */
async function seedSingleAccount(): Promise<void> {
  await sql`
    insert into orders (order_id, external_reference, site, currency, amount, status, created_at, paid_at)
      values ('o-1', 'ref-1', 'MLA', 'ARS', 100.50, 'paid', '2026-10-01T12:00:00Z', '2026-10-01T12:05:00Z');
    insert into order_payments (mp_payment_id, order_id, amount, currency, status, approved_at)
      values ('9001', 'o-1', 100.50, 'ARS', 'approved', '2026-10-01T12:05:00Z');
    insert into refunds (refund_id, order_id, amount, currency, status, created_at) values ('r-1', 'o-1', 10, 'ARS', 'approved', '2026-10-02T10:00:00Z');
    insert into report_files (kind, file_name, sha256, bytes, site, covers_from, covers_to, covered_start, covered_end, separator, header_style, number_style)
      values ('settlement', 's.csv', 'abc', 10, 'MLA', '2026-10-01', '2026-10-01', '2026-10-01T03:00:00Z', '2026-10-02T03:00:00Z', ',', 'upper', 'dot');
    insert into mp_settlement_rows (report_file_id, line, natural_key, occurrence, booked_at, external_reference, source_id, transaction_type, transaction_amount, transaction_currency)
      select id, 2, 'k1', 1, '2026-10-01T12:05:00Z', 'ref-1', '9001', 'SETTLEMENT', 100.49, 'ARS' from report_files;
    insert into mp_release_rows (report_file_id, line, natural_key, occurrence, booked_at, source_id, record_type, description, net_credit_amount)
      select id, 2, 'k2', 1, '2026-10-01T12:05:00Z', '9001', 'release', 'payment', 95 from report_files;
    insert into rejected_rows (report_file_id, line, code, message, raw) select id, 3, 'BAD_AMOUNT', 'bad amount', 'x' from report_files;
    insert into runs (job, window_from, window_to, status) values ('reconcile', '2026-10-01', '2026-10-01', 'succeeded');
    insert into mismatches (kind, subject, site, currency, business_date, external_reference, order_id, expected_amount, actual_amount, difference, first_seen_run, last_seen_run)
      select 'amount_mismatch', 'ref:ref-1', 'MLA', 'ARS', '2026-10-01', 'ref-1', 'o-1', 100.50, 100.49, -0.01, id, id from runs;
  `.execute(conn.db);
}

const count = async (table: string, where = 'true') =>
  Number((await sql<{ n: string }>`select count(*) as n from ${sql.raw(table)} where ${sql.raw(where)}`.execute(conn.db)).rows[0]?.n);

describe('migrating a single-account database into accounts', () => {
  it('keeps every row and gives each to the default account', async () => {
    for (const table of ['orders', 'order_payments', 'refunds', 'report_files', 'mp_settlement_rows', 'mp_release_rows', 'rejected_rows', 'runs', 'mismatches']) {
      expect(await count(table), table).toBe(1);
      expect(await count(table, "account_id = 'default'"), table).toBe(1);
    }
    // The rows now live in the default account's partitions, with the generated release columns intact.
    expect(await count('mp_settlement_rows_default')).toBe(1);
    const release = await sql<{ row_class: string }>`select row_class from mp_release_rows_default`.execute(conn.db);
    expect(release.rows).toEqual([{ row_class: 'movement' }]);
  });

  it('shows the account in the finance views', async () => {
    const open = await sql<{ account_id: string; difference: string }>`select account_id, difference from v_open_mismatches`.execute(conn.db);
    expect(open.rows).toEqual([{ account_id: 'default', difference: '-0.01' }]);
    const settled = await sql<{ account_id: string; order_id: string }>`select account_id, order_id from v_settled_payments`.execute(conn.db);
    expect(settled.rows).toEqual([{ account_id: 'default', order_id: 'o-1' }]);
  });

  it('lets a second account hold the same order id, reference and report bytes, in its own partition', async () => {
    await createRowPartitions(conn.db, 'br-main');
    await sql`
      insert into orders (account_id, order_id, external_reference, site, currency, amount, status, created_at)
        values ('br-main', 'o-1', 'ref-1', 'MLB', 'BRL', 20, 'pending', '2026-10-01T12:00:00Z');
      insert into report_files (account_id, kind, file_name, sha256, bytes, site, covers_from, covers_to, covered_start, covered_end, separator, header_style, number_style)
        values ('br-main', 'settlement', 's.csv', 'abc', 10, 'MLB', '2026-10-01', '2026-10-01', '2026-10-01T03:00:00Z', '2026-10-02T03:00:00Z', ',', 'upper', 'dot');
      insert into mp_settlement_rows (account_id, report_file_id, line, natural_key, occurrence, booked_at, transaction_type, transaction_amount)
        select 'br-main', max(id), 2, 'k1', 1, '2026-10-01T12:05:00Z', 'SETTLEMENT', 20 from report_files;
    `.execute(conn.db);
    expect(await count('"mp_settlement_rows_br-main"')).toBe(1);
    expect(await count('mp_settlement_rows_default')).toBe(1);
    // A write that forgets its account fails instead of landing in someone else's books.
    await expect(sql`insert into runs (job, status) values ('reconcile', 'running')`.execute(conn.db)).rejects.toThrow(/account_id/);
  });
});
