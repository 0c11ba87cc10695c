/**
 * What a nightly cycle's database work costs with 60 days of history stored, against the same cycle
 * on a database that holds only the days its window reopens: ingest the new day's settlement report,
 * then reconcile the nightly window (the new day and the RECON_REOPEN_DAYS before it). The ratio shows
 * whether cost follows the day or the table. Prints one JSON line:
 * { rowsPerDay, withHistory, withoutHistory } (seconds).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { importInternal } from '../jobs/import-internal.ts';
import { ingestFile } from '../jobs/ingest-file.ts';
import { reconcileWindow } from '../jobs/reconcile-window.ts';
import { openBenchDb } from './bench-db.ts';
import { generate } from './generate.ts';

const { values } = parseArgs({ options: { 'rows-per-day': { type: 'string' }, server: { type: 'string' } } });
const rowsPerDay = Number(values['rows-per-day'] ?? 5000);
const dir = mkdtempSync(join(tmpdir(), 'mp-recon-bench-nightly-'));
const DAY_MS = 86_400_000;
const first = Date.parse('2026-08-01T03:00:00Z'); // 2026-08-01 00:00 at -03:00
const isoDay = (ms: number) => new Date(ms - 3 * 3_600_000).toISOString().slice(0, 10);

interface DayFiles {
  readonly report: string;
  readonly orders: string;
  readonly from: string;
  readonly to: string;
}

/** Days [fromDay, fromDay + days) after the first history day, as one settlement file and its orders. */
async function files(name: string, fromDay: number, days: number): Promise<DayFiles> {
  const report = join(dir, `${name}.csv`);
  const orders = join(dir, `${name}-orders.csv`);
  const start = first + fromDay * DAY_MS;
  await generate(rowsPerDay * days, report, orders, { start: new Date(start).toISOString(), days, firstId: fromDay * rowsPerDay });
  return { report, orders, from: isoDay(start), to: isoDay(start + (days - 1) * DAY_MS) };
}

const older = await files('older', 0, 53); // days 1..53 of history
const reopened = await files('reopened', 53, 7); // days 54..60: the window the nightly reopens
const today = await files('today', 60, 1); // the new day

async function nightly(history: readonly DayFiles[], name: string): Promise<number> {
  const db = await openBenchDb(values.server, dir, name);
  try {
    for (const f of history) {
      await importInternal(db.deps, 'orders', f.orders);
      await ingestFile(db.deps, { path: f.report, from: f.from, to: f.to });
    }
    await reconcileWindow(db.deps, { from: history[0]!.from, to: history.at(-1)!.to });
    await importInternal(db.deps, 'orders', today.orders);
    const t0 = performance.now();
    await ingestFile(db.deps, { path: today.report, from: today.from, to: today.to });
    await reconcileWindow(db.deps, { from: reopened.from, to: today.to });
    return (performance.now() - t0) / 1000;
  } finally {
    await db.drop();
  }
}

try {
  const withHistory = await nightly([older, reopened], 'history');
  const withoutHistory = await nightly([reopened], 'fresh');
  console.log(JSON.stringify({ rowsPerDay, withHistory, withoutHistory }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
