/**
 * The job queue with real worker processes: a key enqueued twice is one job, and a worker killed
 * (SIGKILL) in the middle of an ingest leaves nothing half-stored; its job comes back after the lease
 * and a second worker finishes it, storing every row exactly once. Postgres only: the embedded
 * database has no queue (its commands run their work in-process).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../bench/generate.ts';
import { openJobQueue, type QueueSettings } from '../src/queue/job-queue.ts';
import { runCli } from './helpers/run-cli.ts';
import { createTestDb, type TestDb, testBackend } from './helpers/test-db.ts';

const BIN = fileURLToPath(new URL('../bin/mp-recon.js', import.meta.url));
const ROWS = 40_000;
const SETTINGS: QueueSettings = { leaseSeconds: 4, retryLimit: 3, retryDelaySeconds: 1, maintenanceSeconds: 1 };

let t: TestDb;
let dir: string;
let report: string;

function startWorker(extra: string[] = []): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, [BIN, 'worker', '--concurrency', '1', '--maintenance-seconds', '1', ...extra], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...t.cliEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  return { child, output: () => text };
}

async function until<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function jobState(id: string): Promise<string | undefined> {
  const { rows } = await t.deps.conn.pool.query<{ state: string }>(`select state from ${t.deps.conn.schema}_queue.job where id = $1`, [id]);
  return rows[0]?.state;
}

describe.skipIf(testBackend() !== 'embedded')('the job queue on the embedded database', () => {
  it('is not there: mp-recon worker says so and how the work runs instead', async () => {
    const db = await createTestDb({}, { connect: false });
    try {
      const r = await runCli(['worker'], db.cliEnv, { timeoutMs: 60_000 });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/error QUEUE_NEEDS_SERVER: the job queue lives in a Postgres server \(set DATABASE_URL\); on the embedded database every command runs its work in-process/);
    } finally {
      await db.close();
    }
  }, 90_000);
});

describe.skipIf(testBackend() !== 'postgres')('the job queue', () => {
  beforeAll(async () => {
    t = await createTestDb();
    dir = mkdtempSync(join(tmpdir(), 'mp-recon-queue-'));
    report = join(dir, 'settlement.csv');
    await generate(ROWS, report, join(dir, 'orders.csv'), { days: 3 });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens from several processes at once on a database that has no queue yet (its first start creates it)', async () => {
    // Each opening has its own pool, as separate processes would: pg-boss's create_queue can deadlock
    // between two of them, and the loser must try again rather than fail.
    const queues = await Promise.all(Array.from({ length: 4 }, () => openJobQueue(t.cliEnv.DATABASE_URL, t.deps.conn.schema, SETTINGS)));
    await Promise.all(queues.map((q) => q.close()));
    const { rows } = await t.deps.conn.pool.query<{ name: string }>(`select name from ${t.deps.conn.schema}_queue.queue order by name`);
    expect(rows.map((r) => r.name)).toEqual(['fetch-chunk', 'ingest-file', 'nightly-cycle', 'reconcile-window', 'sync-orders']);
  });

  it('enqueues a key once: the second enqueue of the same key adds nothing', async () => {
    const queue = await openJobQueue(t.cliEnv.DATABASE_URL, t.deps.conn.schema, SETTINGS);
    try {
      const job = { name: 'reconcile-window', data: { account: 'default', from: '2026-10-01', to: '2026-10-03' } } as const;
      const first = await queue.enqueue(job, 'reconcile-window:2026-10-01..2026-10-03');
      const second = await queue.enqueue(job, 'reconcile-window:2026-10-01..2026-10-03');
      expect(first.enqueued).toBe(true);
      expect(second).toEqual({ id: first.id, enqueued: false });
      const { rows } = await t.deps.conn.pool.query(`select id from ${t.deps.conn.schema}_queue.job where name = 'reconcile-window'`);
      expect(rows).toHaveLength(1);
      await t.deps.conn.pool.query(`delete from ${t.deps.conn.schema}_queue.job where name = 'reconcile-window'`);
    } finally {
      await queue.close();
    }
  });

  it('retries the job of a worker killed mid-ingest, and stores every row exactly once', async () => {
    const queue = await openJobQueue(t.cliEnv.DATABASE_URL, t.deps.conn.schema, SETTINGS);
    const { id } = await queue.enqueue({ name: 'ingest-file', data: { account: 'default', path: report } }, `ingest-file:${report}`);
    await queue.close();

    const first = startWorker();
    await until(async () => ((await jobState(id)) === 'active' ? true : undefined), 'the first worker to take the job');
    // Let the ingest get under way (its COPY is running), then kill the process outright.
    await until(
      async () => {
        const { rows } = await t.deps.conn.pool.query(
          "select 1 from pg_stat_activity where datname = current_database() and application_name = 'mp-recon' and query ilike 'copy%'",
        );
        return rows.length > 0 ? true : undefined;
      },
      'the ingest to start copying',
      60_000,
    );
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('close', r));
    expect(await jobState(id)).toBe('active');

    const heartbeat = join(dir, 'alive');
    const second = startWorker(['--heartbeat-file', heartbeat]);
    await until(async () => ((await jobState(id)) === 'completed' ? true : undefined), 'the second worker to finish the job', 180_000);
    // What the container healthcheck reads: touched while the worker runs.
    expect(Date.now() - statSync(heartbeat).mtimeMs).toBeLessThan(60_000);
    second.child.kill('SIGTERM');
    const code = await new Promise<number | null>((r) => second.child.once('close', r));
    expect(code).toBe(0);
    expect(second.output()).toMatch(/completed .* ingest-file/);

    const files = await t.deps.conn.pool.query<{ rows_stored: string }>("select rows_stored from report_files where status = 'ingested'");
    expect(files.rows).toHaveLength(1);
    expect(Number(files.rows[0]?.rows_stored)).toBe(ROWS);
    const stored = await t.deps.conn.pool.query<{ n: string }>('select count(*) as n from mp_settlement_rows');
    expect(Number(stored.rows[0]?.n)).toBe(ROWS);
  }, 300_000);
});
