/**
 * One benchmark run at a given size, in its own process so its peak RSS is its own: generate the
 * data, then time parse-only, import of the orders, ingest of the report, reconcile, and the floor
 * (psql \copy of the same file into an all-text table plus one indexed join; embedded: the raw COPY
 * through /dev/blob plus the same join), for the settlement and the release report. Prints one JSON line.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { importInternal } from '../jobs/import-internal.ts';
import { ingestFile } from '../jobs/ingest-file.ts';
import { reconcileWindow } from '../jobs/reconcile-window.ts';
import { openReport } from '../src/parse/parse-report.ts';
import { openBenchDb, peakRssMb } from './bench-db.ts';
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

await generate(rows, reportPath, ordersPath);
await generateRelease(rows, releasePath);

await timed('parse', async () => {
  const report = await openReport(reportPath);
  let n = 0;
  for await (const _ of report.rows) n++;
  return n;
});

const bench = await openBenchDb(serverUrl, dir, 'stage');
const { conn, deps } = bench;
try {
  await timed('import', () => importInternal(deps, 'orders', ordersPath));
  const ingest = await timed('ingest', () => ingestFile(deps, { path: reportPath, from: '2026-10-01', to: '2026-10-28' }));
  const recon = await timed('reconcile', () => reconcileWindow(deps, { from: '2026-10-01', to: '2026-10-28' }));
  // The release report of the same payments: its ingest, then a reconcile that also runs the release checks.
  await timed('ingestRelease', () => ingestFile(deps, { path: releasePath, from: '2026-10-01', to: '2026-10-28' }));
  const withRelease = await timed('reconcileWithRelease', () => reconcileWindow(deps, { from: '2026-10-01', to: '2026-10-28' }));
  await conn.close();

  let floor: { copy: number; join: number } | undefined;
  let releaseFloor: { copy: number; join: number } | undefined;
  if (!serverUrl) floor = await embeddedFloor();
  if (serverUrl && hasPsql()) {
    const url = bench.url!;
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
    const releaseColumns = Array.from({ length: 15 }, (_, i) => `c${i} text`).join(', ');
    psql(`create table floor_release (${releaseColumns})`);
    const releaseCopy = psql(`\\copy floor_release from '${releasePath}' with (format csv, delimiter ',', header true)`);
    const releaseJoin = psql(
      `create index on floor_release (c2); create table floor_release_out as select r.c2, r.c5, o.amount from floor_release r left join recon.orders o on o.external_reference = r.c2 where o.order_id is null or o.amount <> r.c7::numeric`,
    );
    releaseFloor = { copy: releaseCopy, join: releaseJoin };
  }
  console.log(
    JSON.stringify({
      rows,
      backend: serverUrl ? 'postgres' : 'embedded',
      timings,
      floor,
      releaseFloor,
      stored: ingest.rowsStored,
      reader: ingest.reader,
      mismatches: recon.found,
      mismatchesWithRelease: withRelease.found,
      peakRssMb: peakRssMb(),
    }),
  );
} finally {
  await bench.drop();
  rmSync(dir, { recursive: true, force: true });
}

/**
 * The embedded database's floor, measured the same way as psql's: the file's bytes COPYed through
 * PGlite's /dev/blob (in the loader's chunks) into an all-text table, then one indexed join.
 */
async function embeddedFloor(): Promise<{ copy: number; join: number }> {
  const floorConn = await bench.reopen();
  const client = await floorConn.pool.connect();
  try {
    const columns = Array.from({ length: 26 }, (_, i) => `c${i}`);
    await client.query(`create table floor_stage (${columns.map((c) => `${c} text`).join(', ')})`);
    let t0 = performance.now();
    await floorConn.loader.copyCsvFile(client, 'floor_stage', columns, reportPath, ';');
    const copy = (performance.now() - t0) / 1000;
    t0 = performance.now();
    await client.query('create index on floor_stage (c0)');
    await client.query(
      `create table floor_out as select s.c0, s.c7, o.amount from floor_stage s left join recon.orders o on o.external_reference = s.c0 where o.order_id is null or o.amount <> s.c7::numeric`,
    );
    return { copy, join: (performance.now() - t0) / 1000 };
  } finally {
    client.release();
    await floorConn.close();
  }
}

function hasPsql(): boolean {
  try {
    execFileSync('psql', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
