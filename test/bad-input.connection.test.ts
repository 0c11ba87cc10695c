/**
 * Faults of the database connection (issue 10, item 6), on a Postgres server: the embedded database
 * lives in the process and has no connection to lose. A run whose connection is killed ends failed
 * with DB_CONNECTION_LOST, and runs left `running` by dead processes are closed out by the next run,
 * while a run another live process holds is left alone.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockName } from '../src/runs/locks.ts';
import { createTestDb, type TestDb, testBackend } from './helpers/test-db.ts';

const BIN = fileURLToPath(new URL('../bin/mp-recon.js', import.meta.url));
const onServer = testBackend() === 'postgres';

let t: TestDb;
let admin: pg.Client;
beforeAll(async () => {
  if (!onServer) return;
  t = await createTestDb({}, { connect: false });
  admin = new pg.Client({ connectionString: t.cliEnv.DATABASE_URL, options: '-c search_path=recon' });
  await admin.connect();
});
afterAll(async () => {
  await admin?.end();
  await t?.close();
});

function spawnCli(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, LOG_LEVEL: 'warn', ...t.cliEnv }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr })));
}

async function waitFor(sql: string, what: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if ((await admin.query(sql)).rowCount! > 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const RUN_LOCK = lockName('recon', 'run');
const RECONCILE_LOCK = lockName('recon', 'reconcile', 'default');

describe.runIf(onServer)('a database connection lost mid-run', () => {
  it('ends the run failed with DB_CONNECTION_LOST, one error line and exit 1; a dead process\'s run is ABANDONED, a live one\'s is not', async () => {
    // A run a dead process left behind, and one that a live process (this test's session) holds.
    const dead = (await admin.query<{ id: string }>(`insert into runs (account_id, job, status) values ('default', 'sync', 'running') returning id`)).rows[0]!.id;
    const alive = (await admin.query<{ id: string }>(`insert into runs (account_id, job, status) values ('default', 'sync', 'running') returning id`)).rows[0]!.id;
    await admin.query('select pg_advisory_lock(hashtext($1), $2)', [RUN_LOCK, Number(alive)]);
    // Hold reconcile's lock so the CLI's run waits inside its transaction, then kill its sessions.
    await admin.query('select pg_advisory_lock(hashtext($1))', [RECONCILE_LOCK]);
    const done = spawnCli(['reconcile', '--from', '2026-11-01', '--to', '2026-11-07']);
    await waitFor(`select 1 from pg_stat_activity where application_name = 'mp-recon' and datname = current_database() and wait_event_type = 'Lock'`, 'the reconcile to wait for its lock');
    await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'mp-recon' and datname = current_database()`);
    await admin.query('select pg_advisory_unlock(hashtext($1))', [RECONCILE_LOCK]);

    const r = await done;
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^mp-recon reconcile: error DB_CONNECTION_LOST: the connection to the database was lost/);
    expect(r.stderr).not.toMatch(/Unhandled|\n\s+at /);

    const runs = await admin.query<{ id: string; job: string; status: string; error_code: string | null }>('select id, job, status, error_code from runs order by id');
    expect(runs.rows).toEqual([
      { id: dead, job: 'sync', status: 'failed', error_code: 'ABANDONED' },
      { id: alive, job: 'sync', status: 'running', error_code: null },
      { id: expect.any(String), job: 'reconcile', status: 'failed', error_code: 'DB_CONNECTION_LOST' },
    ]);
    await admin.query('select pg_advisory_unlock(hashtext($1), $2)', [RUN_LOCK, Number(alive)]);
  }, 120_000);
});
