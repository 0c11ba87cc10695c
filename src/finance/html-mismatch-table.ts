/**
 * The report's table of open mismatches, one row each, with provenance: the report file and line the
 * mismatch points at, and the runs that first found and last confirmed it. Ids (reference, order,
 * payment) never wrap: a payment id broken over two lines reads as two numbers. Very long lists are cut
 * (the page must still open); the note says how to get every row as CSV.
 */
import { businessDateIn } from './aging.ts';
import { html, type Markup } from './escape-html.ts';
import { formatMoney } from './money-text.ts';
import type { OpenMismatchLine } from './report-data.ts';

export const MAX_TABLE_ROWS = 5000;

export function mismatchTable(open: readonly OpenMismatchLine[], timezone: string, exportCommand: string): Markup {
  if (open.length === 0) return html`<p class="muted" data-empty="open">No open mismatches in this window.</p>`;
  const shown = open.slice(0, MAX_TABLE_ROWS);
  const cut =
    open.length > shown.length
      ? html`<p class="note">Showing the first ${formatMoney(String(shown.length))} of ${formatMoney(String(open.length))}. Every row: <code>${exportCommand}</code></p>`
      : html``;
  return html`<div class="scroll"><table class="mismatches">
<thead><tr><th>id</th><th>business date</th><th>kind</th><th>currency</th><th class="num">difference</th><th class="num">expected</th><th class="num">actual</th><th>status</th><th>external reference</th><th>order</th><th>payment</th><th>first seen (age)</th><th>source</th><th>runs</th></tr></thead>
<tbody>
${shown.map((m) => row(m, timezone))}
</tbody>
</table></div>
${cut}`;
}

/** An amount with its currency, for a currency mismatch whose two sides are in two currencies. */
const inCurrency = (currency: string | null, amount: string | null) => html`<span class="cur">${currency ?? '?'}</span> ${formatMoney(amount)}`;

function row(m: OpenMismatchLine, timezone: string): Markup {
  const twoCurrencies = m.reportCurrency !== null;
  const amounts = twoCurrencies
    ? html`<td class="num risk" data-field="difference" data-not-netted>—</td><td class="num" data-field="expected" data-currency="${m.currency ?? '?'}">${inCurrency(m.currency, m.expected)}</td><td class="num" data-field="actual" data-currency="${m.reportCurrency}">${inCurrency(m.reportCurrency, m.actual)}</td>`
    : html`<td class="num risk" data-field="difference">${formatMoney(m.difference)}</td><td class="num" data-field="expected">${formatMoney(m.expected)}</td><td class="num" data-field="actual">${formatMoney(m.actual)}</td>`;
  const source = m.reportFileName === null ? html`<span class="muted">no report row</span>` : html`${m.reportFileName}${m.line === null ? '' : `:${m.line}`}`;
  return html`<tr data-mismatch-id="${m.id}">
<td class="num">${m.id}</td><td class="nowrap">${m.businessDate}</td><td>${m.kind}</td><td class="nowrap" data-field="currency">${twoCurrencies ? `${m.currency ?? '?'} / ${m.reportCurrency}` : (m.currency ?? '—')}</td>
${amounts}<td>${m.status}</td>
<td class="id" data-field="external_reference">${m.externalReference ?? '—'}</td><td class="id" data-field="order">${m.orderId ?? '—'}</td><td class="id" data-field="payment">${m.mpPaymentId ?? '—'}</td>
<td class="nowrap" data-age-days="${m.ageDays}">${businessDateIn(m.firstSeenAt, timezone)} (${m.ageDays} d)</td>
<td class="source" data-field="source">${source}</td><td class="nowrap">#${m.firstSeenRun} → #${m.lastSeenRun}</td>
</tr>
`;
}
