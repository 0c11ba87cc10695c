/**
 * The finance report in a real headless browser (Debian's chromium, driven by playwright-core): it
 * renders with no console error and no request at all, and every figure on the page equals what the
 * views say for a scenario with mismatches of several kinds, days, ages and currencies. Where chromium
 * is not installed (.ci/run installs it) the tests skip with a notice.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcileWindow } from '../jobs/reconcile-window.ts';
import { writeFinanceReport } from '../jobs/write-finance-report.ts';
import { load } from './helpers/fixtures.ts';
import { createTestDb, type TestDb } from './helpers/test-db.ts';

const CHROMIUM = '/usr/bin/chromium';
const hasBrowser = existsSync(CHROMIUM);
if (!hasBrowser) console.warn(`report.browser.test: ${CHROMIUM} not found, skipping the browser checks (apt-get install chromium, as .ci/run does)`);

const WEEK = { from: '2026-11-01', to: '2026-11-07' };
const TZ = 'America/Argentina/Buenos_Aires';
// No ';' (the fixture's separator): the reference must reach the database whole.
const HOSTILE = `</td><img src=x onerror=alert(1)><script>alert(2)</script>&R`;
const at = (day: string) => `2026-11-${day}T10:00:00.000-03:00`;

let t: TestDb;
let browser: Browser;
let page: Page;
let dir: string;
const consoleErrors: string[] = [];
const requests: string[] = [];
let fileUrl: string;

async function plantScenario() {
  await load(t.deps, {
    orders: [
      { id: 'C1', amount: '100.00' },
      { id: 'C2', amount: '250000.50' },
      { id: 'O1', amount: '70.00' },
      { id: 'O2', amount: '1234567.89' },
      { id: 'O3', amount: '30.00', paid: '2026-11-04T12:00:00-03:00' },
      { id: 'O4', amount: '55.00' },
      // Two kinds for one order (amount and status): its money counts once.
      { id: 'P1', amount: '30.00', status: 'pending', paid: null },
      // Charged in another currency: at risk in the order's, shown in both.
      { id: 'U1', amount: '95000.00' },
    ],
    reports: [
      {
        ...WEEK,
        rows: [
          { ref: 'REF-C1', payment: '900', amount: '100.00', fee: '-5.00', at: at('03') },
          { ref: 'REF-C2', payment: '901', amount: '250000.50', at: at('03') },
          { ref: 'REF-O1', payment: '1', amount: '69.99', at: at('03') },
          { ref: 'REF-O2', payment: '2', amount: '1234567.89', at: at('04') },
          { ref: 'REF-O2', payment: '3', amount: '1234567.89', at: at('04') },
          { ref: 'REF-O4', payment: '4', amount: '55.00', at: at('02') },
          { ref: 'REF-O4', payment: '4', type: 'CHARGEBACK', amount: '-55.00', at: at('06') },
          { ref: HOSTILE, payment: '666', amount: '12.34', at: at('05') },
          { ref: 'USD-1', payment: '777', amount: '10.00', currency: 'USD', at: at('05') },
          { ref: 'REF-P1', payment: '98765432101234', amount: '31.00', at: at('05') },
          { ref: 'REF-U1', payment: '98765432105678', amount: '95.00', currency: 'USD', at: at('05') },
        ],
      },
    ],
  });
  await reconcileWindow(t.deps, WEEK);
  // Age some of them: aging counts from first_seen.
  const age = (days: number, ref: string) =>
    sql`update mismatches set first_seen_at = now() - make_interval(days => ${days}) where external_reference = ${ref}`.execute(t.deps.conn.db);
  await age(5, 'REF-O1');
  await age(20, 'REF-O2');
  await age(40, 'REF-O4');
}

describe.skipIf(!hasBrowser)('finance report in headless chromium', () => {
  beforeAll(async () => {
    t = await createTestDb();
    await plantScenario();
    dir = mkdtempSync(join(tmpdir(), 'mp-recon-report-'));
    const { path } = await writeFinanceReport(t.deps, { ...WEEK, out: join(dir, 'report.html') });
    fileUrl = pathToFileURL(path).href;
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    page.on('dialog', (d) => {
      consoleErrors.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    page.on('request', (r) => requests.push(r.url()));
    // Belt and braces: whatever the page might ask for never leaves the machine.
    await page.route('**/*', (route) => (route.request().url() === fileUrl ? route.continue() : route.abort()));
    await page.goto(fileUrl, { waitUntil: 'load' });
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const plain = (text: string | null) => (text ?? '').trim().replace(/,/g, '');

  it('renders with no console error, no script run and no request but the file itself', async () => {
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([fileUrl]);
    expect(await page.title()).toBe('Reconciliation report MLA 2026-11-01 to 2026-11-07');
    // The inline stylesheet applied (it is the only styling there is).
    expect(await page.evaluate('getComputedStyle(document.body).fontSize')).toBe('14px');
    const chart = await page.locator('svg.chart').boundingBox();
    expect(chart?.width).toBeGreaterThan(300);
    const heights = await page.locator('svg.chart rect[data-kind]').evaluateAll((rects) => rects.map((r) => r.getBoundingClientRect().height));
    expect(heights.length).toBeGreaterThan(0);
    for (const h of heights) expect(h).toBeGreaterThan(0);
  });

  it('shows a hostile external reference as text, creating no element', async () => {
    expect(await page.locator('img, script').count()).toBe(0);
    const cells = await page.locator('td[data-field="external_reference"]').allTextContents();
    expect(cells).toContain(HOSTILE);
  });

  it('totals per currency equal the views', async () => {
    const settled = await sql<{ currency: string; settled: string; reconciled: string; rows: string }>`
      select currency, sum(amount)::text as settled, coalesce(sum(amount) filter (where not in_open_mismatch), 0)::text as reconciled, count(*)::text as rows
        from v_settled_payments
       where site = 'MLA' and (booked_at at time zone ${TZ})::date between ${WEEK.from}::date and ${WEEK.to}::date
       group by currency`.execute(t.deps.conn.db);
    // At risk restated here from its definition: |difference| per mismatch, a currency mismatch at the
    // order's amount, each order once at its largest, summed per currency.
    const risk = await sql<{ currency: string; at_risk: string; open: string }>`
      select currency, sum(risk)::text as at_risk, sum(n)::text as open
        from (select currency, order_key, max(risk) as risk, count(*) as n
                from (select currency, coalesce(order_id, external_reference) as order_key,
                             case when kind = 'currency_mismatch' then abs(expected_amount) else abs(difference) end as risk
                        from v_open_mismatches where business_date between ${WEEK.from}::date and ${WEEK.to}::date) m
               group by 1, 2) o
       group by currency`.execute(t.deps.conn.db);
    const expected: Record<string, Record<string, string>> = {};
    for (const s of settled.rows) expected[s.currency] = { settled: s.settled, reconciled: s.reconciled, 'settlement-rows': s.rows, 'at-risk': '0', 'open-mismatches': '0' };
    for (const r of risk.rows) expected[r.currency] = { ...(expected[r.currency] ?? { settled: '0', reconciled: '0', 'settlement-rows': '0' }), 'at-risk': r.at_risk, 'open-mismatches': r.open };

    const onPage: Record<string, Record<string, string>> = {};
    for (const row of await page.locator('table.totals tbody tr').all()) {
      const currency = (await row.getAttribute('data-currency'))!;
      onPage[currency] = {};
      for (const figure of ['settled', 'reconciled', 'settlement-rows', 'at-risk', 'open-mismatches']) {
        onPage[currency][figure] = plain(await row.locator(`td[data-figure="${figure}"]`).textContent());
      }
    }
    expect(onPage).toEqual(expected);
    // And what that means here: only C1 and C2 settled cleanly; the large amounts keep their digits.
    expect(onPage.ARS).toMatchObject({ reconciled: '250100.50', settled: '2719404.61' });
    expect(await page.locator('tr[data-currency="ARS"] td[data-figure="settled"]').textContent()).toBe('2,719,404.61');
    // O1 0.01 + O2 1,234,567.89 + O3 30 + O4 55 + the hostile row 12.34 + P1 31 (once, though two kinds
    // fire) + U1 95,000 (its amount in ARS; 95 USD is never subtracted from it). Opposite signs add up.
    expect(onPage.ARS).toMatchObject({ 'at-risk': '1329696.24', 'open-mismatches': '8' });
    expect(onPage.USD).toMatchObject({ 'at-risk': '10.00', 'open-mismatches': '1' });
    const headline = await page.locator('#at-risk .card').evaluateAll((cards) =>
      cards.map((c) => [c.getAttribute('data-currency'), c.querySelector('[data-figure="at-risk"]')?.textContent, c.querySelector('[data-figure="orders"]')?.textContent]),
    );
    expect(headline).toEqual([
      ['ARS', '1,329,696.24', '7'],
      ['USD', '10.00', '1'],
    ]);
  });

  it('the chart shows exactly the open mismatches of v_mismatch_summary per day and kind', async () => {
    const summary = await sql<{ day: string; kind: string; n: string }>`
      select to_char(business_date, 'YYYY-MM-DD') as day, kind, sum(mismatches)::text as n
        from v_mismatch_summary
       where status in ('open', 'acknowledged') and business_date between ${WEEK.from}::date and ${WEEK.to}::date
       group by business_date, kind order by 1, 2`.execute(t.deps.conn.db);
    const segments = await page.locator('svg.chart rect[data-kind]').evaluateAll((rects) =>
      rects.map((r) => [r.getAttribute('data-day'), r.getAttribute('data-kind'), r.getAttribute('data-count'), r.querySelector('title')?.textContent]),
    );
    const sorted = [...segments].sort((a, b) => `${a[0]} ${a[1]}`.localeCompare(`${b[0]} ${b[1]}`));
    expect(sorted).toEqual(summary.rows.map((r) => [r.day, r.kind, r.n, `${r.day} · ${r.kind}: ${r.n}`]));
    expect(new Set(summary.rows.map((r) => r.kind)).size).toBeGreaterThanOrEqual(4);

    const perDay = new Map<string, number>();
    for (const r of summary.rows) perDay.set(r.day, (perDay.get(r.day) ?? 0) + Number(r.n));
    const labels = await page.locator('svg.chart text[data-day-total]').evaluateAll((ts) => ts.map((x) => [x.getAttribute('data-day-total'), x.textContent]));
    expect(labels).toEqual([...perDay].map(([day, n]) => [day, String(n)]));
  });

  it('aging buckets equal the open mismatches counted by first_seen in the merchant timezone', async () => {
    const asOf = (await page.locator('[data-as-of]').getAttribute('data-as-of'))!;
    // Counts per mismatch; money per order (once, at its largest), in the bucket of its oldest mismatch.
    const bucketOf = (age: string) => sql.raw(`case when ${age} <= 2 then '0–2 days' when ${age} <= 7 then '3–7 days' when ${age} <= 30 then '8–30 days' else '>30 days' end`);
    const buckets = await sql<{ bucket: string; currency: string; n: string; at_risk: string | null }>`
      with aged as (
        select currency, coalesce(order_id, external_reference) as order_key,
               case when kind = 'currency_mismatch' then abs(expected_amount) else abs(difference) end as risk,
               (${asOf}::timestamptz at time zone ${TZ})::date - (first_seen_at at time zone ${TZ})::date as age
          from v_open_mismatches where business_date between ${WEEK.from}::date and ${WEEK.to}::date),
      orders as (select currency, max(risk) as risk, ${bucketOf('max(age)')} as bucket from aged group by currency, order_key),
      counts as (select ${bucketOf('age')} as bucket, currency, count(*) as n from aged group by 1, 2)
      select c.bucket, c.currency, c.n::text as n,
             (select sum(o.risk)::text from orders o where o.bucket = c.bucket and o.currency = c.currency) as at_risk
        from counts c order by 1, 2`.execute(t.deps.conn.db);
    const onPage = await page.locator('table.aging tbody tr').evaluateAll((rows) =>
      rows.map((r) => ({
        bucket: r.getAttribute('data-bucket'),
        count: r.querySelector('[data-figure="count"]')?.textContent,
        atRisk: [...r.querySelectorAll('div[data-figure="at-risk"]')].map((d) => [d.getAttribute('data-currency'), d.textContent]),
      })),
    );
    expect(onPage.map((b) => b.bucket)).toEqual(['0–2 days', '3–7 days', '8–30 days', '>30 days']);
    for (const b of onPage) {
      const rows = buckets.rows.filter((r) => r.bucket === b.bucket);
      expect(b.count).toBe(String(rows.reduce((n, r) => n + Number(r.n), 0)));
      expect(b.atRisk.map(([c, text]) => [c, plain(text!.slice(c!.length))])).toEqual(rows.filter((r) => r.at_risk !== null).map((r) => [r.currency, r.at_risk]));
    }
    expect(onPage.map((b) => b.count)).toEqual(['6', '1', '1', '1']);
  });

  it('lists every open mismatch with its amounts and provenance as the views hold them', async () => {
    const open = await sql<{ id: string; kind: string; currency: string; difference: string; expected: string | null; file: string | null; line: number | null; first: string; last: string }>`
      select m.id::text, m.kind, m.currency, m.difference::text, m.expected_amount::text as expected, p.report_file_name as file, p.line,
             p.first_seen_run::text as first, p.last_seen_run::text as last
        from v_open_mismatches m join v_open_mismatch_provenance p using (id)
       where m.business_date between ${WEEK.from}::date and ${WEEK.to}::date order by m.id`.execute(t.deps.conn.db);
    const rows = await page.locator('table.mismatches tbody tr').evaluateAll((trs) =>
      trs.map((tr) => ({
        id: tr.getAttribute('data-mismatch-id'),
        difference: tr.querySelector('[data-field="difference"]')?.textContent ?? null,
        expected: tr.querySelector('[data-field="expected"]')?.textContent ?? null,
        source: tr.querySelector('[data-field="source"]')?.textContent ?? null,
        runs: tr.lastElementChild?.textContent ?? null,
      })),
    );
    rows.sort((a, b) => Number(a.id) - Number(b.id));
    expect(rows.map((r) => ({ ...r, difference: plain(r.difference), expected: r.expected === '—' ? null : plain(r.expected) }))).toEqual(
      open.rows.map((m) => ({
        id: m.id,
        // A currency mismatch: two currencies are never subtracted; expected carries the order's currency.
        difference: m.kind === 'currency_mismatch' ? '—' : m.difference,
        expected: m.kind === 'currency_mismatch' ? `${m.currency} ${m.expected}` : m.expected,
        source: m.file === null ? 'no report row' : `${m.file}:${m.line}`,
        runs: `#${m.first} → #${m.last}`,
      })),
    );
    expect(await page.locator('#open h2').textContent()).toBe(`Open mismatches (${open.rows.length})`);
  });

  it('shows a currency mismatch in both currencies and says what to do next for each kind', async () => {
    const row = page.locator('table.mismatches tbody tr', { has: page.locator('td', { hasText: 'currency_mismatch' }) });
    expect(await row.locator('[data-field="currency"]').textContent()).toBe('ARS / USD');
    expect(await row.locator('[data-field="expected"]').textContent()).toBe('ARS 95,000.00');
    expect(await row.locator('[data-field="actual"]').textContent()).toBe('USD 95.00');
    expect(await row.locator('[data-field="difference"]').textContent()).toBe('—');
    const kinds = new Set(await page.locator('table.mismatches tbody tr td:nth-child(3)').allTextContents());
    const steps = await page.locator('#next-steps tr[data-kind]').evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-kind'), tr.lastElementChild?.textContent?.length ?? 0]));
    expect(new Set(steps.map(([k]) => k))).toEqual(kinds);
    for (const [, length] of steps) expect(length).toBeGreaterThan(20);
  });

  it.each([1024, 1440])('keeps the difference column in view at %i px, and ids on one line', async (width) => {
    const narrow = await browser.newPage({ viewport: { width, height: 800 } });
    await narrow.route('**/*', (route) => (route.request().url() === fileUrl ? route.continue() : route.abort()));
    await narrow.goto(fileUrl, { waitUntil: 'load' });
    const header = await narrow.locator('table.mismatches th', { hasText: 'difference' }).boundingBox();
    expect(header!.x + header!.width).toBeLessThanOrEqual(width);
    const rights = await narrow.locator('table.mismatches td[data-field="difference"]').evaluateAll((tds) => tds.map((td) => td.getBoundingClientRect().right));
    expect(rights.length).toBeGreaterThan(5);
    for (const right of rights) expect(right).toBeLessThanOrEqual(width);
    // Every id (reference, order, payment) lays out as one line box.
    const lines = await narrow.locator('table.mismatches td.id').evaluateAll((tds) =>
      tds.map((td) => {
        const range = td.ownerDocument.createRange();
        range.selectNodeContents(td);
        return [td.textContent, range.getClientRects().length];
      }),
    );
    expect(lines.length).toBeGreaterThan(10);
    for (const [text, n] of lines) expect([text, n]).toEqual([text, 1]);
    await narrow.close();
  });
});
