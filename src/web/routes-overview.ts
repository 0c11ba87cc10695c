/** The overview (`/`), grouped by account, the runs and the coverage calendar. */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { type KindCoverage, reportCoverage } from '../finance/report-coverage.ts';
import { html, type Markup } from '../finance/escape-html.ts';
import { formatMoney } from '../finance/money-text.ts';
import { nextStepFor } from '../finance/next-steps.ts';
import { amountAtRisk } from '../finance/at-risk.ts';
import type { WebRoutes } from './web-routes.ts';
import { coverageCalendars, gapList } from './coverage-calendar.ts';
import { page } from './layout.ts';
import { openAging, openByKind, type RunLine, recentRuns } from './overview-data.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function registerOverviewRoutes({ app, deps, pageContext }: WebRoutes): void {
  const db = deps.conn.db;

  app.get('/', async (req, reply) => {
    const [risk, kinds, aging, runs, coverage] = await Promise.all([amountAtRisk(db), openByKind(db), openAging(db, deps.now()), recentRuns(db, 8), coverageByAccount(db)]);
    const body = html`<h2>At risk</h2>
${risk.length === 0 ? html`<p class="ok">Nothing open: every mismatch is resolved.</p>` : html`<div class="cards">${risk.map(
      (r) => html`<div class="card" data-account="${r.account_id}"><div>${r.account_id} · ${r.site} · ${r.currency}</div><div class="big">${r.currency} ${formatMoney(r.amount)}</div><div>${r.orders} order(s), ${r.mismatches} open mismatch(es)</div></div>`,
    )}</div><p>Sum of absolute differences of open and acknowledged mismatches; an order counts once, at its largest difference.</p>`}
<h2>Open by kind</h2>${kinds.length === 0 ? html`<p>None.</p>` : html`<table><thead><tr><th>Account</th><th>Site</th><th>Kind</th><th class="num">Open</th><th class="num">At risk</th><th>What to do next</th></tr></thead><tbody>${kinds.map(
      (k) => html`<tr><td><a href="/mismatches?account=${k.account_id}">${k.account_id}</a></td><td>${k.site}</td><td><a href="/mismatches?kind=${k.kind}&amp;account=${k.account_id}">${k.kind}</a></td><td class="num">${k.mismatches}</td><td class="num">${k.currency} ${formatMoney(k.at_risk)}</td><td class="note">${nextStepFor(k.kind)}</td></tr>`,
    )}</tbody></table>`}
<h2>Aging (since first seen)</h2>${aging.length === 0 ? html`<p>None.</p>` : html`<table><thead><tr><th>Account</th><th>Age</th><th class="num">Open</th></tr></thead><tbody>${aging.map((a) => html`<tr><td>${a.account_id}</td><td>${a.bucket}</td><td class="num">${a.mismatches}</td></tr>`)}</tbody></table>`}
<h2>Coverage gaps</h2>${coverage.map(([account, c]) => html`<h3>${account}</h3>${gapList(c)}`)}
<h2>Last runs</h2>${runsTable(runs)}<p><a href="/runs">All runs</a></p>`;
    return reply.type('text/html').send(page(pageContext(req, reply), 'Overview', body));
  });

  app.get('/runs', async (req, reply) => reply.type('text/html').send(page(pageContext(req, reply), 'Runs', runsTable(await recentRuns(db, 200)))));

  app.get('/coverage', async (req, reply) => {
    const query = req.query as Record<string, string | undefined>;
    const from = DATE.test(query.from ?? '') ? query.from : undefined;
    const to = DATE.test(query.to ?? '') ? query.to : undefined;
    const account = typeof query.account === 'string' && query.account ? query.account : undefined;
    const coverage = await reportCoverage(db, { accounts: account === undefined ? undefined : [account], from, to });
    const form = html`<form class="filters" method="get" action="/coverage"><label>Account <input name="account" value="${account}" size="10" placeholder="all"></label><label>From <input type="date" name="from" value="${from}"></label><label>To <input type="date" name="to" value="${to}"></label><button type="submit">Show</button></form>`;
    return reply.type('text/html').send(page(pageContext(req, reply), 'Report coverage', html`${form}${gapList(coverage)}${coverageCalendars(coverage)}`));
  });
}

/** Each account's own coverage: one account's reports never cover another's days. */
async function coverageByAccount(db: Kysely<Database>): Promise<[string, KindCoverage[]][]> {
  const { rows } = await sql<{ account_id: string }>`select distinct account_id from report_files order by 1`.execute(db);
  return Promise.all(rows.map(async ({ account_id }) => [account_id, await reportCoverage(db, { accounts: [account_id] })] as [string, KindCoverage[]]));
}

function runsTable(runs: readonly RunLine[]): Markup {
  if (runs.length === 0) return html`<p>No runs yet.</p>`;
  return html`<table><thead><tr><th>ID</th><th>Account</th><th>Job</th><th>Window</th><th>Status</th><th>Error</th><th>Started (UTC)</th><th class="num">Seconds</th></tr></thead><tbody>${runs.map(
    (r) => html`<tr><td class="id">${r.id}</td><td class="id">${r.account_id}</td><td>${r.job}</td><td class="id">${r.window}</td><td class="${r.status === 'failed' ? 'bad' : r.status === 'succeeded' ? 'ok' : ''}">${r.status}</td><td>${r.error_code}</td><td class="id">${r.started_at}</td><td class="num">${r.seconds}</td></tr>`,
  )}</tbody></table>`;
}
