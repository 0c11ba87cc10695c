/** The mismatch list and a mismatch's page, as markup. Amounts are exact text; ids never wrap. */
import { html, type Markup } from '../finance/escape-html.ts';
import { formatMoney } from '../finance/money-text.ts';
import { nextStepFor } from '../finance/next-steps.ts';
import type { MismatchRecord } from '../mismatches/list-mismatches.ts';
import type { MismatchDetail } from '../mismatches/show-mismatch.ts';
import { type ListQuery, PAGE_SIZE, queryString } from './mismatch-query.ts';

const money = (text: string | null | undefined) => html`<td class="num${text?.startsWith('-') ? ' neg' : ''}">${formatMoney(text ?? null)}</td>`;

export function listBody(q: ListQuery, rows: readonly MismatchRecord[], choices: { accounts: string[]; kinds: string[] }, canAct: boolean): Markup {
  const shown = rows.slice(0, PAGE_SIZE);
  const option = (value: string, current: string, label = value) => (value === current ? html`<option value="${value}" selected>${label}</option>` : html`<option value="${value}">${label}</option>`);
  const sortLink = (key: string, label: string, cls = '') => {
    const next = q.sort === key ? `-${key}` : key;
    const arrow = q.sort === key ? ' ▲' : q.sort === `-${key}` ? ' ▼' : '';
    return html`<th class="${cls}"><a href="/mismatches${queryString(q, { sort: next as ListQuery['sort'], page: 1 })}">${label}${arrow}</a></th>`;
  };
  return html`<form class="filters" method="get" action="/mismatches">
<label>Account <select name="account">${option('', q.account, 'all')}${choices.accounts.map((a) => option(a, q.account))}</select></label>
<label>Kind <select name="kind">${option('', q.kind, 'all')}${choices.kinds.map((k) => option(k, q.kind))}</select></label>
<label>Status <select name="status">${['open', 'acknowledged', 'resolved', 'all'].map((s) => option(s, q.status))}</select></label>
<label>From <input type="date" name="from" value="${q.from}"></label>
<label>To <input type="date" name="to" value="${q.to}"></label>
<label>Assignee <input name="assignee" value="${q.assignee}" size="10" placeholder="- = nobody"></label>
<label>Search <input name="q" value="${q.q}" placeholder="reference, order, payment, note"></label>
<button type="submit">Filter</button> <a href="/mismatches.csv${queryString({ ...q, page: 1 })}" download>Export CSV</a></form>
${shown.length === 0 ? html`<p>No mismatches match these filters.</p>` : html`<div class="scroll"><table class="mismatches"><thead><tr>
${sortLink('id', 'ID')}<th>Account</th>${sortLink('date', 'Date')}${sortLink('kind', 'Kind')}${sortLink('difference', 'Difference', 'num')}<th>Cur.</th><th>Status</th><th>Reference</th><th>Payment ID</th><th>Assignee</th><th>Latest note</th>
</tr></thead><tbody>${shown.map(
    (r) => html`<tr><td class="id"><a href="/mismatches/${r.id}">${r.id}</a></td><td class="id">${r.account_id}</td><td class="id">${r.business_date}</td><td>${r.kind}</td>${differenceCells(r)}<td>${r.status}</td><td class="id">${r.external_reference}</td><td class="id">${r.mp_payment_id}</td><td>${r.assignee}</td><td class="note">${r.latest_note}</td></tr>`,
  )}</tbody></table></div>`}
<div class="pager">${q.page > 1 ? html`<a href="/mismatches${queryString(q, { page: q.page - 1 })}">← Previous</a>` : ''}<span>Page ${q.page}</span>${rows.length > PAGE_SIZE ? html`<a href="/mismatches${queryString(q, { page: q.page + 1 })}">Next →</a>` : ''}</div>
${canAct ? '' : html`<p>You can read; acting on a mismatch needs the analyst role.</p>`}`;
}

/**
 * The difference and its currency. A currency mismatch has two currencies and no difference worth the
 * name (they are never subtracted): "—", and both currencies, the order's first.
 */
function differenceCells(r: MismatchRecord): Markup {
  if (r.kind !== 'currency_mismatch') return html`${money(r.difference)}<td>${r.currency}</td>`;
  const details = (r.details ? JSON.parse(r.details) : {}) as { order_currency?: string; report_currency?: string };
  return html`<td class="num" title="two currencies: not netted">—</td><td class="id">${details.order_currency ?? r.currency} / ${details.report_currency ?? '?'}</td>`;
}

const FIELDS: readonly [string, string][] = [
  ['kind', 'Kind'],
  ['status', 'Status'],
  ['account_id', 'Account'],
  ['site', 'Site'],
  ['business_date', 'Business date'],
  ['external_reference', 'Reference'],
  ['order_id', 'Order'],
  ['mp_payment_id', 'Payment ID'],
  ['assignee', 'Assignee'],
  ['resolution', 'Resolution'],
  ['first_seen_at', 'First seen (UTC)'],
  ['last_seen_at', 'Last seen (UTC)'],
];

export function detailBody(m: MismatchDetail, csrf: string, canAct: boolean): Markup {
  const value = (key: string) => (m[key] === null || m[key] === undefined ? '—' : String(m[key]));
  const details = m.details as Record<string, unknown> | null;
  const cur = String(m.currency ?? '');
  const currencies =
    m.kind === 'currency_mismatch' && details
      ? html`<dt>Amounts</dt><dd>${String(details.order_currency ?? m.currency)} ${formatMoney(m.expected_amount as string | null)} expected · ${String(details.report_currency ?? '?')} ${formatMoney(m.actual_amount as string | null)} in the report (different currencies: not netted)</dd>`
      : html`<dt>Expected (ours)</dt><dd class="id">${cur} ${formatMoney(m.expected_amount as string | null)}</dd><dt>Actual (Mercado Pago)</dt><dd class="id">${cur} ${formatMoney(m.actual_amount as string | null)}</dd><dt>Difference</dt><dd class="id">${cur} ${formatMoney(m.difference as string | null)}</dd>`;
  const e = m.evidence;
  return html`<p class="next"><strong>What to do next:</strong> ${nextStepFor(m.kind as string)}</p>
<dl class="fields">${FIELDS.map(([key, label]) => html`<dt>${label}</dt><dd class="id">${value(key)}</dd>`)}${currencies}<dt>Latest note</dt><dd>${value('latest_note')}</dd></dl>
${canAct && m.status !== 'resolved' ? actions(m.id, csrf) : canAct ? html`<div class="actions">${actionForm(m.id, csrf, 'comment', 'Comment', true)}</div>` : ''}
<h2>History</h2>${table(['When (UTC)', 'Who', 'What', 'Note'], m.events.map((ev) => [ev.at, ev.actor, ev.action, ev.note]))}
<h2>Evidence</h2>
<p>${e.report_file ? html`Report file <span class="id">${e.report_file.file_name}</span> (${e.report_file.kind}), line ${e.report_file.line ?? '—'}` : 'No report row: the internal side only.'}</p>
<p>${e.order ? html`Order <span class="id">${e.order.order_id}</span>: ${e.order.currency} ${formatMoney(e.order.amount ?? null)}, ${e.order.status}, paid ${e.order.paid_at ?? '—'}` : 'No known order.'}</p>
<h2>Payments</h2>${rowsTable(e.payments)}<h2>Refunds</h2>${rowsTable(e.refunds)}<h2>Report rows</h2>${rowsTable(e.report_rows)}`;
}

function actions(id: string, csrf: string): Markup {
  return html`<h2>Act</h2><div class="actions">${actionForm(id, csrf, 'ack', 'Acknowledge', false)}
<form method="post" action="/mismatches/${id}/assign"><input type="hidden" name="_csrf" value="${csrf}"><label>Assign to <input name="assignee" required></label><textarea name="note" rows="2" placeholder="note (optional)"></textarea><button type="submit">Assign</button></form>
${actionForm(id, csrf, 'comment', 'Comment', true)}${actionForm(id, csrf, 'resolve', 'Resolve', true)}</div>`;
}

function actionForm(id: string, csrf: string, action: string, label: string, noteRequired: boolean): Markup {
  return html`<form method="post" action="/mismatches/${id}/${action}"><input type="hidden" name="_csrf" value="${csrf}"><textarea name="note" rows="2" placeholder="${noteRequired ? 'note (required)' : 'note (optional)'}" aria-label="${label} note"${noteRequired ? html` required` : ''}></textarea><button type="submit">${label}</button></form>`;
}

function rowsTable(rows: readonly Record<string, string | number | null>[]): Markup {
  if (rows.length === 0) return html`<p>None.</p>`;
  const columns = Object.keys(rows[0]!);
  return table(columns, rows.map((r) => columns.map((c) => (r[c] === null ? null : String(r[c])))), new Set(['amount']));
}

function table(columns: readonly string[], rows: readonly (string | null)[][], numeric: ReadonlySet<string> = new Set()): Markup {
  if (rows.length === 0) return html`<p>None.</p>`;
  return html`<div class="scroll"><table><thead><tr>${columns.map((c) => html`<th class="${numeric.has(c) ? 'num' : ''}">${c}</th>`)}</tr></thead><tbody>${rows.map(
    (r) => html`<tr>${r.map((v, i) => (numeric.has(columns[i]!) ? money(v) : html`<td class="${i < 2 ? 'id' : 'note'}">${v}</td>`))}</tr>`,
  )}</tbody></table></div>`;
}
