import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importInternal } from '../jobs/import-internal.ts';
import { ingestFile } from '../jobs/ingest-file.ts';
import { reconcileWindow } from '../jobs/reconcile-window.ts';
import { scopeToAccount } from '../src/accounts/account-scope.ts';
import { defaultAccount } from '../src/accounts/resolve-accounts.ts';
import { loadConfig } from '../src/config.ts';
import { type Connection, openConnection } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import type { Deps } from '../src/deps.ts';
import { createLogger } from '../src/log.ts';
import { listMismatches } from '../src/mismatches/list-mismatches.ts';
import { runCli } from './helpers/run-cli.ts';
import { createTestDb, type TestDb, testBackend } from './helpers/test-db.ts';

const log = createLogger({ level: 'silent' });
const dir = mkdtempSync(join(tmpdir(), 'mp-recon-embedded-'));
let embedded: Connection;
let server: TestDb | undefined;

beforeAll(async () => {
  embedded = await openConnection(loadConfig({ RECON_DATA_DIR: dir, LOG_LEVEL: 'silent' }), log);
  await migrateToLatest(embedded);
  if (testBackend() === 'postgres') server = await createTestDb();
}, 120_000);

afterAll(async () => {
  await embedded.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function reconcileSamples(deps: Deps) {
  for (const kind of ['orders', 'payments', 'refunds'] as const) await importInternal(deps, kind, `samples/mla/${kind}.csv`);
  await ingestFile(deps, { path: 'samples/mla/settlement-2026-11-01.csv', from: '2026-11-01', to: '2026-11-07' });
  await ingestFile(deps, { path: 'samples/mla/settlement-2026-11-07.csv' });
  await reconcileWindow(deps, { from: '2026-11-01', to: '2026-11-07' });
  const found = await listMismatches(deps.conn.db, { status: 'all' });
  return found.map(({ id, first_seen_at, last_seen_at, ...rest }) => rest);
}

describe('the embedded database', () => {
  it.skipIf(testBackend() !== 'postgres')('gives the same mismatches as a Postgres server for the same data', async () => {
    const config = loadConfig({ RECON_DATA_DIR: dir, LOG_LEVEL: 'silent' });
    const deps: Deps = scopeToAccount({ conn: embedded, log, config, now: () => new Date() }, defaultAccount(config));
    const onEmbedded = await reconcileSamples(deps);
    const onServer = await reconcileSamples(server!.deps);
    expect(onEmbedded.length).toBeGreaterThan(10);
    expect(onEmbedded).toEqual(onServer);
  });

  it('refuses COPY FROM STDIN, which would hang it, and stays usable', async () => {
    const client = await embedded.pool.connect();
    try {
      expect(() => client.query('COPY orders FROM STDIN')).toThrow(expect.objectContaining({ code: 'EMBEDDED_COPY_STDIN' }));
      expect((await client.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
    } finally {
      client.release();
    }
  });

  it('serves one process at a time, and says so to the second', async () => {
    const r = await runCli(['mismatches'], { RECON_DATA_DIR: dir, DATABASE_URL: '' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/EMBEDDED_BUSY: another mp-recon process \(pid \d+\) is using the embedded database/);
  });
});
