/**
 * The demo path, in process: a simulator seeded from the MLA sample settlement report (what
 * `mp-recon sandbox --seed samples/mla/settlement-2026-11-01.csv` does), the sample orders, payments
 * and refunds imported, and a backfill of the sample week finds the planted mismatches, except the two
 * a simulator cannot replay: it serves no USD row in an ARS account (so order 100504 is simply missing
 * from the report) and recomputes every row's arithmetic (so no row_arithmetic).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backfill } from '../jobs/backfill.ts';
import { importInternal } from '../jobs/import-internal.ts';
import { createLogger } from '../src/log.ts';
import { MpClient } from '../src/mp/client.ts';
import { createManualClock } from '../simulator/clock.ts';
import { seedFromFile } from '../simulator/seed-file.ts';
import { type RunningSimulator, startSimulator } from '../simulator/server.ts';
import { createTestDb, type TestDb } from './helpers/test-db.ts';

const TOKEN = 'TEST-0000000000000000-mp-recon-sandbox';
let sim: RunningSimulator;
let db: TestDb;

beforeAll(async () => {
  sim = await startSimulator({ clock: createManualClock('2026-11-10T12:00:00Z') });
  db = await createTestDb();
});
afterAll(async () => {
  await sim.close();
  await db.close();
});

describe('sandbox seeded from a sample report', () => {
  it('turns the report rows into ledger movements, listing what it cannot replay', async () => {
    const [seeded] = await seedFromFile(sim.state, 'samples/mla/settlement-2026-11-01.csv', { accessToken: TOKEN, siteId: 'MLA' });
    expect(seeded?.account).toMatchObject({ accessToken: TOKEN, siteId: 'MLA', currency: 'ARS' });
    expect(seeded?.movements).toBeGreaterThan(50);
    expect(seeded?.skipped).toEqual([expect.stringContaining('in USD'), expect.stringContaining('arithmetic fixed')]);
  });

  it('a backfill of the sample week against it finds the planted mismatches', async () => {
    const deps = db.deps;
    for (const kind of ['orders', 'payments', 'refunds'] as const) await importInternal(deps, kind, `samples/mla/${kind}.csv`);
    const log = createLogger({ level: 'silent' });
    const mp = new MpClient({ baseUrl: sim.url, accessToken: TOKEN, log, sleep: async () => {} });
    const config = { ...deps.config, dataDir: mkdtempSync(join(tmpdir(), 'mp-recon-sandbox-')) };
    const r = await backfill({ ...deps, config, mp }, { from: '2026-11-01', to: '2026-11-07' });
    expect(r.status).toBe('done');

    const planted = (JSON.parse(readFileSync('samples/expected-mismatches.json', 'utf8')) as { mla: { kind: string; external_reference: string | null }[] }).mla;
    const replayable = planted
      .filter((m) => m.kind !== 'currency_mismatch' && m.kind !== 'row_arithmetic')
      .concat({ kind: 'payment_missing_in_report', external_reference: 'MLA-ORD-100504' })
      .map((m) => `${m.kind} ${m.external_reference}`)
      .sort();
    const found = await deps.conn.db.selectFrom('mismatches').select(['kind', 'external_reference']).where('status', '=', 'open').execute();
    expect(found.map((m) => `${m.kind} ${m.external_reference}`).sort()).toEqual(replayable);
  });
});
