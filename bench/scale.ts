/**
 * `npm run bench:scale [-- --accounts N] [-- --days D]`: the backfill of D days of traffic of N accounts
 * spread over the seven sites (`backfill --account all`), through the job queue on a Postgres server,
 * against the simulator (in this process). Three runs, each on a fresh database: one worker (the
 * backfill process itself), two (it and one `mp-recon worker`), and two with the extra worker killed
 * (SIGKILL) once the first report chunk is done, then started again. Then the first account's
 * reconciliation is timed in the database holding all N accounts and in one holding it alone. Prints:
 *
 *   workers 1: X s
 *   workers 2: Y s
 *   speedup: S
 *   results identical across worker counts: yes|no
 *   worker killed mid-run: lost L duplicated D
 *   one account of N vs alone: R
 *
 * The simulator takes REPORT_DELAY_MS to generate each report (Mercado Pago takes minutes), so the
 * chunks' waits overlap the way they do against the real API. Targets (issue "Many accounts"): speedup
 * at least 1.3 with two workers, identical results, nothing lost or duplicated, R at most 1.2.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { reconcileWindow } from '../jobs/reconcile-window.ts';
import { startSimulator } from '../simulator/server.ts';
import { addDays, businessDateOf } from '../src/util/dates.ts';
import { openBenchDb } from './bench-db.ts';
import { addBenchAccounts, type BenchAccount, seedAccounts } from './scale-accounts.ts';

const BIN = fileURLToPath(new URL('../bin/mp-recon.js', import.meta.url));
const REPORT_DELAY_MS = 3000;
const RECONCILE_REPEATS = 9;

const { values } = parseArgs({ options: { days: { type: 'string' }, accounts: { type: 'string' }, server: { type: 'string' } } });
const days = Number(values.days ?? 30);
const accountCount = Number(values.accounts ?? 20);
const server = values.server ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const to = addDays(businessDateOf(new Date(), 'America/Argentina/Buenos_Aires'), -1);
const from = addDays(to, -(days - 1));

interface RunResult {
  readonly seconds: number;
  /** The first account's reconciliation of the range (median), when timed. */
  /** With `keep`: the first account's reconciliation of the range, to time; `drop` ends the database. */
  readonly reconcile?: (() => Promise<unknown>) | undefined;
  readonly drop: () => Promise<void>;
  /** kind, reference and difference of every mismatch, sorted: what finance would see. */
  readonly mismatches: string[];
  readonly rows: number;
  readonly distinctRows: number;
  readonly files: number;
}

const work = mkdtempSync(join(tmpdir(), 'mp-recon-scale-'));
const sim = await startSimulator({ reportDelayMs: REPORT_DELAY_MS });
const accounts = seedAccounts(sim, accountCount, from, to, work);
const first = accounts[0] as BenchAccount;
execFileSync(process.execPath, ['scripts/build.js'], { stdio: 'inherit' });

try {
  // The database of one worker is kept for the timing below, so it runs last of the three.
  const two = await backfillRun('w2', accounts, 2, false, false);
  const killed = await backfillRun('kill', accounts, 2, true, false);
  const one = await backfillRun('w1', accounts, 1, false, true);
  const alone = await backfillRun('alone', [first], 1, false, true);
  // Both databases stay open and are timed in turn, so drift (autovacuum, the page cache) falls on both alike.
  const [shared = Number.NaN, single = Number.NaN] = await medianSecondsInTurn(one.reconcile, alone.reconcile);
  await Promise.all([one.drop(), alone.drop()]);
  const identical = same(one.mismatches, two.mismatches) && same(one.mismatches, killed.mismatches) && one.rows === two.rows;
  const sites = new Set(accounts.map((a) => a.site)).size;
  console.log(`scale benchmark: ${accounts.length} accounts over ${sites} sites, ${days} days of traffic (${accounts.reduce((n, a) => n + a.orders, 0)} orders), reports take ${REPORT_DELAY_MS / 1000} s to generate`);
  console.log(`  ${one.files} report files, ${one.rows} report rows, ${one.mismatches.length} mismatches`);
  console.log(`workers 1: ${one.seconds.toFixed(1)} s`);
  console.log(`workers 2: ${two.seconds.toFixed(1)} s`);
  console.log(`speedup: ${(one.seconds / two.seconds).toFixed(2)}`);
  console.log(`results identical across worker counts: ${identical ? 'yes' : 'no'}`);
  const lost = Math.max(0, one.distinctRows - killed.distinctRows) + missing(one.mismatches, killed.mismatches);
  const duplicated = killed.rows - killed.distinctRows + Math.max(0, killed.mismatches.length - one.mismatches.length);
  console.log(`worker killed mid-run: lost ${lost} duplicated ${duplicated} (${killed.seconds.toFixed(1)} s, the killed worker's chunk came back after its lease)`);
  const sameAlone = same(alone.mismatches, one.mismatches.filter((m) => m.startsWith(`${first.id} `)));
  console.log(
    `one account of ${accounts.length} vs alone: ${(shared / single).toFixed(2)} (${first.id} reconciles ${days} days in ${(shared * 1000).toFixed(0)} ms among ${accounts.length} accounts, ${(single * 1000).toFixed(0)} ms alone; median of ${RECONCILE_REPEATS}; same mismatches: ${sameAlone ? 'yes' : 'no'})`,
  );
} finally {
  await sim.close();
  rmSync(work, { recursive: true, force: true });
}

/**
 * One backfill of the whole range for `list` on a fresh database with `workers` processes working the
 * queue; with `timeReconcile`, then the first account's reconciliation of the range, timed.
 */
async function backfillRun(name: string, list: readonly BenchAccount[], workers: number, kill: boolean, keep: boolean): Promise<RunResult> {
  const db = await openBenchDb(server, work, `scale_${name}`, { MP_BASE_URL: sim.url });
  const url = db.url as string;
  try {
    const scoped = await addBenchAccounts(db.engine, list);
    const env = {
      ...process.env,
      DATABASE_URL: url,
      MP_BASE_URL: sim.url,
      RECON_DATA_DIR: mkdtempSync(join(work, `${name}-data-`)),
      RECON_JOB_LEASE_SECONDS: '30',
      RECON_QUEUE_MAINTENANCE_SECONDS: '1',
      LOG_LEVEL: 'warn',
    };
    const started = Date.now();
    const backfill = spawnCli(['backfill', '--account', 'all', '--from', from, '--to', to], env);
    let extra = Array.from({ length: workers - 1 }, () => spawnCli(['worker', '--concurrency', '1'], env));
    if (kill) {
      await firstChunkDone(url, db.deps.conn.schema);
      for (const w of extra) w.kill('SIGKILL');
      extra = extra.map(() => spawnCli(['worker', '--concurrency', '1'], env));
    }
    const code = await new Promise<number | null>((resolve) => backfill.once('exit', resolve));
    const seconds = (Date.now() - started) / 1000;
    for (const w of extra) w.kill('SIGTERM');
    await Promise.all(extra.map((w) => new Promise((resolve) => (w.exitCode === null ? w.once('exit', resolve) : resolve(null)))));
    if (code !== 0) throw new Error(`backfill (${name}) exited with ${code}`);
    const deps = scoped.get(first.id);
    const reconcile = deps ? () => reconcileWindow(deps, { from, to }) : undefined;
    const results = await resultsOf(url);
    if (keep) return { seconds, reconcile, drop: () => db.drop(), ...results };
    await db.drop();
    return { seconds, drop: async () => {}, ...results };
  } catch (err) {
    await db.drop();
    throw err;
  }
}

/** Medians of RECONCILE_REPEATS timed runs of each, taken in turn, after one untimed run of each that warms caches. */
async function medianSecondsInTurn(...works: readonly ((() => Promise<unknown>) | undefined)[]): Promise<number[]> {
  const times: number[][] = works.map(() => []);
  for (const work of works) await work?.();
  for (let i = 0; i < RECONCILE_REPEATS; i++) {
    for (const [w, work] of works.entries()) {
      const t = performance.now();
      await work?.();
      times[w]?.push((performance.now() - t) / 1000);
    }
  }
  return times.map((list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] ?? Number.NaN);
}

function spawnCli(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  return child;
}

async function firstChunkDone(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (;;) {
      const found = await client
        .query(`select 1 from ${schema}_queue.job where name = 'fetch-chunk' and state = 'completed' limit 1`)
        .catch(() => ({ rows: [] as unknown[] }));
      if (found.rows.length > 0) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await client.end();
  }
}

async function resultsOf(url: string): Promise<Omit<RunResult, 'seconds' | 'reconcile' | 'drop'>> {
  const client = new pg.Client({ connectionString: url, options: '-c search_path=recon' });
  await client.connect();
  try {
    const mismatches = await client.query<{ line: string }>(
      "select account_id || ' ' || kind || ' ' || coalesce(external_reference, '') || ' ' || coalesce(difference::text, '') as line from mismatches order by 1",
    );
    const rows = await client.query<{ n: string; distinct_n: string }>(
      `select count(*) as n, count(distinct (account_id, kind, natural_key, occurrence)) as distinct_n from (
         select account_id, 'settlement' as kind, natural_key, occurrence from mp_settlement_rows
         union all select account_id, 'release', natural_key, occurrence from mp_release_rows) r`,
    );
    const fileCount = await client.query<{ n: string }>("select count(*) as n from report_files where status = 'ingested'");
    return {
      mismatches: mismatches.rows.map((r) => r.line),
      rows: Number(rows.rows[0]?.n),
      distinctRows: Number(rows.rows[0]?.distinct_n),
      files: Number(fileCount.rows[0]?.n),
    };
  } finally {
    await client.end();
  }
}

function same(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((line, i) => line === b[i]);
}

function missing(expected: readonly string[], actual: readonly string[]): number {
  const left = new Map<string, number>();
  for (const line of actual) left.set(line, (left.get(line) ?? 0) + 1);
  let n = 0;
  for (const line of expected) {
    const count = left.get(line) ?? 0;
    if (count === 0) n += 1;
    else left.set(line, count - 1);
  }
  return n;
}
