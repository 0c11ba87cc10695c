/**
 * The Mercado Pago client against the simulator over real HTTP: retries (429 with Retry-After, 5xx,
 * network), exhausted retries and their codes, timeouts, 203 on report creation, waiting for a report,
 * atomic downloads (a truncated body leaves no file), and the access token never reaching a log line or
 * a thrown error. Sleep is injected, so backoff never actually waits.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MpClient, type MpClientOptions } from '../src/mp/client.ts';
import { MpApiError, type MpErrorCode } from '../src/mp/errors.ts';
import { createManualClock } from '../simulator/clock.ts';
import { type RunningSimulator, startSimulator } from '../simulator/server.ts';

const TOKEN = 'APP_USR-8412097713-secret-token-do-not-leak';
const KIND = 'settlement_report';
const RANGE = { beginDate: '2026-03-01T03:00:00Z', endDate: '2026-03-02T03:00:00Z' };
const clock = createManualClock('2026-03-02T14:40:10Z');

let sim: RunningSimulator;
let dir: string;
const logLines: string[] = [];
const log = pino({ level: 'trace' }, { write: (line: string) => void logLines.push(line) });
const thrown: unknown[] = [];

beforeAll(async () => {
  sim = await startSimulator({ clock });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(async () => {
  sim.state.reset();
  sim.state.addAccount({ accessToken: TOKEN, siteId: 'MLA' });
  sim.state.addMovements(TOKEN, [
    { type: 'payment', id: '7001', externalReference: 'order-7001', amount: '1500.00', fee: '90.00', approvedAt: '2026-03-01T10:00:00-03:00' },
    { type: 'refund', id: 'r-7001', paymentId: '7001', amount: '500.00', date: '2026-03-01T11:00:00-03:00' },
  ]);
  dir = await mkdtemp(join(tmpdir(), 'mp-client-test-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
  // the token may be sent to the simulator, but must never be written to a log line
  expect(logLines.filter((l) => l.includes(TOKEN))).toEqual([]);
});

function client(options: Partial<MpClientOptions> = {}) {
  const sleeps: number[] = [];
  const mp = new MpClient({
    baseUrl: sim.url,
    accessToken: TOKEN,
    log,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    ...options,
  });
  return { mp, sleeps };
}

/** Awaits a rejection, checks it is an MpApiError with `code`, and keeps it for the leak checks. */
async function failure(promise: Promise<unknown>, code: MpErrorCode): Promise<MpApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  thrown.push(error);
  expect(error).toBeInstanceOf(MpApiError);
  expect((error as MpApiError).code).toBe(code);
  return error as MpApiError;
}

async function readyFile(mp: MpClient): Promise<string> {
  const task = await mp.reports.create(KIND, RANGE);
  const ready = await mp.reports.waitForReport(KIND, task.id, { pollMs: 10, timeoutMs: 1_000 });
  return ready.file_name;
}

describe('retries', () => {
  it('retries a 429, waiting what Retry-After says, then succeeds', async () => {
    sim.state.addFault({ method: 'GET', path: '/v1/account/:kind/list', type: 'status', status: 429, retryAfter: 3, times: 2 });
    const { mp, sleeps } = client();
    expect(await mp.reports.list(KIND)).toEqual([]);
    expect(sleeps).toEqual([3_000, 3_000]);
    expect(logLines.some((l) => l.includes('"status":429') && l.includes('retrying'))).toBe(true);
  });

  it('retries 503 and 500 with exponential backoff and full jitter, then succeeds', async () => {
    sim.state.addFault({ path: '/v1/account/:kind/list', type: 'status', status: 503, times: 2 });
    sim.state.addFault({ path: '/v1/account/:kind/list', type: 'status', status: 500, times: 1 });
    const { mp, sleeps } = client({ baseDelayMs: 100, maxDelayMs: 250 });
    await mp.reports.list(KIND);
    // random() = 0.5 of min(cap, base·2^(n-1)): 100, 200, 250 (capped)
    expect(sleeps).toEqual([50, 100, 125]);
  });

  it('retries POST report creation on 503 (a duplicate task is harmless)', async () => {
    sim.state.addFault({ method: 'POST', path: `/v1/account/${KIND}`, type: 'status', status: 503 });
    const { mp, sleeps } = client();
    expect((await mp.reports.create(KIND, RANGE)).status).toBe('pending');
    expect(sleeps).toHaveLength(1);
  });

  it('does not retry config creation on 500, where the outcome is unknown', async () => {
    sim.state.addFault({ method: 'POST', path: '/v1/account/:kind/config', type: 'status', status: 500 });
    const { mp, sleeps } = client();
    const config = { columns: [{ key: 'SOURCE_ID' }], file_name_prefix: 'shop', frequency: { type: 'daily' as const, value: 1, hour: 0 } };
    const error = await failure(mp.reports.createConfig(KIND, config), 'MP_SERVER_ERROR');
    expect(error.attempts).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it('gives MP_SERVER_ERROR with the status, MP body and attempt count when every attempt fails', async () => {
    sim.state.addFault({ path: '/v1/account/:kind/list', type: 'status', status: 500, times: 'always' });
    const { mp, sleeps } = client({ maxAttempts: 3 });
    const error = await failure(mp.reports.list(KIND), 'MP_SERVER_ERROR');
    expect(error).toMatchObject({ status: 500, attempts: 3, retryable: true, method: 'GET', path: `/v1/account/${KIND}/list` });
    expect(error.mpError).toMatchObject({ error: 'internal_server_error', status: 500, cause: [] });
    expect(sleeps).toHaveLength(2);
  });

  it('gives MP_RATE_LIMITED with retryAfterMs when 429 never stops', async () => {
    sim.state.addFault({ path: '/v1/account/:kind/list', type: 'status', status: 429, retryAfter: 1, times: 'always' });
    const error = await failure(client({ maxAttempts: 2 }).mp.reports.list(KIND), 'MP_RATE_LIMITED');
    expect(error).toMatchObject({ status: 429, attempts: 2, retryAfterMs: 1_000 });
  });

  it('does not wait for a Retry-After longer than maxRetryAfterMs', async () => {
    sim.state.addFault({ path: '/v1/account/:kind/list', type: 'status', status: 429, retryAfter: 3_600 });
    const { mp, sleeps } = client({ maxRetryAfterMs: 60_000 });
    const error = await failure(mp.reports.list(KIND), 'MP_RATE_LIMITED');
    expect(error.retryAfterMs).toBe(3_600_000);
    expect(sleeps).toEqual([]);
  });

  it('retries a dropped connection, and gives MP_NETWORK when it keeps dropping', async () => {
    sim.state.addFault({ path: '/v1/account/:kind/list', type: 'drop' });
    await client().mp.reports.list(KIND);
    sim.state.addFault({ path: '/v1/account/:kind/list', type: 'drop', times: 'always' });
    const error = await failure(client({ maxAttempts: 2 }).mp.reports.list(KIND), 'MP_NETWORK');
    expect(error.attempts).toBe(2);
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('gives MP_TIMEOUT when the answer takes longer than timeoutMs', async () => {
    sim.state.addFault({ path: '/v1/account/:kind/list', type: 'delay', ms: 2_000 });
    const error = await failure(client({ timeoutMs: 50, maxAttempts: 1 }).mp.reports.list(KIND), 'MP_TIMEOUT');
    expect(error.message).toMatch(/within 50 ms/);
  });
});

describe('errors that are not retried', () => {
  it('gives MP_UNAUTHORIZED at once for a bad token', async () => {
    const { mp, sleeps } = client({ accessToken: 'APP_USR-wrong-token-0000' });
    const error = await failure(mp.reports.list(KIND), 'MP_UNAUTHORIZED');
    expect(error).toMatchObject({ status: 401, attempts: 1, retryable: false });
    expect(error.mpError).toMatchObject({ error: 'unauthorized', status: 401 });
    expect(sleeps).toEqual([]);
  });

  it('gives MP_NOT_FOUND for a config never created and MP_CONFLICT for a second create', async () => {
    const { mp } = client();
    await failure(mp.reports.getConfig(KIND), 'MP_NOT_FOUND');
    const config = { columns: [{ key: 'SOURCE_ID' }], file_name_prefix: 'shop', frequency: { type: 'daily' as const, value: 1, hour: 0 } };
    expect(await mp.reports.createConfig(KIND, config)).toMatchObject({ file_name_prefix: 'shop', separator: ',' });
    const conflict = await failure(mp.reports.createConfig(KIND, config), 'MP_CONFLICT');
    expect(conflict.mpError?.message).toBe('Duplicated id');
    expect(await mp.reports.updateConfig(KIND, { separator: ';' })).toMatchObject({ separator: ';' });
    expect(await mp.reports.getConfig(KIND)).toMatchObject({ separator: ';' });
  });

  it('gives MP_REPORT_NOT_CREATED (retryable) on 203', async () => {
    sim.state.addFault({ method: 'POST', path: `/v1/account/${KIND}`, type: 'not_created' });
    const error = await failure(client().mp.reports.create(KIND, RANGE), 'MP_REPORT_NOT_CREATED');
    expect(error).toMatchObject({ status: 203, retryable: true });
  });

  it('gives MP_BAD_REQUEST with MP error key for a bad range', async () => {
    const error = await failure(client().mp.reports.create(KIND, { beginDate: RANGE.endDate, endDate: RANGE.beginDate }), 'MP_BAD_REQUEST');
    expect(error.mpError?.error).toBe('end_date_before_begin_date');
  });
});

describe('waitForReport', () => {
  it('polls with growing waits until the task is processed', async () => {
    sim.state.reportPolls = 3;
    const { mp, sleeps } = client();
    const task = await mp.reports.create(KIND, RANGE);
    const ready = await mp.reports.waitForReport(KIND, task.id, { pollMs: 1_000, timeoutMs: 60_000 });
    expect(ready).toMatchObject({ id: task.id, status: 'processed', file_name: expect.stringMatching(/^settlement-report-\d+-2026-03-02-104010\.csv$/) });
    expect(sleeps).toEqual([1_000, 1_500, 2_250]);
  });

  it('gives MP_REPORT_NOT_READY once the timeout is spent on a stuck task', async () => {
    sim.state.addFault({ method: 'POST', path: `/v1/account/${KIND}`, type: 'stuck_pending' });
    const { mp, sleeps } = client();
    const task = await mp.reports.create(KIND, RANGE);
    const error = await failure(mp.reports.waitForReport(KIND, task.id, { pollMs: 1_000, timeoutMs: 10_000 }), 'MP_REPORT_NOT_READY');
    expect(error.retryable).toBe(true);
    expect(sleeps.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(10_000);
  });

  it('gives MP_REPORT_FAILED when the task ends in error', async () => {
    sim.state.addFault({ method: 'POST', path: `/v1/account/${KIND}`, type: 'report_error' });
    const { mp } = client();
    const task = await mp.reports.create(KIND, RANGE);
    await failure(mp.reports.waitForReport(KIND, task.id, { pollMs: 10 }), 'MP_REPORT_FAILED');
  });
});

describe('download', () => {
  it('streams the file into place with its sha256 and size, after a 503', async () => {
    const { mp } = client();
    const fileName = await readyFile(mp);
    sim.state.addFault({ method: 'GET', path: `/v1/account/${KIND}/${fileName}`, type: 'status', status: 503 });
    const saved = await mp.reports.download(KIND, fileName, dir);
    const bytes = await readFile(saved.path);
    expect(saved).toEqual({ path: join(dir, fileName), bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
    expect(await readdir(dir)).toEqual([fileName]);
    expect(bytes.toString('utf8')).toContain('order-7001');
  });

  it('gives MP_TRUNCATED_DOWNLOAD and leaves no file when the body stops before Content-Length', async () => {
    const { mp } = client();
    const fileName = await readyFile(mp);
    sim.state.addFault({ method: 'GET', path: `/v1/account/${KIND}/${fileName}`, type: 'truncate', keepBytes: 40 });
    const error = await failure(mp.reports.download(KIND, fileName, dir), 'MP_TRUNCATED_DOWNLOAD');
    expect(error.retryable).toBe(true);
    // undici may drop the bytes it buffered when the socket dies, so only the announced size is certain
    expect(error.message).toMatch(/stopped after \d+ of \d+ bytes/);
    expect(await readdir(dir)).toEqual([]);
  });

  it('gives MP_NOT_FOUND for an unknown file and refuses names that escape the directory', async () => {
    const { mp } = client();
    await failure(mp.reports.download(KIND, 'nope.csv', dir), 'MP_NOT_FOUND');
    await expect(mp.reports.download(KIND, 'x.csv', dir, { saveAs: '../x.csv' })).rejects.toThrow(TypeError);
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('the access token', () => {
  it('never appears in a thrown error, even when the server echoes it or fetch itself fails', async () => {
    sim.state.addFault({ path: '/v1/account/:kind/list', type: 'status', status: 400, message: `bad request for Bearer ${TOKEN}` });
    const echoed = await failure(client().mp.reports.list(KIND), 'MP_BAD_REQUEST');
    expect(echoed.mpError?.message).toBe('bad request for Bearer [redacted]');
    // a port nobody listens on any more: fetch throws a TypeError with a nested ECONNREFUSED cause
    const gone = await startSimulator();
    await gone.close();
    const refused = await failure(client({ baseUrl: gone.url, maxAttempts: 2 }).mp.reports.list(KIND), 'MP_NETWORK');
    expect(refused.message).toMatch(/ECONNREFUSED/);
    expect(inspect(client().mp, { depth: null, showHidden: true })).not.toContain(TOKEN);

    expect(thrown.length).toBeGreaterThanOrEqual(2);
    for (const error of thrown) {
      expect(JSON.stringify(error)).not.toContain(TOKEN);
      expect(inspect(error, { depth: null, showHidden: true })).not.toContain(TOKEN);
      expect(String((error as Error).stack)).not.toContain(TOKEN);
    }
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.join('')).not.toContain(TOKEN);
  });
});
