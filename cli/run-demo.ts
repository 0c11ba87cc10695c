/**
 * Use case: the demo. Starts the simulator in this process, seeds it with a month of traffic for the
 * site, imports the matching internal records (with one planted discrepancy of every kind), then runs
 * the real pipeline against it: backfill (fetch both report kinds, ingest, reconcile) and the finance
 * summary. With `accounts` above one, as many Mercado Pago accounts over the seven sites in turn, each
 * with its own token, user, ledger and orders, all in one database. It owns its schema (recon_demo)
 * and starts it afresh, so running it twice is fine and it never touches real data.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { AcquireProgress } from '../jobs/acquire-reports.ts';
import { backfill } from '../jobs/backfill.ts';
import { importInternal } from '../jobs/import-internal.ts';
import { addAccount } from '../jobs/manage-accounts.ts';
import { writeFinanceReport } from '../jobs/write-finance-report.ts';
import { demoTraffic } from '../simulator/generator/demo-month.ts';
import { type RunningSimulator, startSimulator } from '../simulator/server.ts';
import { scopeToAccount } from '../src/accounts/account-scope.ts';
import { defaultAccount } from '../src/accounts/resolve-accounts.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import type { Deps, EngineDeps } from '../src/deps.ts';
import { MpClient } from '../src/mp/client.ts';
import { toCsv } from '../src/output/format-rows.ts';
import { SITE_IDS, type SiteId } from '../src/sites.ts';
import { addDays, businessDateOf } from '../src/util/dates.ts';

export const DEMO_SCHEMA = 'recon_demo';
const DEMO_TOKEN = 'TEST-0000000000000000-mp-recon-demo';

export interface DemoRequest {
  readonly days: number;
  /** Mercado Pago accounts to simulate (default 1: the configured site, as the account named default). */
  readonly accounts?: number;
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

export interface DemoAccount {
  readonly id: string;
  readonly site: SiteId;
  readonly currency: string;
  readonly orders: number;
  readonly rowsStored: number;
  readonly summary: DemoSummaryRow[];
  readonly reportPath: string;
}

export interface DemoResult {
  readonly from: string;
  readonly to: string;
  readonly accounts: DemoAccount[];
  readonly planted: Record<string, string>;
}

export async function runDemo(engine: EngineDeps, request: DemoRequest): Promise<DemoResult> {
  const step = request.onStep ?? (() => {});
  const to = addDays(businessDateOf(engine.now(), engine.config.timezone), -1);
  const from = addDays(to, -(request.days - 1));
  await sql`drop schema if exists ${sql.id(engine.conn.schema)} cascade`.execute(engine.conn.db);
  await migrateToLatest(engine.conn);

  const sim = await startSimulator({});
  const dir = mkdtempSync(join(tmpdir(), 'mp-recon-demo-'));
  const base: EngineDeps = { ...engine, config: { ...engine.config, mpBaseUrl: sim.url, dataDir: join(dir, 'data') } };
  // One payment carries an MKP fee that FEE_AMOUNT leaves out: the row_arithmetic case.
  sim.state.setQuirks({ mkpFee: 'additive' });
  try {
    const count = request.accounts ?? 1;
    const sites = sitesFrom(engine.config.site, count);
    const accounts: DemoAccount[] = [];
    let planted: Record<string, string> = {};
    for (const [i, site] of sites.entries()) {
      const { deps, token } = count === 1 ? defaultDemoAccount(base, sim) : await addDemoAccount(base, sim, site, i);
      const traffic = demoTraffic(site, from, to);
      sim.state.addMovements(token, traffic.movements);
      if (i === 0) planted = traffic.planted;
      step(`${count === 1 ? 'simulator' : `account ${deps.account.id}`} on ${sim.url}: ${traffic.movements.length} movements for ${site}, ${from}..${to}`);
      accounts.push(await reconcileDemoAccount(deps, token, sim, traffic, { from, to, dir, request, step }));
    }
    return { from, to, accounts, planted };
  } finally {
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `count` sites in turn, starting with `first`. */
function sitesFrom(first: SiteId, count: number): SiteId[] {
  const start = SITE_IDS.indexOf(first);
  return Array.from({ length: count }, (_, i) => SITE_IDS[(start + i) % SITE_IDS.length] as SiteId);
}

function defaultDemoAccount(base: EngineDeps, sim: RunningSimulator): { deps: Deps; token: string } {
  sim.state.addAccount({ accessToken: DEMO_TOKEN, siteId: base.config.site });
  const config = { ...base.config, mpAccessToken: DEMO_TOKEN };
  return { deps: scopeToAccount({ ...base, config }, defaultAccount(config)), token: DEMO_TOKEN };
}

/** An account added the way a person would (`accounts add`, its token checked with Mercado Pago). */
async function addDemoAccount(base: EngineDeps, sim: RunningSimulator, site: SiteId, index: number): Promise<{ deps: Deps; token: string }> {
  const round = Math.floor(index / SITE_IDS.length);
  const id = `demo-${site.toLowerCase()}${round > 0 ? `-${round + 1}` : ''}`;
  const token = `${DEMO_TOKEN}-${id}`;
  const variable = `MP_TOKEN_${id.toUpperCase().replaceAll('-', '_')}`;
  process.env[variable] = token;
  sim.state.addAccount({ accessToken: token, siteId: site });
  const { account } = await addAccount(base, { id, site, token: { kind: 'env', name: variable } });
  return { deps: scopeToAccount(base, account), token };
}

interface DemoWindow {
  readonly from: string;
  readonly to: string;
  readonly dir: string;
  readonly request: DemoRequest;
  readonly step: (line: string) => void;
}

async function reconcileDemoAccount(
  deps: Deps,
  token: string,
  sim: RunningSimulator,
  traffic: ReturnType<typeof demoTraffic>,
  { from, to, dir, request, step }: DemoWindow,
): Promise<DemoAccount> {
  const files = {
    orders: toCsv(['order_id', 'external_reference', 'site', 'currency', 'amount', 'status', 'created_at', 'paid_at'], traffic.orders),
    payments: toCsv(['mp_payment_id', 'order_id', 'amount', 'currency', 'status', 'approved_at'], traffic.payments),
    refunds: toCsv(['refund_id', 'order_id', 'mp_payment_id', 'mp_refund_id', 'amount', 'currency', 'status', 'created_at'], traffic.refunds),
  };
  for (const [kind, text] of Object.entries(files) as [keyof typeof files, string][]) {
    const path = join(dir, `${deps.account.id}-${kind}.csv`);
    writeFileSync(path, text);
    const r = await importInternal(deps, kind, path);
    step(`imported ${r.rows} ${kind}`);
  }
  const mp = new MpClient({ baseUrl: sim.url, accessToken: token, log: deps.log });
  const result = await backfill({ ...deps, mp }, { from, to, onProgress: request.onProgress });
  if (result.status !== 'done') throw new Error('the demo backfill could not take its lock');
  step(`fetched and ingested ${result.acquired.files.length} report file(s), ${result.acquired.rowsStored} rows; reconciled ${from}..${to}`);

  const summary = await sql<DemoSummaryRow>`
    select kind, currency, count(*)::int as mismatches,
           case when kind = 'currency_mismatch' then null else sum(abs(difference))::text end as "atRisk"
      from mismatches where account_id = ${deps.account.id} and status = 'open' group by kind, currency order by kind, currency`.execute(deps.conn.db);
  const single = (request.accounts ?? 1) === 1;
  const id = deps.account.id;
  const out = single ? request.out : (request.out?.replace(/(\.html?)?$/i, `-${id}$1`) ?? `mp-recon-report-${id}-${from}-${to}.html`);
  const report = await writeFinanceReport(deps, { from, to, out });
  return {
    id,
    site: deps.account.site,
    currency: deps.account.currency,
    orders: traffic.orders.length,
    rowsStored: result.acquired.rowsStored,
    summary: summary.rows,
    reportPath: report.path,
  };
}
