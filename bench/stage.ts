/**
 * One benchmark run at a given size, in its own process so its peak RSS is its own: generate the
 * data, then time parse-only, import of the orders, ingest of the report, reconcile, and the floor
 * (psql \copy of the same file into an all-text table plus one indexed join). Prints one JSON line.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { importInternal } from '../jobs/import-internal.ts';
import { ingestFile } from '../jobs/ingest-file.ts';
import { reconcileWindow } from '../jobs/reconcile-window.ts';
import { loadConfig } from '../src/config.ts';
import { openConnection } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { createLogger } from '../src/log.ts';
import { openReport } from '../src/report/parse-report.ts';
import { generate, generateRelease } from './generate.ts';

const { values } = parseArgs({ options: { rows: { type: 'string' }, server: { type: 'string' } } });
const rows = Number(values.rows ?? 100_000);
const serverUrl = values.server; // admin URL; absent = embedded
const dir = mkdtempSync(join(tmpdir(), 'mp-recon-bench-'));
const reportPath = join(dir, 'settlement.csv');
const ordersPath = join(dir, 'orders.csv');
const releasePath = join(dir, 'release.csv');
const timings: Record<string, number> = {};

async function timed<T>(name: string, work: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const result = await work();
  timings[name] = (performance.now() - t0) / 1000;
  return result;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

await generate(rows, reportPath, ordersPath);
await generateRelease(rows, releasePath);

await timed('parse', async () => {
  const report = await openReport(reportPath);
  let n = 0;
  for await (const _ of report.rows) n++;
  return n;
});

const dbName = `mp_recon_bench_${process.pid}`;
let admin: pg.Client | undefined;
if (serverUrl) {
  admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${dbName}`);
}
const log = createLogger({ level: 'silent' });
const config = loadConfig({
  LOG_LEVEL: 'silent',
  ...(serverUrl ? { DATABASE_URL: withDatabase(serverUrl, dbName) } : { RECON_DATA_DIR: join(dir, 'embedded') }),
});
const conn = await openConnection(config, log);
const deps = { conn, log, config, now: () => new Date() };
try {
  await migrateToLatest(conn);
  await timed('import', () => importInternal(deps, 'orders', ordersPath));
  const ingest = await timed('ingest', () => ingestFile(deps, { path: reportPath, from: '2026-10-01', to: '2026-10-28' }));
  const recon = await timed('reconcile', () => reconcileWindow(deps, { from: '2026-10-01', to: '2026-10-28' }));
  // The release report of the same payments: its ingest, then a reconcile that also runs the release checks.
  await timed('ingestRelease', () => ingestFile(deps, { path: releasePath, from: '2026-10-01', to: '2026-10-28' }));
  const withRelease = await timed('reconcileWithRelease', () => reconcileWindow(deps, { from: '2026-10-01', to: '2026-10-28' }));
  await conn.close();

  let floor: { copy: number; join: number } | undefined;
  if (serverUrl && hasPsql()) {
    const url = withDatabase(serverUrl, dbName);
    const psql = (sql: string) => {
      const t0 = performance.now();
      execFileSync('psql', [url, '-q', '-v', 'ON_ERROR_STOP=1', '-c', sql], { stdio: ['ignore', 'ignore', 'inherit'] });
      return (performance.now() - t0) / 1000;
    };
    const columns = Array.from({ length: 26 }, (_, i) => `c${i} text`).join(', ');
    psql(`create table floor_stage (${columns})`);
    const copy = psql(`\\copy floor_stage from '${reportPath}' with (format csv, delimiter ';', header true)`);
    const joinTime = psql(
      `create index on floor_stage (c0); create table floor_out as select s.c0, s.c7, o.amount from floor_stage s left join recon.orders o on o.external_reference = s.c0 where o.order_id is null or o.amount <> s.c7::numeric`,
    );
    floor = { copy, join: joinTime };
  }
  console.log(
    JSON.stringify({
      rows,
      backend: serverUrl ? 'postgres' : 'embedded',
      timings,
      floor,
      stored: ingest.rowsStored,
      mismatches: recon.found,
      mismatchesWithRelease: withRelease.found,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    }),
  );
} finally {
  if (admin && !process.env.BENCH_KEEP_DB) {
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
  rmSync(dir, { recursive: true, force: true });
}

function hasPsql(): boolean {
  try {
    execFileSync('psql', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
