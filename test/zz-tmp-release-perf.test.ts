import { it } from 'vitest';
import { ingestFile } from '../jobs/ingest-file.ts';
import { bind } from '../src/reconcile/bind.ts';
import { RELEASE_KINDS, releaseKindStatements } from '../src/reconcile/release-kinds.ts';
import { RELEASE_WINDOW_TABLE_STATEMENTS } from '../src/reconcile/release-window-tables.ts';
import { FINDINGS_TABLE, KIND_STATEMENTS, SETTLEMENT_KINDS } from '../src/reconcile/settlement-kinds.ts';
import { WINDOW_TABLE_STATEMENTS } from '../src/reconcile/window-tables.ts';
import { businessWindow } from '../src/util/dates.ts';
import { load, writeTemp } from './helpers/fixtures.ts';
import { simulateTraffic } from './helpers/simulated-traffic.ts';
import { createTestDb } from './helpers/test-db.ts';

it('perf probe', async () => {
  const t = await createTestDb();
  const traffic = simulateTraffic({ from: '2026-10-01', to: '2026-11-30', paymentsPerDay: 800 });
  await load(t.deps, { orders: traffic.orders, payments: traffic.payments, refunds: traffic.refunds });
  await ingestFile(t.deps, { path: writeTemp(traffic.report('settlement', '2026-10-01', '2026-10-31')), from: '2026-10-01', to: '2026-10-31' });
  await ingestFile(t.deps, { path: writeTemp(traffic.report('settlement', '2026-11-01', '2026-11-30')), from: '2026-11-01', to: '2026-11-30' });
  await ingestFile(t.deps, { path: writeTemp(traffic.report('release', '2026-11-01', '2026-11-30')), from: '2026-11-01', to: '2026-11-30' });
  const { start, end } = businessWindow('2026-11-01', '2026-11-30', t.deps.config.timezone);
  const params = { start, end, site: 'MLA', tz: t.deps.config.timezone, grace: 24, run: '1', kinds: [] };
  const client = await t.deps.conn.pool.connect();
  await client.query('begin');
  const timed = async (name: string, text: string) => {
    const t0 = performance.now();
    await client.query(...bind(text, params));
    const ms = Math.round(performance.now() - t0);
    console.log(name, ms, text.slice(0, 60).replace(/\s+/g, ' '));
  };
  for (const s of WINDOW_TABLE_STATEMENTS) await timed('window', s);
  await client.query(FINDINGS_TABLE);
  for (const k of SETTLEMENT_KINDS) for (const s of KIND_STATEMENTS[k]) await timed(k, s);
  for (const s of RELEASE_WINDOW_TABLE_STATEMENTS) await timed('rwindow', s);
  const rs = releaseKindStatements({ coupon: 'excluded' });
  for (const k of RELEASE_KINDS) for (const s of rs[k]) await timed(k, s);
  await client.query('rollback');
  client.release();
  await t.close();
}, 600_000);
