/**
 * The cash section of the finance report: the available balance day by day from v_daily_cash (release
 * reports), and whether each day agrees with the balances the reports state. Shown only when release
 * data exists for the window.
 */
import { html, type Markup } from './escape-html.ts';
import { formatMoney } from './money-text.ts';

export interface CashDay {
  readonly businessDate: string;
  readonly currency: string;
  readonly opening: string | null;
  readonly credits: string;
  readonly debits: string;
  readonly holds: string;
  readonly payouts: string;
  readonly closing: string | null;
  readonly balances: boolean | null;
}

function verdict(balances: boolean | null): Markup {
  if (balances === true) return html`<td class="ok" data-balances="true">balances</td>`;
  if (balances === false) return html`<td class="risk" data-balances="false">does not balance</td>`;
  return html`<td class="muted" data-balances="unknown">no stated balance</td>`;
}

export function cashTable(days: readonly CashDay[]): Markup {
  const breaks = days.filter((d) => d.balances === false).length;
  return html`<p>${breaks === 0 ? 'Every day with a stated balance agrees with its movements.' : `${breaks} day(s) do not balance: see the balance_break mismatches.`}</p>
<div class="scroll"><table class="cash">
<thead><tr><th>business date</th><th>currency</th><th class="num">opening</th><th class="num">credits</th><th class="num">debits</th><th class="num">holds</th><th class="num">payouts</th><th class="num">closing</th><th>check</th></tr></thead>
<tbody>
${days.map(
  (d) => html`<tr data-cash-day="${d.businessDate}" data-currency="${d.currency}">
<td>${d.businessDate}</td><td>${d.currency}</td>
<td class="num">${formatMoney(d.opening)}</td><td class="num">${formatMoney(d.credits)}</td><td class="num">${formatMoney(d.debits)}</td>
<td class="num">${formatMoney(d.holds)}</td><td class="num">${formatMoney(d.payouts)}</td><td class="num" data-figure="closing">${formatMoney(d.closing)}</td>
${verdict(d.balances)}
</tr>`,
)}
</tbody>
</table></div>`;
}
