/**
 * Use case: the demo. Starts the simulator in this process, seeds it with a month of traffic for the
 * site, imports the matching internal records (with one planted discrepancy of every kind), then runs
 * the real pipeline against it: backfill (fetch both report kinds, ingest, reconcile) and the finance
 * summary. It owns its schema (recon_demo) and starts it afresh, so running it twice is fine and it
 * never touches real data.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { migrateToLatest } from '../src/db/migrate.ts';
import { demoTraffic } from '../simulator/generator/demo-month.ts';
import type { Deps } from '../src/deps.ts';
import { writeFinanceReport } from '../jobs/write-finance-report.ts';
import { MpClient } from '../src/mp/client.ts';
import { toCsv } from '../src/output/format-rows.ts';
import { startSimulator } from '../simulator/server.ts';
import { addDays, businessDateOf } from '../src/util/dates.ts';
import type { AcquireProgress } from '../jobs/acquire-reports.ts';
import { backfill } from '../jobs/backfill.ts';
import { importInternal } from '../jobs/import-internal.ts';

export const DEMO_SCHEMA = 'recon_demo';
const DEMO_TOKEN = 'TEST-0000000000000000-mp-recon-demo';

export interface DemoRequest {
  readonly days: number;
  readonly out?: string | undefined;
  readonly onStep?: (line: string) => void;
  readonly onProgress?: (event: AcquireProgress) => void;
}

export interface DemoSummaryRow {
  readonly kind: string;
  readonly currency: string | null;
  readonly mismatches: number;
  /** Sum of absolute differences (opposite ones add up); null for a currency mismatch, whose amounts are in two currencies. */
  readonly atRisk: string | null;
}

export interface DemoResult {
  readonly from: string;
  readonly to: string;
  readonly orders: number;
  readonly rowsStored: number;
  readonly summary: DemoSummaryRow[];
  readonly reportPath: string;
  readonly planted: Record<string, string>;
}

export async function runDemo(deps: Deps, request: DemoRequest): Promise<DemoResult> {
  const step = request.onStep ?? (() => {});
  const to = addDays(businessDateOf(deps.now(), deps.config.timezone), -1);
  const from = addDays(to, -(request.days - 1));
  await sql`drop schema if exists ${sql.id(deps.conn.schema)} cascade`.execute(deps.conn.db);
  await migrateToLatest(deps.conn);

  const traffic = demoTraffic(deps.config.site, from, to);
  const sim = await startSimulator({});
  const dir = mkdtempSync(join(tmpdir(), 'mp-recon-demo-'));
  try {
    sim.state.addAccount({ accessToken: DEMO_TOKEN, siteId: deps.config.site });
    // One payment carries an MKP fee that FEE_AMOUNT leaves out: the row_arithmetic case.
    sim.state.setQuirks({ mkpFee: 'additive' });
    sim.state.addMovements(DEMO_TOKEN, traffic.movements);
    step(`simulator on ${sim.url}: ${traffic.movements.length} movements for ${deps.config.site}, ${from}..${to}`);

    const files = {
      orders: toCsv(['order_id', 'external_reference', 'site', 'currency', 'amount', 'status', 'created_at', 'paid_at'], traffic.orders),
      payments: toCsv(['mp_payment_id', 'order_id', 'amount', 'currency', 'status', 'approved_at'], traffic.payments),
      refunds: toCsv(['refund_id', 'order_id', 'mp_payment_id', 'mp_refund_id', 'amount', 'currency', 'status', 'created_at'], traffic.refunds),
    };
    for (const [kind, text] of Object.entries(files) as [keyof typeof files, string][]) {
      const path = join(dir, `${kind}.csv`);
      writeFileSync(path, text);
      const r = await importInternal(deps, kind, path);
      step(`imported ${r.rows} ${kind}`);
    }

    const mp = new MpClient({ baseUrl: sim.url, accessToken: DEMO_TOKEN, log: deps.log });
    const demoDeps = { ...deps, config: { ...deps.config, dataDir: join(dir, 'data') }, mp };
    const result = await backfill(demoDeps, { from, to, onProgress: request.onProgress });
    if (result.status !== 'done') throw new Error('the demo backfill could not take its lock');
    step(`fetched and ingested ${result.acquired.files.length} report file(s), ${result.acquired.rowsStored} rows; reconciled ${from}..${to}`);

    const summary = await sql<DemoSummaryRow>`
      select kind, currency, count(*)::int as mismatches,
             case when kind = 'currency_mismatch' then null else sum(abs(difference))::text end as "atRisk"
        from mismatches where status = 'open' group by kind, currency order by kind, currency`.execute(deps.conn.db);
    const report = await writeFinanceReport(deps, { from, to, out: request.out });
    return {
      from,
      to,
      orders: traffic.orders.length,
      rowsStored: result.acquired.rowsStored,
      summary: summary.rows,
      reportPath: report.path,
      planted: traffic.planted,
    };
  } finally {
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
