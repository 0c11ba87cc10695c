/** The alert after a cycle, against a local receiver: content, retries, failures, and a secret URL. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { reconcileWindow } from '../jobs/reconcile-window.ts';
import type { CycleSummary } from '../src/alerts/cycle-summary.ts';
import { withCycleAlert } from '../src/alerts/send-alert.ts';
import { ReconError } from '../src/errors.ts';
import { createLogger } from '../src/log.ts';
import { writeBooks } from './helpers/account-books.ts';
import { load } from './helpers/fixtures.ts';
import { addTestAccount } from './helpers/test-accounts.ts';
import { createTestDb, type TestDb } from './helpers/test-db.ts';

const WEEK = { from: '2026-11-01', to: '2026-11-07' };
const SECRET_PATH = '/hooks/T000/B000/very-secret-token';

let t: TestDb;
let server: Server;
let url: string;
let received: CycleSummary[] = [];
let refuseNext = 0;
const logLines: string[] = [];

beforeAll(async () => {
  t = await createTestDb();
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (refuseNext > 0) {
        refuseNext--;
        res.writeHead(503).end();
        return;
      }
      received.push(JSON.parse(body) as CycleSummary);
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${SECRET_PATH}`;
});
afterAll(async () => {
  server.close();
  await t.close();
});
beforeEach(async () => {
  await t.reset();
  received = [];
  logLines.length = 0;
});

async function alertDeps() {
  const deps = await t.depsWith({ RECON_ALERT_WEBHOOK_URL: url, RECON_UI_URL: 'https://recon.example.test/' });
  const log = createLogger({ level: 'debug', destination: new Writable({
      write(chunk, _encoding, done) {
        logLines.push(String(chunk));
        done();
      },
    }) });
  return { ...deps, log };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 50));
};

describe('the alert after a cycle', () => {
  it('posts new mismatches by kind, money at risk and its change, coverage gaps and the UI link, retrying a refusing receiver', async () => {
    await load(t.deps, {
      orders: [{ id: 'O1', amount: '70.00' }],
      reports: [{ from: '2026-11-01', to: '2026-11-05', rows: [{ ref: 'REF-O1', payment: '1', amount: '69.00', at: '2026-11-03T10:00:00-03:00' }] }],
    });
    refuseNext = 1;
    const deps = await alertDeps();
    const result = await withCycleAlert(deps, { job: 'nightly', ...WEEK }, () => reconcileWindow(deps, WEEK), { baseDelayMs: 10 });
    expect(result.new).toBe(1);
    await until(() => received.length > 0);
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      account: 'default',
      job: 'nightly',
      status: 'succeeded',
      changes: { new: { amount_mismatch: 1 }, reopened: {}, resolved: {} },
      at_risk: [{ site: 'MLA', currency: 'ARS', amount: '1.00', change: '1' }],
      failed_steps: [],
      coverage_gaps: [
        { kind: 'settlement', from: '2026-11-06', to: '2026-11-07', days: 2 },
        { kind: 'release', from: '2026-11-01', to: '2026-11-07', days: 7 },
      ],
      ui_url: 'https://recon.example.test/mismatches?account=default',
    });
    expect(received[0]!.text).toContain('New: 1 (amount_mismatch 1)');
    expect(received[0]!.text).toContain('At risk MLA ARS 1.00 (+1)');
    expect(logLines.join('')).not.toContain('very-secret-token');
  });

  it('reports a failed cycle and still fails it with its own error', async () => {
    const deps = await alertDeps();
    await t.deps.conn.db.insertInto('runs').values({ account_id: 'default', job: 'fetch', status: 'failed', error_code: 'MP_TIMEOUT', error_message: 'no answer', window_from: null, window_to: null }).execute();
    const failing = () => Promise.reject(new ReconError('SHUTDOWN', 'stopped'));
    await expect(withCycleAlert(deps, { job: 'backfill', ...WEEK }, failing, { baseDelayMs: 10 })).rejects.toMatchObject({ code: 'SHUTDOWN' });
    await until(() => received.length > 0);
    expect(received[0]).toMatchObject({ job: 'backfill', status: 'failed', failed_steps: [{ job: 'fetch', error_code: 'MP_TIMEOUT' }] });
    expect(received[0]!.text).toContain('Failed: fetch run');
  });

  it('tells only its own account’s changes, money at risk and failed runs', async () => {
    const br = await addTestAccount(t.deps, { id: 'br', site: 'MLB' });
    const short = { window: WEEK, orders: [{ id: 'O1', amount: '70.00' }], rows: [{ ref: 'REF-O1', payment: '1', amount: '69.00', at: '2026-11-03T10:00:00-03:00' }] };
    await writeBooks(t.deps, short);
    await writeBooks(br, short);
    // The default account's mismatch is open before br's cycle; br's own run fails meanwhile too.
    await reconcileWindow(t.deps, WEEK);
    await t.deps.conn.db.insertInto('runs').values({ account_id: 'default', job: 'fetch', status: 'failed', error_code: 'MP_TIMEOUT', error_message: 'no answer', window_from: null, window_to: null }).execute();
    const deps = { ...br, config: { ...br.config, alertWebhookUrl: url, uiUrl: 'https://recon.example.test' } };
    await withCycleAlert(deps, { job: 'nightly', ...WEEK }, () => reconcileWindow(deps, WEEK), { baseDelayMs: 10 });
    await until(() => received.length > 0);
    expect(received[0]).toMatchObject({
      account: 'br',
      changes: { new: { amount_mismatch: 1 }, reopened: {}, resolved: {} },
      at_risk: [{ site: 'MLB', currency: 'BRL', amount: '1.00', change: '1' }],
      failed_steps: [],
      ui_url: 'https://recon.example.test/mismatches?account=br',
    });
    expect(received[0]!.text.split('\n')[0]).toBe('*mp-recon nightly br 2026-11-01..2026-11-07: succeeded*');
  });

  it('never blocks nor fails the cycle when the receiver is unreachable, and never logs the URL', async () => {
    const deps = { ...(await alertDeps()), config: { ...(await alertDeps()).config, alertWebhookUrl: `http://127.0.0.1:9${SECRET_PATH}` } };
    const started = Date.now();
    const value = await withCycleAlert(deps, { job: 'nightly', ...WEEK }, async () => 'cycle result', { baseDelayMs: 20, attempts: 3 });
    expect(value).toBe('cycle result');
    expect(Date.now() - started).toBeLessThan(5000);
    await until(() => logLines.some((l) => l.includes('alert not delivered')));
    expect(logLines.some((l) => l.includes('alert not delivered'))).toBe(true);
    expect(logLines.join('')).not.toContain('very-secret-token');
  });
});
