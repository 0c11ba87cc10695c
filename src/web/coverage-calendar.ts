/** Coverage as a month-by-month calendar per report kind (green covered, red gap) and a list of gaps. */
import type { KindCoverage } from '../finance/report-coverage.ts';
import { html, type Markup } from '../finance/escape-html.ts';

export function gapList(coverage: readonly KindCoverage[]): Markup {
  return html`<ul>${coverage.map((c) =>
    c.from === null
      ? html`<li>${c.kind}: no report ingested</li>`
      : c.gaps.length === 0
        ? html`<li class="ok">${c.kind}: every day from ${c.from} to ${c.to} is covered</li>`
        : html`<li class="bad">${c.kind}: ${c.gaps.map((g) => (g.days === 1 ? g.from : `${g.from}..${g.to}`)).join(', ')} not covered</li>`,
  )}</ul>`;
}

export function coverageCalendars(coverage: readonly KindCoverage[]): Markup[] {
  return coverage.map((c) => {
    const months = new Map<string, KindCoverage['days']>();
    for (const d of c.days) months.set(d.day.slice(0, 7), [...(months.get(d.day.slice(0, 7)) ?? []), d]);
    return html`<h2>${c.kind}</h2>${[...months].map(([month, days]) => {
      const pad = (new Date(`${days[0]!.day}T00:00:00Z`).getUTCDay() + 6) % 7;
      return html`<h3>${month}</h3><div class="cal" role="grid" aria-label="${c.kind} ${month}">${['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'].map((d) => html`<span>${d}</span>`)}${Array.from({ length: pad }, () => html`<span class="pad"></span>`)}${days.map(
        (d) => html`<span class="${d.covered ? 'yes' : 'no'}" title="${d.day}: ${d.covered ? `${d.files} file(s)` : 'not covered'}">${Number(d.day.slice(8))}</span>`,
      )}</div>`;
    })}`;
  });
}
