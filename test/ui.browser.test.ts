/**
 * The web UI in headless chromium (playwright-core, Debian's chromium): a finance analyst logs in,
 * filters, acknowledges, resolves with a note, exports and reads the history; a viewer is refused; a
 * form without its CSRF token fails; an admin adds and disables a user on the users page; at 1024 and 1440 px the difference column stays in view. Runs on
 * the Postgres backend only: the same pages are covered on both backends by ui.http.test.ts, and a
 * second browser run would add about half a minute to the embedded suite. Skips without chromium.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb, testBackend } from './helpers/test-db.ts';
import { PASSWORD, plantUiWorld, startUi } from './helpers/ui-world.ts';

const CHROMIUM = '/usr/bin/chromium';
const hasBrowser = existsSync(CHROMIUM);
if (!hasBrowser) console.warn(`ui.browser.test: ${CHROMIUM} not found, skipping the browser checks (apt-get install chromium, as .ci/run does)`);
const SHOTS = process.env.UI_SCREENSHOT_DIR ?? join(tmpdir(), 'mp-recon-ui-shots');

let t: TestDb;
let app: FastifyInstance;
let base: string;
let browser: Browser;
const consoleErrors: string[] = [];

async function loggedIn(user: string, width = 1280): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width, height: 800 }, acceptDownloads: true });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  await page.goto(`${base}/mismatches`);
  expect(new URL(page.url()).pathname).toBe('/login');
  await page.getByLabel('User').fill(user);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL(`${base}/mismatches`);
  return { context, page };
}

describe.skipIf(!hasBrowser || testBackend() === 'embedded')('the web UI in headless chromium', () => {
  beforeAll(async () => {
    t = await createTestDb();
    await plantUiWorld(t);
    ({ app, url: base } = await startUi(t));
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await t?.close();
  });

  it('an analyst filters, acknowledges, resolves with a note, exports and reads the history', async () => {
    const { context, page } = await loggedIn('ana');
    await page.getByLabel('Kind').selectOption('amount_mismatch');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/kind=amount_mismatch/);
    const rows = page.locator('table.mismatches tbody tr');
    const kinds = await rows.locator('td:nth-child(4)').allTextContents();
    expect(kinds.length).toBeGreaterThan(0);
    expect(new Set(kinds)).toEqual(new Set(['amount_mismatch']));

    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Export CSV' }).click();
    let text = '';
    for await (const chunk of await (await download).createReadStream()) text += chunk;
    const lines = text.trim().split('\r\n');
    expect(lines[0]).toMatch(/,difference,.*,assignee,latest_note,account_id$/);
    expect(lines).toHaveLength(kinds.length + 1);

    await rows.first().locator('a').first().click();
    await page.waitForURL(/\/mismatches\/\d+$/);
    const id = page.url().split('/').pop()!;
    await page.getByRole('textbox', { name: 'Acknowledge note' }).fill('looking at it');
    await page.getByRole('button', { name: 'Acknowledge' }).click();
    await page.waitForURL(`${base}/mismatches/${id}`);
    await page.getByRole('textbox', { name: 'Resolve note' }).fill('MP confirmed a one peso fee');
    await page.getByRole('button', { name: 'Resolve' }).click();
    await page.waitForURL(`${base}/mismatches/${id}`);
    const history = await page
      .locator('h2:text("History") + div table tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.children].slice(1).map((td) => td.textContent)));
    expect(history).toEqual([
      ['mp-recon', 'opened', ''],
      ['ana', 'acknowledged', 'looking at it'],
      ['ana', 'resolved', 'MP confirmed a one peso fee'],
    ]);
    expect(await page.locator('dl.fields').textContent()).toContain('resolved');
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('refuses a viewer (403) and a form posted without its CSRF token', async () => {
    const untouched = await t.deps.conn.db.selectFrom('mismatches').select('id').where('kind', '=', 'payment_missing_internally').executeTakeFirstOrThrow();
    const id = untouched.id;
    const viewer = await loggedIn('vera');
    await viewer.page.goto(`${base}/mismatches/${id}`);
    expect(await viewer.page.locator(`form[action="/mismatches/${id}/ack"]`).count()).toBe(0);
    const token = await viewer.page.locator('form[action="/logout"] input[name="_csrf"]').inputValue();
    const refused = await viewer.page.request.post(`${base}/mismatches/${id}/ack`, { form: { _csrf: token, note: 'mine' }, maxRedirects: 0 });
    expect(refused.status()).toBe(403);
    await viewer.context.close();

    const analyst = await loggedIn('ana');
    await analyst.page.goto(`${base}/mismatches/${id}`);
    await analyst.page.locator(`form[action="/mismatches/${id}/comment"] input[name="_csrf"]`).evaluate((input) => input.remove());
    await analyst.page.getByRole('textbox', { name: 'Comment note' }).fill('no token');
    const [response] = await Promise.all([
      analyst.page.waitForResponse((r) => r.request().method() === 'POST'),
      analyst.page.getByRole('button', { name: 'Comment' }).click(),
    ]);
    expect(response.status()).toBe(403);
    const events = await t.deps.conn.db.selectFrom('mismatch_events').select('action').where('mismatch_id', '=', id).execute();
    expect(events.map((e) => e.action)).toEqual(['opened']);
    await analyst.context.close();
  });

  it('an admin adds a user with a role and a password, who logs in; then disables them; a viewer sees no users page', async () => {
    const admin = await loggedIn('ada');
    await admin.page.getByRole('link', { name: 'Users' }).click();
    await admin.page.waitForURL(`${base}/users`);
    await admin.page.getByLabel('Name').fill('carla');
    await admin.page.getByLabel('Role').selectOption('analyst');
    await admin.page.getByLabel('Password').fill('a long password');
    await admin.page.getByRole('button', { name: 'Add user' }).click();
    await admin.page.waitForURL(`${base}/users?added=carla`);
    expect(await admin.page.locator('tr[data-user="carla"]').textContent()).toMatch(/^carlaanalyst.*active/);

    const carla = await browser.newContext({ viewport: { width: 1024, height: 800 } });
    const carlaPage = await carla.newPage();
    await carlaPage.goto(`${base}/login`);
    await carlaPage.getByLabel('User').fill('carla');
    await carlaPage.getByLabel('Password').fill('a long password');
    await carlaPage.getByRole('button', { name: 'Log in' }).click();
    await carlaPage.waitForURL(`${base}/`);
    expect(await carlaPage.locator('header .who').textContent()).toContain('carla (analyst)');

    await admin.page.getByRole('button', { name: 'Disable carla' }).click();
    await admin.page.waitForURL(`${base}/users?disabled=carla`);
    expect(await admin.page.locator('tr[data-user="carla"] td:nth-child(4)').textContent()).toMatch(/^disabled /);
    expect(await admin.page.locator('table.user-events tbody tr').first().textContent()).toMatch(/adadisabledcarla/);
    await carlaPage.goto(`${base}/`);
    expect(new URL(carlaPage.url()).pathname).toBe('/login');
    await carla.close();
    await admin.context.close();

    const viewer = await loggedIn('vera');
    expect(await viewer.page.getByRole('link', { name: 'Users' }).count()).toBe(0);
    const refused = await viewer.page.goto(`${base}/users`);
    expect(refused?.status()).toBe(403);
    await viewer.context.close();
    // The refusals above are the only failed loads: chromium reports each 403 on the console.
    expect(consoleErrors.filter((e) => !e.includes('status of 403'))).toEqual([]);
  });

  it.each([1024, 1440])('keeps the difference column in view at %i px, and payment ids on one line', async (width) => {
    const { context, page } = await loggedIn('ana', width);
    await page.goto(`${base}/mismatches?status=all`);
    const header = await page.locator('table.mismatches th', { hasText: 'Difference' }).boundingBox();
    expect(header).not.toBeNull();
    expect(header!.x + header!.width).toBeLessThanOrEqual(width);
    const rights = await page.locator('table.mismatches td.num').evaluateAll((tds) => tds.map((td) => td.getBoundingClientRect().right));
    expect(rights.length).toBeGreaterThan(3);
    for (const right of rights) expect(right).toBeLessThanOrEqual(width);
    // A payment id on one line: the text of its cell lays out as a single line box, unclipped.
    const lineBoxes = await page.locator('table.mismatches td:nth-child(8)').evaluateAll((tds) =>
      tds.map((td) => {
        const range = td.ownerDocument.createRange();
        range.selectNodeContents(td);
        return [td.textContent, range.getClientRects().length, td.scrollWidth - td.clientWidth];
      }),
    );
    expect(lineBoxes.length).toBeGreaterThan(3);
    for (const [text, lines, overflow] of lineBoxes) expect([text, lines, overflow]).toEqual([text, text ? 1 : 0, 0]);
    await page.screenshot({ path: join(SHOTS, `mismatches-${width}.png`), fullPage: true });
    await page.goto(`${base}/mismatches/1`);
    await page.screenshot({ path: join(SHOTS, `mismatch-${width}.png`), fullPage: true });
    await page.goto(`${base}/`);
    await page.screenshot({ path: join(SHOTS, `overview-${width}.png`), fullPage: true });
    await context.close();
  });
});
