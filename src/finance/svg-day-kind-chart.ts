/**
 * Inline SVG: open mismatches per business day, stacked by kind. Static markup only (no script, no
 * external font or image), so it reads the same in a browser, a mail client or printed. Each segment
 * carries a <title> (hover text) and data attributes with its day, kind and count; each day's total is
 * written above its bar when there is room.
 */
import { addDays, daysBetween } from '../util/dates.ts';
import { html, type Markup } from './escape-html.ts';
import { formatMoney } from './money-text.ts';

export interface DayKindPoint {
  readonly businessDate: string;
  readonly kind: string;
  readonly count: number;
}

const WIDTH = 960;
const HEIGHT = 300;
const MARGIN = { top: 22, right: 12, bottom: 46, left: 48 };

/** Every date from..to inclusive: empty days keep their place on the axis. */
export function daysOf(from: string, to: string): string[] {
  return Array.from({ length: daysBetween(from, to) }, (_, i) => addDays(from, i));
}

/** A round axis top and a step giving at most five integer gridlines. */
export function axisScale(max: number): { top: number; step: number } {
  if (max <= 0) return { top: 1, step: 1 };
  const rough = max / 5;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = Math.max(1, [1, 2, 5, 10].map((f) => f * magnitude).find((s) => s >= rough) ?? 10 * magnitude);
  return { top: Math.ceil(max / step) * step, step };
}

export function dayKindChart(from: string, to: string, points: readonly DayKindPoint[], kinds: readonly string[], colors: ReadonlyMap<string, string>): Markup {
  const days = daysOf(from, to);
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const slot = plotW / days.length;
  const barW = Math.max(1, slot * 0.72);
  const totals = new Map<string, number>();
  const counts = new Map<string, number>();
  for (const p of points) {
    totals.set(p.businessDate, (totals.get(p.businessDate) ?? 0) + p.count);
    counts.set(`${p.businessDate} ${p.kind}`, p.count);
  }
  const { top, step } = axisScale(Math.max(0, ...totals.values()));
  const y = (value: number) => MARGIN.top + plotH - (value / top) * plotH;
  const fmt = (n: number) => n.toFixed(2).replace(/\.?0+$/, '');

  const grid: Markup[] = [];
  for (let v = 0; v <= top; v += step) {
    grid.push(html`<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${fmt(y(v))}" y2="${fmt(y(v))}" class="grid"/>`);
    grid.push(html`<text x="${MARGIN.left - 6}" y="${fmt(y(v) + 4)}" text-anchor="end" class="tick">${formatMoney(String(v))}</text>`);
  }

  const labelEvery = Math.ceil(days.length / 14);
  const bars: Markup[] = [];
  days.forEach((day, i) => {
    const x = MARGIN.left + i * slot + (slot - barW) / 2;
    let base = 0;
    for (const kind of kinds) {
      const count = counts.get(`${day} ${kind}`) ?? 0;
      if (count === 0) continue;
      bars.push(
        html`<rect x="${fmt(x)}" y="${fmt(y(base + count))}" width="${fmt(barW)}" height="${fmt(y(base) - y(base + count))}" fill="${colors.get(kind) ?? '#888'}" data-day="${day}" data-kind="${kind}" data-count="${count}"><title>${day} · ${kind}: ${count}</title></rect>`,
      );
      base += count;
    }
    if (base > 0 && days.length <= 45) {
      bars.push(html`<text x="${fmt(x + barW / 2)}" y="${fmt(y(base) - 4)}" text-anchor="middle" class="total" data-day-total="${day}">${formatMoney(String(base))}</text>`);
    }
    if (i % labelEvery === 0) {
      const label = i === 0 || day.endsWith('-01') ? day : day.slice(5);
      bars.push(html`<text x="${fmt(x + barW / 2)}" y="${HEIGHT - MARGIN.bottom + 16}" text-anchor="middle" class="tick">${label}</text>`);
    }
  });

  const total = [...totals.values()].reduce((a, b) => a + b, 0);
  const label = `Open mismatches per business day from ${from} to ${to}, stacked by kind: ${total} in all`;
  return html`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${label}" class="chart">
<title>${label}</title>
${grid}
<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${fmt(y(0))}" y2="${fmt(y(0))}" class="axis"/>
${bars}
<text x="${MARGIN.left + plotW / 2}" y="${HEIGHT - 8}" text-anchor="middle" class="axis-label">business date</text>
</svg>`;
}
