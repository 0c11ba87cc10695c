/**
 * `npm run bench [-- --rows N] [-- --embedded]`: runs the benchmark at N rows (default 1,000,000) and
 * at N/10, each in its own process, and prints rows/s per stage, the end-to-end / floor ratio and
 * peak RSS. Targets (see README): end to end (ingest + reconcile) within 2x the floor; peak RSS at N
 * rows at most 1.2x that at N/10. Figures are printed, never asserted.
 */
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { rows: { type: 'string' }, embedded: { type: 'boolean' }, server: { type: 'string' } } });
const rows = Number(values.rows ?? 1_000_000);
const server = values.embedded ? undefined : (values.server ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');

interface StageResult {
  rows: number;
  backend: string;
  timings: Record<'parse' | 'import' | 'ingest' | 'reconcile' | 'ingestRelease' | 'reconcileWithRelease', number>;
  floor?: { copy: number; join: number };
  stored: number;
  mismatches: number;
  mismatchesWithRelease: number;
  peakRssMb: number;
}

function stage(n: number): StageResult {
  const args = ['bin/run-ts.js', 'bench/stage.ts', '--rows', String(n), ...(server ? ['--server', server] : [])];
  const out = execFileSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 });
  return JSON.parse(out.trim().split('\n').pop()!) as StageResult;
}

const rate = (n: number, seconds: number) => `${Math.round(n / seconds).toLocaleString('en-US')} rows/s`;
const secs = (s: number) => `${s.toFixed(2)} s`;

const small = stage(Math.max(1000, Math.round(rows / 10)));
const big = stage(rows);
console.log(`mp-recon benchmark: ${big.rows.toLocaleString('en-US')} settlement rows, ${big.backend}, node ${process.version}`);
for (const name of ['parse', 'import', 'ingest', 'reconcile'] as const) {
  console.log(`  ${name.padEnd(10)} ${secs(big.timings[name]).padStart(9)}  ${rate(big.rows, big.timings[name])}`);
}
const endToEnd = big.timings.ingest + big.timings.reconcile;
console.log(`  ${'end-to-end'.padEnd(10)} ${secs(endToEnd).padStart(9)}  ${rate(big.rows, endToEnd)}  (ingest + reconcile; ${big.mismatches} mismatches)`);
if (big.floor) {
  const floor = big.floor.copy + big.floor.join;
  console.log(`  ${'floor'.padEnd(10)} ${secs(floor).padStart(9)}  (psql \\copy ${secs(big.floor.copy)} + indexed join ${secs(big.floor.join)})`);
  console.log(`end-to-end/floor ratio: ${(endToEnd / floor).toFixed(2)}`);
} else {
  console.log('end-to-end/floor ratio: n/a (needs psql on the PATH and a Postgres server)');
}
console.log(`release report (same payments): ingest ${secs(big.timings.ingestRelease)} ${rate(big.rows, big.timings.ingestRelease)}; reconcile with release checks ${secs(big.timings.reconcileWithRelease)} (${big.mismatchesWithRelease} mismatches)`);
console.log(`peak RSS: ${big.peakRssMb} MB at ${big.rows.toLocaleString('en-US')} rows, ${small.peakRssMb} MB at ${small.rows.toLocaleString('en-US')} rows (ratio ${(big.peakRssMb / small.peakRssMb).toFixed(2)})`);
