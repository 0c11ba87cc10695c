/**
 * Re-run cost as a new user meets it: a settlement report of N rows whose orders were never imported,
 * so every row is a payment_missing_internally mismatch. Reconciles the window (first run), then the same
 * window again (the re-run, with N open mismatches), in its own database, and prints one JSON line:
 * {rows, firstRunSeconds, rerunSeconds, mismatches}. Same conventions as stage.ts: `--server` is an admin
 * URL (absent = embedded).
 */
import { scopeToAccount } from '../src/accounts/account-scope.ts';
import { defaultAccount } from '../src/accounts/resolve-accounts.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { ingestFile } from '../jobs/ingest-file.ts';
import { reconcileWindow } from '../jobs/reconcile-window.ts';
import { loadConfig } from '../src/config.ts';
import { openConnection } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { createLogger } from '../src/log.ts';
import { generate } from './generate.ts';

const { values } = parseArgs({ options: { rows: { type: 'string' }, server: { type: 'string' } } });
const rows = Number(values.rows ?? 10_000);
const serverUrl = values.server;
const dir = mkdtempSync(join(tmpdir(), 'mp-recon-rerun-'));
const reportPath = join(dir, 'settlement.csv');
const WINDOW = { from: '2026-10-01', to: '2026-10-28' };

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function seconds(work: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await work();
  return (performance.now() - t0) / 1000;
}

// The orders file is written and left unread: no order is imported.
await generate(rows, reportPath, join(dir, 'orders.csv'));

const dbName = `mp_recon_rerun_${process.pid}`;
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
const deps = scopeToAccount({ conn, log, config, now: () => new Date() }, defaultAccount(config));
try {
  await migrateToLatest(conn);
  await ingestFile(deps, { path: reportPath, ...WINDOW });
  const firstRunSeconds = await seconds(() => reconcileWindow(deps, WINDOW));
  let mismatches = 0;
  const rerunSeconds = await seconds(async () => {
    mismatches = (await reconcileWindow(deps, WINDOW)).stillOpen;
  });
  await conn.close();
  console.log(JSON.stringify({ rows, firstRunSeconds, rerunSeconds, mismatches }));
} finally {
  if (admin) {
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
  rmSync(dir, { recursive: true, force: true });
}
