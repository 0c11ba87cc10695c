/**
 * Renders the finance report as one self-contained HTML page: inline CSS and SVG, no script, no font,
 * image or link to fetch, and a Content-Security-Policy that forbids loading anything, so the file can
 * be mailed and opened offline. Every text from the data is escaped (references come from files other
 * systems wrote); amounts are printed from their numeric text, exactly.
 */
import { DEFAULT_ACCOUNT_ID } from '../accounts/account.ts';
import { businessDateOf } from '../util/dates.ts';
import { type AgingRow, byCurrency } from './aging.ts';
import { html, type Markup, raw } from './escape-html.ts';
import { cashTable } from './html-cash-table.ts';
import { mismatchTable } from './html-mismatch-table.ts';
import { kindColors, orderKinds } from './kind-colors.ts';
import { formatMoney } from './money-text.ts';
import { nextStepFor } from './next-steps.ts';
import type { CurrencyTotals, ReportData } from './report-data.ts';
import { REPORT_CSS } from './report-style.ts';
import { dayKindChart } from './svg-day-kind-chart.ts';

// Nothing may load: styles only from the page itself, no script at all. A constant, so written as is.
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/**
 * One account's report, or with several (`report --account all`) one page with a part per account:
 * each account has its own site, currency, timezone and books, so nothing is added across accounts.
 */
export function renderReportHtml(input: ReportData | readonly ReportData[]): string {
  const reports: readonly ReportData[] = Array.isArray(input) ? input : [input as ReportData];
  const first = reports[0];
  if (!first) throw new Error('renderReportHtml needs at least one account');
  const several = reports.length > 1;
  const title = several
    ? `Reconciliation report, ${reports.length} accounts, ${first.from} to ${first.to}`
    : `Reconciliation report ${accountLabel(first)} ${first.from} to ${first.to}`;
  const asOfDate = businessDateOf(first.asOf, first.timezone);
  const who = several
    ? html`Accounts ${reports.map((d, i) => html`${i > 0 ? ', ' : ''}<strong data-account="${d.account}">${d.account}</strong> (${d.site})`)}`
    : html`Account <strong data-account="${first.account}">${first.account}</strong> · site <strong>${first.site}</strong>`;
  const zone = several ? 'each in its account\'s timezone' : first.timezone;
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${raw(CSP)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${raw(REPORT_CSS)}</style>
</head>
<body>
<header>
<h1>Reconciliation report</h1>
<p class="meta">${who} · business dates <strong data-window-from>${first.from}</strong> to <strong data-window-to>${first.to}</strong> (${zone}) · as of <span data-as-of="${first.asOf.toISOString()}">${asOfDate}, ${first.asOf.toISOString().slice(11, 16)} UTC</span></p>
</header>
<main>
${several ? reports.map((d) => html`<section class="account" id="account-${d.account}" data-account="${d.account}">
<h2 class="account">Account ${d.account}: site ${d.site}, ${d.currency}, ${d.timezone}</h2>
${accountSections(d, `${d.account}-`)}
</section>
`) : accountSections(first, '')}
</main>
${footnote(first, several ? 'all' : first.account)}
</body>
</html>
`;
  return page.html;
}

/** `default` is the account of a database with none defined: the site names it, as before accounts. */
function accountLabel(data: ReportData): string {
  return data.account === DEFAULT_ACCOUNT_ID ? data.site : `${data.account} ${data.site}`;
}

const exportCommandOf = (data: ReportData, account = data.account) => `mp-recon mismatches export --account ${account} --from ${data.from} --to ${data.to} > mismatches.csv`;

/** An account's sections; `prefix` keeps their ids apart when the page holds several accounts. */
function accountSections(data: ReportData, prefix: string): Markup {
  const asOfDate = businessDateOf(data.asOf, data.timezone);
  return html`<section id="${prefix}at-risk">
<h2>At risk</h2>
${headline(data.totals)}
</section>
<section id="${prefix}totals">
<h2>Totals per currency</h2>
${totalsTable(data.totals)}
</section>
<section id="${prefix}chart">
<h2>Open mismatches by kind and business day</h2>
${chartSection(data)}
</section>
<section id="${prefix}aging">
<h2>Aging of open mismatches</h2>
${agingTable(data.aging)}
<p class="note">Age: whole days from the day a reconciliation run first saw the mismatch to ${asOfDate}, both in ${data.timezone}.</p>
</section>
${data.cash.length > 0 ? html`<section id="${prefix}cash">
<h2>Cash: available balance by day (release reports)</h2>
${cashTable(data.cash)}
</section>` : ''}
${nextSteps(data, prefix)}
<section id="${prefix}open">
<h2>Open mismatches (${formatMoney(String(data.open.length))})</h2>
${mismatchTable(data.open, data.timezone, exportCommandOf(data))}
</section>`;
}

/** One line per kind present: what finance does next about it. */
function nextSteps(data: ReportData, prefix: string): Markup {
  const kinds = orderKinds(new Set(data.open.map((m) => m.kind)));
  if (kinds.length === 0) return html``;
  return html`<section id="${prefix}next-steps">
<h2>What to do next</h2>
<table class="next-steps"><tbody>${kinds.map((k) => html`<tr data-kind="${k}"><td class="nowrap">${k}</td><td>${nextStepFor(k)}</td></tr>`)}</tbody></table>
</section>`;
}

/** The headline: money at risk per currency, the figure the UI's overview and the alert show too. */
function headline(totals: readonly CurrencyTotals[]): Markup {
  const risky = totals.filter((t) => t.openMismatches > 0);
  if (risky.length === 0) return html`<p class="ok" data-empty="at-risk">Nothing at risk: no open mismatch in this window.</p>`;
  return html`<div class="cards">${risky.map(
    (t) => html`<div class="card" data-currency="${currencyLabel(t.currency)}"><div class="muted">${currencyLabel(t.currency)}</div><div class="big"><span class="cur">${currencyLabel(t.currency)}</span> <span data-figure="at-risk">${formatMoney(t.atRisk)}</span></div><div class="muted"><span data-figure="orders">${formatMoney(String(t.atRiskOrders))}</span> order(s), <span data-figure="open-mismatches">${formatMoney(String(t.openMismatches))}</span> open mismatch(es)</div></div>`,
  )}</div>
<p class="note">Σ |difference| of the open and acknowledged mismatches: opposite differences add up, they never cancel; an order counts once, at its largest difference, when several kinds fire for it; a currency mismatch counts the order's amount in the order's currency.</p>`;
}

function currencyLabel(currency: string | null): string {
  return currency ?? '(no currency)';
}

function totalsTable(totals: readonly CurrencyTotals[]): Markup {
  if (totals.length === 0) return html`<p class="muted" data-empty="totals">No settlements and no open mismatches in this window.</p>`;
  return html`<div class="scroll"><table class="totals">
<thead><tr><th>currency</th><th class="num">settled</th><th class="num">reconciled</th><th class="num">settled, not reconciled</th><th class="num">at risk</th><th class="num">open mismatches</th><th class="num">settlement rows</th></tr></thead>
<tbody>
${totals.map(
  (t) => html`<tr data-currency="${currencyLabel(t.currency)}">
<th>${currencyLabel(t.currency)}</th>
<td class="num" data-figure="settled">${formatMoney(t.settled)}</td>
<td class="num ok" data-figure="reconciled">${formatMoney(t.reconciled)}</td>
<td class="num" data-figure="settled-unreconciled">${formatMoney(t.settledUnreconciled)}</td>
<td class="num risk" data-figure="at-risk">${formatMoney(t.atRisk)}</td>
<td class="num" data-figure="open-mismatches">${formatMoney(String(t.openMismatches))}</td>
<td class="num" data-figure="settlement-rows">${formatMoney(String(t.settledRows))}</td>
</tr>
`,
)}
</tbody>
</table></div>`;
}

function chartSection(data: ReportData): Markup {
  if (data.byDayKind.length === 0) return html`<p class="muted" data-empty="chart">No open mismatches in this window.</p>`;
  const kinds = orderKinds(data.byDayKind.map((p) => p.kind));
  const colors = kindColors(kinds);
  const perKind = new Map<string, number>();
  for (const p of data.byDayKind) perKind.set(p.kind, (perKind.get(p.kind) ?? 0) + p.count);
  return html`${dayKindChart(data.from, data.to, data.byDayKind, kinds, colors)}
<ul class="legend">
${kinds.map(
  (k) => html`<li data-legend-kind="${k}"><span class="swatch" style="background:${colors.get(k) ?? '#888'}"></span>${k} <strong data-legend-count>${formatMoney(String(perKind.get(k) ?? 0))}</strong></li>
`,
)}
</ul>`;
}

function agingTable(aging: readonly AgingRow[]): Markup {
  const max = Math.max(1, ...aging.map((a) => a.count));
  return html`<table class="aging">
<thead><tr><th>open for</th><th class="num">mismatches</th><th class="num">at risk</th><th style="width:40%"></th></tr></thead>
<tbody>
${aging.map(
  (a) => html`<tr data-bucket="${a.bucket}">
<th>${a.bucket}</th>
<td class="num" data-figure="count">${formatMoney(String(a.count))}</td>
<td class="num risk">${
    a.atRisk.length === 0
      ? html`<span class="muted">—</span>`
      : [...a.atRisk]
          .sort((x, y) => byCurrency(x.currency, y.currency))
          .map((r) => html`<div data-currency="${currencyLabel(r.currency)}" data-figure="at-risk">${currencyLabel(r.currency)} ${formatMoney(r.amount)}</div>`)
  }</td>
<td><svg class="bar" viewBox="0 0 100 12" preserveAspectRatio="none" width="100%" height="12" aria-hidden="true"><rect x="0" y="0" width="${((a.count / max) * 100).toFixed(2)}" height="12" fill="#b42318" opacity="0.75"/></svg></td>
</tr>
`,
)}
</tbody>
</table>`;
}

function footnote(data: ReportData, account: string): Markup {
  const exportCommand = exportCommandOf(data, account);
  return html`<footer>
<dl>
<dt>Window</dt><dd>Business dates ${data.from} to ${data.to} inclusive, read in the account's timezone: a report row counts on the day its settlement date falls on there, a mismatch on its business date.</dd>
<dt>Account</dt><dd>Every figure is one account's own (its reports, orders and mismatches); two accounts, even of one site, are never added together.</dd>
<dt>Settled</dt><dd>Σ TRANSACTION_AMOUNT of the SETTLEMENT rows (payments Mercado Pago settled) of the account's reports booked in the window, per TRANSACTION_CURRENCY (view v_settled_payments). Refunds, chargebacks and payouts are not part of it.</dd>
<dt>Reconciled</dt><dd>The part of settled whose rows no open or acknowledged mismatch touches: the row's order (matched by external reference, else by payment id) has no such mismatch of any kind, and no such mismatch names the row's own reference or payment id. Settled, not reconciled = settled − reconciled.</dd>
<dt>At risk</dt><dd>Σ |difference| (actual − expected) of the open and acknowledged mismatches whose business date is in the window, per currency (view v_open_mismatches): two opposite differences add up, they never cancel. An order for which several kinds fire counts once, at its largest difference. A currency mismatch counts the order's amount in the order's currency; the report's amount is in another currency and is shown beside it, never subtracted. A mismatch with no currency is counted under “(no currency)”. In the aging table an order sits in the bucket of its oldest open mismatch. The web UI's overview and the nightly alert use the same definition.</dd>
<dt>Currency mismatch</dt><dd>Expected is in the order's currency, actual in the report's; the difference column shows “—” because two currencies are not subtracted.</dd>
<dt>Open mismatches</dt><dd>Status open or acknowledged. Source: the report file and line of the first report row involved; runs: the reconciliation runs that first found and last confirmed it (view v_open_mismatch_provenance).</dd>
<dt>Amounts</dt><dd>Exact as stored, thousands grouped with “,” and decimals after “.”. Every mismatch as CSV: <code>${exportCommand}</code></dd>
</dl>
<p>Generated by mp-recon at ${data.asOf.toISOString()}.</p>
</footer>`;
}
