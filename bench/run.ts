/**
 * `npm run bench [-- --rows N] [-- --embedded]`: the benchmark, every figure in one run. Each stage runs
 * in its own process so its peak RSS is its own:
 * - the pipeline at N rows (default 1,000,000) and at N/10: parse, import, ingest, reconcile, and the
 *   floor (psql \copy of the same file into an all-text table plus one indexed join; on the embedded
 *   database, the raw COPY through /dev/blob plus the same join), for the settlement and release reports;
 * - an ingest of N and N/10 rows that are all bad, for the memory of rejected rows;
 * - a re-run of a window holding 10k and 100k open mismatches;
 * - the nightly cycle for one new day with 60 days of history, and with only its window stored;
 * - the CLI's start-up: `mp-recon --help` against a bare `node -e 0`.
 * Targets (issue "Throughput"): end to end ≤ 2.0x the floor at 1M rows (≤ 2.5x at 200k), release ≤ 2.5x,
 * embedded ≤ 2.5x, re-run 100k/10k ≤ 12, nightly with/without history ≤ 1.5, peak RSS at N ≤ 1.2x N/10,
 * start-up ≤ 6x.
 * Figures are printed, never asserted.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { measureStartup } from '../scripts/startup-ratio.ts';

const { values } = parseArgs({ options: { rows: { type: 'string' }, embedded: { type: 'boolean' }, server: { type: 'string' } } });
const rows = Number(values.rows ?? 1_000_000);
const server = values.embedded ? undefined : (values.server ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');

type Timings = Record<'parse' | 'import' | 'ingest' | 'reconcile' | 'ingestRelease' | 'reconcileWithRelease', number>;
interface Floor {
  copy: number;
  join: number;
}
interface StageResult {
  rows: number;
  backend: string;
  timings: Timings;
  floor?: Floor;
  releaseFloor?: Floor;
  stored: number;
  /** Which ingest reader stored the rows: the raw-COPY fast path, or the row-by-row parser. */
  reader?: string;
  mismatches: number;
  mismatchesWithRelease: number;
  peakRssMb: number;
}

function run<T>(script: string, args: readonly string[]): T {
  const all = ['bin/run-ts.js', script, ...args, ...(server ? ['--server', server] : [])];
  const out = execFileSync(process.execPath, all, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 });
  return JSON.parse(out.trim().split('\n').pop()!) as T;
}

const rate = (n: number, seconds: number) => `${Math.round(n / seconds).toLocaleString('en-US')} rows/s`;
const secs = (s: number) => `${s.toFixed(2)} s`;
const ratio = (a: number, b: number) => (a / b).toFixed(2);
const fmt = (n: number) => n.toLocaleString('en-US');
const smallRows = Math.max(1000, Math.round(rows / 10));

const small = run<StageResult>('bench/stage.ts', ['--rows', String(smallRows)]);
const big = run<StageResult>('bench/stage.ts', ['--rows', String(rows)]);
console.log(`mp-recon benchmark: ${fmt(big.rows)} settlement rows, ${big.backend}, node ${process.version}`);
for (const name of ['parse', 'import', 'ingest', 'reconcile'] as const) {
  const note = name === 'ingest' && big.reader ? `  (${big.reader} reader)` : '';
  console.log(`  ${name.padEnd(10)} ${secs(big.timings[name]).padStart(9)}  ${rate(big.rows, big.timings[name])}${note}`);
}
const endToEnd = big.timings.ingest + big.timings.reconcile;
console.log(`  ${'end-to-end'.padEnd(10)} ${secs(endToEnd).padStart(9)}  ${rate(big.rows, endToEnd)}  (ingest + reconcile; ${big.mismatches} mismatches)`);
const floorLabel = server ? 'psql \\copy' : 'COPY /dev/blob';
if (big.floor) {
  const floor = big.floor.copy + big.floor.join;
  console.log(`  ${'floor'.padEnd(10)} ${secs(floor).padStart(9)}  (${floorLabel} ${secs(big.floor.copy)} + indexed join ${secs(big.floor.join)})`);
  console.log(`${server ? '' : 'embedded '}end-to-end/floor ratio: ${ratio(endToEnd, floor)}`);
} else {
  console.log('end-to-end/floor ratio: n/a (needs psql on the PATH and a Postgres server)');
}
const releaseEndToEnd = big.timings.ingestRelease + big.timings.reconcileWithRelease;
console.log(
  `release report (same payments): ingest ${secs(big.timings.ingestRelease)} ${rate(big.rows, big.timings.ingestRelease)}; reconcile with release checks ${secs(big.timings.reconcileWithRelease)} (${big.mismatchesWithRelease} mismatches)`,
);
if (big.releaseFloor) {
  const floor = big.releaseFloor.copy + big.releaseFloor.join;
  console.log(`  release floor ${secs(floor)} (psql \\copy ${secs(big.releaseFloor.copy)} + indexed join ${secs(big.releaseFloor.join)})`);
  console.log(`release end-to-end/floor ratio: ${ratio(releaseEndToEnd, floor)}`);
}

if (existsSync('bench/rerun-stage.ts')) {
  interface Rerun {
    rows: number;
    firstRunSeconds: number;
    rerunSeconds: number;
    mismatches: number;
  }
  const ten = run<Rerun>('bench/rerun-stage.ts', ['--rows', '10000']);
  const hundred = run<Rerun>('bench/rerun-stage.ts', ['--rows', '100000']);
  console.log(
    `re-run of a window with open mismatches: 10k ${secs(ten.rerunSeconds)} (first run ${secs(ten.firstRunSeconds)}), 100k ${secs(hundred.rerunSeconds)} (first run ${secs(hundred.firstRunSeconds)})`,
  );
  console.log(`rerun 100k/10k open mismatches ratio: ${ratio(hundred.rerunSeconds, ten.rerunSeconds)}`);
}

const rowsPerDay = Math.max(500, Math.round(rows / 28));
const nightly = run<{ withHistory: number; withoutHistory: number }>('bench/nightly-stage.ts', ['--rows-per-day', String(rowsPerDay)]);
console.log(`nightly cycle (${fmt(rowsPerDay)} rows a day): with 60 days of history ${secs(nightly.withHistory)}, with only its window ${secs(nightly.withoutHistory)}`);
console.log(`nightly with history/without ratio: ${ratio(nightly.withHistory, nightly.withoutHistory)}`);

const garbageSmall = run<{ peakRssMb: number; rejected: number }>('bench/garbage-stage.ts', ['--rows', String(smallRows)]);
const garbageBig = run<{ peakRssMb: number; rejected: number }>('bench/garbage-stage.ts', ['--rows', String(rows)]);
console.log(`peak RSS: ${big.peakRssMb} MB at ${fmt(big.rows)} rows, ${small.peakRssMb} MB at ${fmt(small.rows)} rows`);
console.log(`peak RSS ratio good rows: ${ratio(big.peakRssMb, small.peakRssMb)}`);
console.log(
  `peak RSS, every row rejected: ${garbageBig.peakRssMb} MB at ${fmt(rows)} rows (${fmt(garbageBig.rejected)} kept), ${garbageSmall.peakRssMb} MB at ${fmt(smallRows)} rows`,
);
console.log(`peak RSS ratio garbage rows: ${ratio(garbageBig.peakRssMb, garbageSmall.peakRssMb)}`);

const startup = measureStartup(15);
console.log(`start-up: mp-recon --help ${startup.helpMs.toFixed(0)} ms, node -e 0 ${startup.nodeMs.toFixed(0)} ms${startup.compiled ? '' : ' (dist/ is stale: this timed the sources through tsx)'}`);
console.log(`startup ratio: ${startup.ratio.toFixed(2)}`);
