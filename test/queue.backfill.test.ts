/**
 * A backfill spread over the job queue, as an operator runs it against a Postgres server: the
 * simulator (`mp-recon sandbox`) in one process, a `mp-recon worker` in another, and `mp-recon
 * backfill` in a third, which works the queue too. Its chunks all complete, the output reads as an
 * in-process backfill's does, the same window backfilled `--inline` into another database finds the
 * same mismatches, and a second run enqueues nothing. Postgres only: the embedded database has no queue.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, businessDateOf } from '../src/util/dates.ts';
import { runCli } from './helpers/run-cli.ts';
import { createTestDb, type TestDb, testBackend } from './helpers/test-db.ts';

const BIN = fileURLToPath(new URL('../bin/mp-recon.js', import.meta.url));
const TZ = 'America/Argentina/Buenos_Aires';
const to = addDays(businessDateOf(new Date(), TZ), -1);
const from = addDays(to, -89);

let queued: TestDb;
let inline: TestDb;
let sandbox: ChildProcess | undefined;
let worker: ChildProcess | undefined;
let workerOutput = '';
let mp: Record<string, string>;

function startUntil(args: string[], env: Record<string, string>, pattern: RegExp): Promise<{ child: ChildProcess; match: RegExpExecArray }> {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      const match = pattern.exec(text);
      if (match) resolve({ child, match });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`exited with ${code} before ready:\n${text}`)));
  });
}

async function mismatchesOf(db: TestDb): Promise<string[]> {
  const { rows } = await db.deps.conn.pool.query<{ line: string }>(
    "select kind || ' ' || coalesce(external_reference, '') || ' ' || coalesce(difference::text, '') as line from mismatches order by 1",
  );
  return rows.map((r) => r.line);
}

describe.skipIf(testBackend() !== 'postgres')('backfill over the job queue', () => {
  beforeAll(async () => {
    queued = await createTestDb();
    inline = await createTestDb();
    const started = await startUntil(['sandbox'], { RECON_SITE: 'MLA' }, /export MP_BASE_URL=(\S+) MP_ACCESS_TOKEN=(\S+)/);
    sandbox = started.child;
    const [, url, token] = started.match;
    mp = { MP_BASE_URL: url as string, MP_ACCESS_TOKEN: token as string };
    const movements = Array.from({ length: 9 }, (_, i) => ({
      type: 'payment',
      id: String(7001 + i),
      externalReference: `REF-Q-${i}`,
      amount: `${100 + i}.00`,
      fee: '5.00',
      approvedAt: `${addDays(from, i * 10)}T10:00:00-03:00`,
    }));
    const seeded = await fetch(`${url}/__sim/ledger`, { method: 'POST', body: JSON.stringify({ accessToken: token, movements }) });
    expect(seeded.status).toBe(201);
    const w = await startUntil(['worker', '--concurrency', '2'], { ...queued.cliEnv, ...mp, RECON_DATA_DIR: mkdtempSync(join(tmpdir(), 'mp-recon-w-')) }, /worker: 2 slot/);
    worker = w.child;
    worker.stdout?.on('data', (chunk: Buffer) => {
      workerOutput += chunk.toString();
    });
  }, 120_000);
  afterAll(async () => {
    worker?.kill('SIGTERM');
    sandbox?.kill('SIGTERM');
    await queued?.close();
    await inline?.close();
  });

  it('completes every chunk across processes and finds what an in-process backfill finds', async () => {
    const env = { ...queued.cliEnv, ...mp, RECON_DATA_DIR: mkdtempSync(join(tmpdir(), 'mp-recon-q-')) };
    const r = await runCli(['backfill', '--from', from, '--to', to], env, { timeoutMs: 240_000 });
    expect(r.stderr).not.toContain(mp.MP_ACCESS_TOKEN);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/settlement: 2 request\(s\) for 90 day\(s\), 0 already covered; release: 2 request\(s\) for 90 day\(s\)/);
    expect(r.stdout).toContain('4 file(s) ingested');
    expect(r.stderr).toMatch(/\[4\/4\] /);

    const jobs = await queued.deps.conn.pool.query<{ state: string; n: string }>(
      `select state::text, count(*) as n from ${queued.deps.conn.schema}_queue.job where name = 'fetch-chunk' group by 1`,
    );
    expect(jobs.rows).toEqual([{ state: 'completed', n: '4' }]);
    expect(workerOutput).not.toMatch(/^failed/m);

    const alone = await runCli(['backfill', '--from', from, '--to', to, '--inline'], { ...inline.cliEnv, ...mp, RECON_DATA_DIR: mkdtempSync(join(tmpdir(), 'mp-recon-i-')) }, { timeoutMs: 240_000 });
    expect(alone.code, alone.stderr).toBe(0);
    expect(await mismatchesOf(queued)).toEqual(await mismatchesOf(inline));
    expect(await mismatchesOf(queued)).not.toEqual([]);

    const again = await runCli(['backfill', '--from', from, '--to', to], env, { timeoutMs: 120_000 });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/settlement: 0 request\(s\) for 0 day\(s\), 90 already covered/);
    const after = await queued.deps.conn.pool.query(`select 1 from ${queued.deps.conn.schema}_queue.job where name = 'fetch-chunk'`);
    expect(after.rows).toHaveLength(4);
  }, 600_000);
});
