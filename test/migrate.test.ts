import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MIGRATIONS } from '../migrations/index.ts';
import { loadConfig } from '../src/config.ts';
import { openConnection } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { createLogger } from '../src/log.ts';
import { adminQuery, databaseUrl } from './helpers/postgres.ts';

const name = `mp_recon_mig_${process.pid}`;
const open = (schema = 'recon') =>
  openConnection(loadConfig({ DATABASE_URL: databaseUrl(name), RECON_SCHEMA: schema, LOG_LEVEL: 'silent' }), createLogger({ level: 'silent' }));

const onServer = inject('testBackend') === 'postgres';

beforeAll(async () => {
  if (!onServer) return;
  await adminQuery(`drop database if exists ${name} with (force)`);
  await adminQuery(`create database ${name}`);
});
afterAll(async () => {
  if (onServer) await adminQuery(`drop database if exists ${name} with (force)`);
});

describe.skipIf(!onServer)('migrations on a Postgres server', () => {
  it('install the schema; a second run does no harm', async () => {
    const conn = await open();
    expect((await migrateToLatest(conn)).map((r) => r.migrationName)).toEqual(Object.keys(MIGRATIONS));
    expect(await migrateToLatest(conn)).toEqual([]);
    const views = await conn.pool.query(`select table_name from information_schema.views where table_schema = 'recon' order by 1`);
    expect(views.rows.map((r) => r.table_name)).toEqual(expect.arrayContaining(['v_mismatch_summary', 'v_open_mismatches', 'v_runs']));
    await conn.close();
  });

  it('is safe when several processes migrate the same new schema at once', async () => {
    const conns = await Promise.all([open('concurrent'), open('concurrent'), open('concurrent')]);
    const results = await Promise.all(conns.map((c) => migrateToLatest(c)));
    expect(results.flat().filter((r) => r.status === 'Success')).toHaveLength(Object.keys(MIGRATIONS).length);
    await Promise.all(conns.map((c) => c.close()));
  });
});
