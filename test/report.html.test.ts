import { describe, expect, it } from 'vitest';
import { AGING_BUCKETS, ageInDays, agingBucket, agingOf } from '../src/finance/aging.ts';
import { escapeHtml } from '../src/finance/escape-html.ts';
import { formatMoney, sumMoneyText } from '../src/finance/money-text.ts';
import { nextStepFor } from '../src/finance/next-steps.ts';
import { renderReportHtml } from '../src/finance/render-html.ts';
import type { OpenMismatchLine, ReportData } from '../src/finance/report-data.ts';
import { axisScale } from '../src/finance/svg-day-kind-chart.ts';

const TZ = 'America/Argentina/Buenos_Aires';
const AS_OF = new Date('2026-11-27T15:00:00Z');

function mismatch(over: Partial<OpenMismatchLine>): OpenMismatchLine {
  return {
    id: '1',
    kind: 'amount_mismatch',
    status: 'open',
    currency: 'ARS',
    reportCurrency: null,
    businessDate: '2026-11-03',
    externalReference: 'REF-1',
    orderId: 'O1',
    mpPaymentId: '1',
    expected: '70.00',
    actual: '69.99',
    difference: '-0.01',
    firstSeenAt: AS_OF,
    lastSeenAt: AS_OF,
    ageDays: 0,
    reportFileName: 'settlement.csv',
    line: 2,
    firstSeenRun: '1',
    lastSeenRun: '2',
    ...over,
  };
}

function report(over: Partial<ReportData>): ReportData {
  const open = over.open ?? [mismatch({})];
  return {
    from: '2026-11-01',
    to: '2026-11-07',
    account: 'default',
    site: 'MLA',
    currency: 'ARS',
    timezone: TZ,
    asOf: AS_OF,
    totals: [{ currency: 'ARS', settledRows: 1, settled: '100.00', reconciled: '100.00', settledUnreconciled: '0', openMismatches: open.length, atRisk: '0.01', atRiskOrders: open.length }],
    byDayKind: [{ businessDate: '2026-11-03', kind: 'amount_mismatch', count: open.length }],
    cash: [],
    aging: agingOf(open),
    open,
    ...over,
  };
}

describe('formatMoney: exact text, thousands grouped', () => {
  it('groups a 17-digit amount and keeps its decimals (a JS number would round it)', () => {
    expect(formatMoney('12345678901234567.89')).toBe('12,345,678,901,234,567.89');
    expect(Number('12345678901234567.89').toString()).not.toBe('12345678901234567.89');
  });

  it('keeps the sign and every stored decimal', () => {
    expect(formatMoney('-0.01')).toBe('-0.01');
    expect(formatMoney('-1234567.5000')).toBe('-1,234,567.5000');
    expect(formatMoney('1000')).toBe('1,000');
    expect(formatMoney('999.9')).toBe('999.9');
    expect(formatMoney('0')).toBe('0');
    expect(formatMoney(null)).toBe('—');
  });

  it('sums numeric text exactly, with the largest scale of the terms like Postgres sum()', () => {
    expect(sumMoneyText(['12345678901234567.89', '0.01'])).toBe('12345678901234567.90');
    expect(sumMoneyText(['99999999999999999999999.99', '0.01'])).toBe('100000000000000000000000.00');
    expect(sumMoneyText(['1.50', '2'])).toBe('3.50');
    expect(sumMoneyText([])).toBe('0');
  });

  it('prints the amounts of the page from their text', () => {
    const page = renderReportHtml(
      report({
        open: [mismatch({ expected: '12345678901234567.89', actual: '12345678901234567.88', difference: '-0.01' })],
        totals: [{ currency: 'ARS', settledRows: 1, settled: '12345678901234567.89', reconciled: '0', settledUnreconciled: '12345678901234567.89', openMismatches: 1, atRisk: '0.01', atRiskOrders: 1 }],
      }),
    );
    expect(page).toContain('<td class="num" data-figure="settled">12,345,678,901,234,567.89</td>');
    expect(page).toContain('<td class="num" data-field="expected">12,345,678,901,234,567.89</td>');
    expect(page).toContain('<td class="num risk" data-field="difference">-0.01</td>');
  });
});

describe('money framed for finance', () => {
  it('leads with the money at risk per currency, with its orders and mismatches', () => {
    const page = renderReportHtml(
      report({
        totals: [{ currency: 'ARS', settledRows: 1, settled: '100.00', reconciled: '0', settledUnreconciled: '100.00', openMismatches: 5, atRisk: '95042.00', atRiskOrders: 4 }],
      }),
    );
    expect(page).toMatch(/<section id="at-risk">[\s\S]*data-currency="ARS"[\s\S]*<span data-figure="at-risk">95,042.00<\/span>[\s\S]*<span data-figure="orders">4<\/span> order\(s\), <span data-figure="open-mismatches">5<\/span>/);
    expect(page.indexOf('id="at-risk"')).toBeLessThan(page.indexOf('id="totals"'));
    expect(renderReportHtml(report({ open: [], totals: [] }))).toContain('data-empty="at-risk"');
  });

  it('shows a currency mismatch in both currencies and nets nothing', () => {
    const page = renderReportHtml(
      report({ open: [mismatch({ kind: 'currency_mismatch', currency: 'ARS', reportCurrency: 'USD', expected: '95000.00', actual: '95.00', difference: '-94905.00' })] }),
    );
    expect(page).toContain('<td class="nowrap" data-field="currency">ARS / USD</td>');
    expect(page).toContain('<td class="num" data-field="expected" data-currency="ARS"><span class="cur">ARS</span> 95,000.00</td>');
    expect(page).toContain('<td class="num" data-field="actual" data-currency="USD"><span class="cur">USD</span> 95.00</td>');
    expect(page).toContain('<td class="num risk" data-field="difference" data-not-netted>—</td>');
    expect(page).not.toContain('94,905.00');
  });

  it('says what to do next for every kind on the page, and keeps ids on one line', () => {
    const page = renderReportHtml(report({ open: [mismatch({}), mismatch({ id: '2', kind: 'chargeback', mpPaymentId: '98765432101234' })] }));
    expect(page).toContain(`<tr data-kind="amount_mismatch"><td class="nowrap">amount_mismatch</td><td>${escapeHtml(nextStepFor('amount_mismatch'))}</td></tr>`);
    expect(page).toContain(`<tr data-kind="chargeback"><td class="nowrap">chargeback</td><td>${escapeHtml(nextStepFor('chargeback'))}</td></tr>`);
    expect(page).toContain('<td class="id" data-field="payment">98765432101234</td>');
    expect(page).toMatch(/td\.nowrap, td\.id \{ white-space: nowrap; \}/);
  });
});

describe('escaping text from external files', () => {
  const hostile = `</td><script>alert("x")</script><img src=x onerror='alert(1)'>&amp;`;

  it('escapes the five characters HTML needs', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('shows a hostile external_reference, file name and kind as text, never as markup', () => {
    const page = renderReportHtml(
      report({
        open: [mismatch({ externalReference: hostile, reportFileName: `a"><svg onload=alert(2)>.csv`, kind: '<b>kind</b>', orderId: hostile })],
        byDayKind: [{ businessDate: '2026-11-03', kind: '<b>kind</b>', count: 1 }],
      }),
    );
    expect(page).not.toMatch(/<script/i);
    expect(page).not.toMatch(/<img/i);
    expect(page).not.toContain('<svg onload');
    expect(page).not.toContain('<b>kind</b>');
    expect(page).toContain('&lt;/td&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=&#39;alert(1)&#39;&gt;&amp;amp;');
    expect(page).toContain('data-kind="&lt;b&gt;kind&lt;/b&gt;"');
  });

  it('forbids loading anything and carries no script', () => {
    const page = renderReportHtml(report({}));
    expect(page).toContain(`content="default-src 'none'; style-src 'unsafe-inline'`);
    expect(page).not.toMatch(/<script|<link|<img|src=|href=/i);
  });
});

describe('aging of open mismatches', () => {
  it('puts ages in the buckets 0–2, 3–7, 8–30 and >30 days', () => {
    expect([0, 2, 3, 7, 8, 30, 31, 400].map(agingBucket)).toEqual([
      '0–2 days', '0–2 days', '3–7 days', '3–7 days', '8–30 days', '8–30 days', '>30 days', '>30 days',
    ]);
    expect(AGING_BUCKETS.map((b) => b.label)).toEqual(['0–2 days', '3–7 days', '8–30 days', '>30 days']);
  });

  it('counts whole business days in the merchant timezone from first seen to as of', () => {
    // 02:00 UTC on the 24th is still the 23rd in Buenos Aires (UTC-3): 4 days to the 27th, not 3.
    expect(ageInDays(new Date('2026-11-24T02:00:00Z'), AS_OF, TZ)).toBe(4);
    expect(ageInDays(new Date('2026-11-24T02:00:00Z'), AS_OF, 'UTC')).toBe(3);
    expect(ageInDays(new Date('2026-11-27T03:30:00Z'), AS_OF, TZ)).toBe(0);
    expect(ageInDays(new Date('2026-10-27T15:00:00Z'), AS_OF, TZ)).toBe(31);
    // A first_seen a little after as of (clocks of two machines) is age 0, not negative.
    expect(ageInDays(new Date('2026-11-28T15:00:00Z'), AS_OF, TZ)).toBe(0);
  });

  it('counts mismatches per bucket and takes the money at risk per bucket and currency as given, listing empty buckets too', () => {
    const aging = agingOf(
      [{ ageDays: 0 }, { ageDays: 1 }, { ageDays: 5 }, { ageDays: 5 }, { ageDays: 45 }],
      [
        { bucket: '0–2 days', currency: 'ARS', amount: '12345678901234567.90' },
        { bucket: '3–7 days', currency: null, amount: '2.5' },
        { bucket: '3–7 days', currency: 'USD', amount: '10' },
        { bucket: '>30 days', currency: 'ARS', amount: '0' },
      ],
    );
    expect(aging).toEqual([
      { bucket: '0–2 days', count: 2, atRisk: [{ currency: 'ARS', amount: '12345678901234567.90' }] },
      { bucket: '3–7 days', count: 2, atRisk: [{ currency: 'USD', amount: '10' }, { currency: null, amount: '2.5' }] },
      { bucket: '8–30 days', count: 0, atRisk: [] },
      { bucket: '>30 days', count: 1, atRisk: [{ currency: 'ARS', amount: '0' }] },
    ]);
  });

  it('renders one aging row per bucket with its count', () => {
    const page = renderReportHtml(report({ open: [mismatch({ ageDays: 40 }), mismatch({ id: '2', ageDays: 4 })] }));
    const counts = [...page.matchAll(/<tr data-bucket="([^"]+)">\s*<th>[^<]*<\/th>\s*<td class="num" data-figure="count">(\d+)<\/td>/g)].map((m) => [m[1], m[2]]);
    expect(counts).toEqual([['0–2 days', '0'], ['3–7 days', '1'], ['8–30 days', '0'], ['&gt;30 days', '1']]);
  });
});

describe('chart axis', () => {
  it('rounds the axis top up to a step of 1, 2 or 5 times a power of ten', () => {
    expect(axisScale(0)).toEqual({ top: 1, step: 1 });
    expect(axisScale(3)).toEqual({ top: 3, step: 1 });
    expect(axisScale(7)).toEqual({ top: 8, step: 2 });
    expect(axisScale(42)).toEqual({ top: 50, step: 10 });
    expect(axisScale(1234)).toEqual({ top: 1500, step: 500 });
  });
});

describe('the cash section', () => {
  it('appears only with release data, and marks a day that does not balance', () => {
    expect(renderReportHtml(report({}))).not.toContain('id="cash"');
    const page = renderReportHtml(
      report({
        cash: [
          { businessDate: '2026-11-03', currency: 'ARS', opening: '1000.00', credits: '250.50', debits: '0', holds: '0', payouts: '0', closing: '1250.50', balances: true },
          { businessDate: '2026-11-04', currency: 'ARS', opening: '1250.50', credits: '0', debits: '10.00', holds: '0', payouts: '0', closing: '1240.50', balances: false },
        ],
      }),
    );
    expect(page).toContain('id="cash"');
    expect(page).toMatch(/data-cash-day="2026-11-03"[\s\S]*1,250.50[\s\S]*data-balances="true"/);
    expect(page).toMatch(/data-cash-day="2026-11-04"[\s\S]*data-balances="false"/);
    expect(page).toContain('1 day(s) do not balance');
  });
});

describe('several accounts', () => {
  it('gives each account its own part, heading and section ids, and never adds their money', () => {
    const ar = report({});
    const br = report({
      account: 'br',
      site: 'MLB',
      currency: 'BRL',
      timezone: 'America/Sao_Paulo',
      open: [mismatch({ currency: 'BRL' })],
      totals: [{ currency: 'BRL', settledRows: 1, settled: '50.00', reconciled: '0', settledUnreconciled: '50.00', openMismatches: 1, atRisk: '3.00', atRiskOrders: 1 }],
    });
    const page = renderReportHtml([ar, br]);
    const ids = [...page.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(['account-default', 'default-at-risk', 'account-br', 'br-at-risk', 'br-open']));
    expect(page).toContain('<h2 class="account">Account br: site MLB, BRL, America/Sao_Paulo</h2>');
    const brPart = page.slice(page.indexOf('id="account-br"'));
    expect(brPart).toContain('<span data-figure="at-risk">3.00</span>');
    expect(brPart).not.toContain('data-currency="ARS"');
    // One account's page is as before: no parts, and the site names the default account.
    const one = renderReportHtml(ar);
    expect(one).not.toContain('class="account"');
    expect(one).toContain('<title>Reconciliation report MLA 2026-11-01 to 2026-11-07</title>');
  });
});
