/**
 * The Mercado Pago simulator over real HTTP (ephemeral port): reports config, report creation and its
 * 400/203 answers, the pending → processed life of a task, auth errors and the admin API. The CSV files
 * it writes are in simulator.csv.test.ts; client-side behaviour in mp-client.test.ts.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { MpApiError } from '../src/mp/errors.ts';
import { api, client, clock, generate, KIND, LEDGER, RANGE, session, TOKEN, useSimulatorSession } from './helpers/simulator-session.ts';

useSimulatorSession();

describe('report config', () => {
  const config = { columns: [{ key: 'SOURCE_ID' }, { key: 'TRANSACTION_AMOUNT' }], file_name_prefix: 'mystore', frequency: { type: 'daily', value: 1, hour: 0 } };

  it('is 404 before it exists, 201 on create with defaults, 409 on a second create, 200 on get and put', async () => {
    expect((await api('GET', `/v1/account/${KIND}/config`)).json).toMatchObject({ status: 404, error: 'not_found' });
    const created = await api('POST', `/v1/account/${KIND}/config`, config);
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ separator: ',', display_timezone: 'GMT-04', scheduled: false, file_name_prefix: 'mystore' });
    const again = await api('POST', `/v1/account/${KIND}/config`, config);
    expect(again.status).toBe(409);
    expect(again.json).toMatchObject({ message: 'Duplicated id', error: 'conflict', status: 409 });
    expect(Array.isArray(again.json.cause)).toBe(true);
    const put = await api('PUT', `/v1/account/${KIND}/config`, { separator: ';', scheduled: true });
    expect(put.status).toBe(200);
    expect(put.json).toMatchObject({ separator: ';', scheduled: false, file_name_prefix: 'mystore' });
    expect((await api('GET', `/v1/account/${KIND}/config`)).json.separator).toBe(';');
  });

  it('answers 400 with MP keys for invalid columns, prefix, frequency and language', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ columns: [{ key: 'NOT_A_COLUMN' }] }, 'Invalid columns'],
      [{ columns: [] }, 'Invalid columns'],
      [{ file_name_prefix: '../evil' }, 'Invalid file_name_prefix'],
      [{ frequency: { type: 'hourly', hour: 0 } }, 'Invalid frequency'],
      [{ report_translation: 'fr' }, 'Invalid report_language'],
      [{ display_timezone: 'Mars/Olympus' }, 'Invalid file config'],
    ];
    for (const [patch, message] of cases) {
      const res = await api('POST', `/v1/account/${KIND}/config`, { ...config, ...patch });
      expect(res.status, message).toBe(400);
      expect(res.json).toMatchObject({ message, error: 'bad_request', status: 400 });
    }
  });
});

describe('report creation', () => {
  it('answers 202 with a pending task echoing the UTC range', async () => {
    const res = await api('POST', `/v1/account/${KIND}`, RANGE);
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({
      user_id: 123456789,
      begin_date: RANGE.begin_date,
      end_date: RANGE.end_date,
      created_from: 'manual',
      status: 'pending',
      format: 'CSV',
      currency_id: 'BRL',
      retries: 0,
      sub_type: 'settlement',
      is_test: true,
    });
    expect(typeof res.json.id).toBe('number');
    expect(res.json.file_name).toBeUndefined();
    expect(res.json.generation_date).toBe('2026-03-02T10:40:10.000-04:00');
  });

  it('answers 400 for missing dates, an end before the begin, and more than 60 days', async () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ end_date: RANGE.end_date }, 'invalid_begin_date'],
      [{ begin_date: RANGE.begin_date }, 'invalid_end_date'],
      [{ begin_date: '2026-03-01', end_date: RANGE.end_date }, 'invalid_begin_date'],
      [{ begin_date: RANGE.end_date, end_date: RANGE.begin_date }, 'end_date_before_begin_date'],
      [{ begin_date: '2026-01-01T00:00:00Z', end_date: '2026-03-02T00:00:01Z' }, 'invalid_date_range'],
    ];
    for (const [body, error] of cases) {
      const res = await api('POST', `/v1/account/${KIND}`, body);
      expect(res.status, error).toBe(400);
      expect(res.json).toMatchObject({ error, status: 400 });
      expect(typeof res.json.message).toBe('string');
    }
    expect((await api('POST', `/v1/account/${KIND}`, { begin_date: '2026-01-01T00:00:00Z', end_date: '2026-03-02T00:00:00Z' })).status).toBe(202);
  });

  it('answers 203 beyond 60 days when that quirk is chosen, and when a not_created fault is armed', async () => {
    session.sim.state.setQuirks({ over60Days: 'not_created' });
    expect((await api('POST', `/v1/account/${KIND}`, { begin_date: '2026-01-01T00:00:00Z', end_date: '2026-03-10T00:00:00Z' })).status).toBe(203);
    session.sim.state.addFault({ method: 'POST', path: '/v1/account/:kind', type: 'not_created' });
    expect((await api('POST', `/v1/account/${KIND}`, RANGE)).status).toBe(203);
    expect((await api('POST', `/v1/account/${KIND}`, RANGE)).status).toBe(202);
  });
});

describe('task life cycle and download', () => {
  it('stays pending for reportPolls list calls, then is processed with a file named prefix-stamp.csv', async () => {
    session.sim.state.reportPolls = 2;
    await api('POST', `/v1/account/${KIND}/config`, { columns: [{ key: 'SOURCE_ID' }], file_name_prefix: 'mystore', frequency: { type: 'daily', value: 1, hour: 0 } });
    const { json: task } = await api('POST', `/v1/account/${KIND}`, RANGE);
    for (let i = 0; i < 2; i += 1) {
      const [listed] = (await api('GET', `/v1/account/${KIND}/list`)).json;
      expect(listed).toMatchObject({ id: task.id, status: 'pending' });
      expect(listed.file_name).toBeUndefined();
    }
    const [done] = (await api('GET', `/v1/account/${KIND}/list`)).json;
    expect(done).toMatchObject({ id: task.id, status: 'processed', file_name: 'mystore-2026-03-02-104010.csv' });
    // a second report processed in the same second gets the next free stamp
    session.sim.state.reportPolls = 0;
    const second = await api('POST', `/v1/account/${KIND}`, RANGE);
    const list = (await api('GET', `/v1/account/${KIND}/list`)).json;
    expect(list.map((t: { id: number }) => t.id)).toEqual([second.json.id, task.id]);
    expect(list[0].file_name).toBe('mystore-2026-03-02-104011.csv');
    expect((await api('GET', `/v1/account/${KIND}/list?limit=1&offset=1`)).json.map((t: { id: number }) => t.id)).toEqual([task.id]);
  });

  it('waits reportDelayMs on the simulator clock', async () => {
    session.sim.state.reportDelayMs = 60_000;
    const { json: task } = await api('POST', `/v1/account/${KIND}`, RANGE);
    expect((await api('GET', `/v1/account/${KIND}/list`)).json[0].status).toBe('pending');
    clock.advance(60_000);
    expect((await api('GET', `/v1/account/${KIND}/list`)).json[0]).toMatchObject({ id: task.id, status: 'processed' });
  });

  it('generates the file once: later ledger changes do not alter it', async () => {
    session.sim.state.addMovements(TOKEN, LEDGER.slice(0, 1));
    const { text, fileName } = await generate();
    session.sim.state.addMovements(TOKEN, LEDGER.slice(1, 2));
    expect((await api('GET', `/v1/account/${KIND}/${fileName}`)).text).toBe(text);
  });

  it('answers 404 not_found for unknown files and 403 for a numeric task id', async () => {
    const missing = await api('GET', `/v1/account/${KIND}/nope.csv`);
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ message: `Resource /account/${KIND}/nope.csv/ not found.`, error: 'not_found', status: 404, cause: [] });
    const { json: task } = await api('POST', `/v1/account/${KIND}`, RANGE);
    expect((await api('GET', `/v1/account/${KIND}/${task.id}`)).status).toBe(403);
  });

  it('keeps a task pending forever under stuck_pending, and ends it in error under report_error', async () => {
    session.sim.state.addFault({ path: '/v1/account/settlement_report', type: 'stuck_pending' });
    session.sim.state.addFault({ path: '/v1/account/settlement_report', type: 'report_error' });
    const stuck = await api('POST', `/v1/account/${KIND}`, RANGE);
    const failed = await api('POST', `/v1/account/${KIND}`, RANGE);
    const byId = new Map((await api('GET', `/v1/account/${KIND}/list`)).json.map((t: { id: number }) => [t.id, t]));
    expect(byId.get(stuck.json.id)).toMatchObject({ status: 'pending' });
    expect(byId.get(failed.json.id)).toMatchObject({ status: 'error' });
  });

  it('turns the schedule on and off', async () => {
    expect((await api('POST', `/v1/account/${KIND}/schedule`)).status).toBe(404);
    await api('POST', `/v1/account/${KIND}/config`, { columns: [{ key: 'SOURCE_ID' }], file_name_prefix: 'mystore', frequency: { type: 'daily', value: 1, hour: 0 } });
    const on = await api('POST', `/v1/account/${KIND}/schedule`);
    expect(on.json).toMatchObject({ status: 'pending', created_from: 'schedule', report_type: 'settlement' });
    expect((await api('GET', `/v1/account/${KIND}/config`)).json.scheduled).toBe(true);
    const off = await api('DELETE', `/v1/account/${KIND}/schedule`);
    expect(off.json).toMatchObject({ id: on.json.id, status: 'deleted' });
    expect((await api('GET', `/v1/account/${KIND}/config`)).json.scheduled).toBe(false);
  });
});

describe('auth', () => {
  it('answers 401 with MP error body for a missing or unknown token', async () => {
    for (const token of [null, 'APP_USR-not-a-known-token']) {
      const res = await api('GET', `/v1/account/${KIND}/list`, undefined, token);
      expect(res.status).toBe(401);
      expect(res.json).toMatchObject({ error: 'unauthorized', status: 401 });
      expect(typeof res.json.message).toBe('string');
      expect(Array.isArray(res.json.cause)).toBe(true);
    }
  });
});

describe('admin API', () => {
  it('seeds accounts, ledger and faults over HTTP, and resets', async () => {
    const token = 'TEST-admin-seeded-token';
    const acct = await api('POST', '/__sim/accounts', { accessToken: token, siteId: 'MLM', userId: 42 }, null);
    expect(acct.status).toBe(201);
    expect(acct.json).toEqual({ id: 42, site_id: 'MLM', currency_id: 'MXN', timezone: 'America/Mexico_City' });
    const bad = await api('POST', '/__sim/ledger', { accessToken: token, movements: [{ type: 'refund', paymentId: 'nope', date: '2026-03-01T10:00:00Z' }] }, null);
    expect(bad.status).toBe(400);
    expect(bad.json.message).toMatch(/paymentId 'nope'/);
    const ok = await api('POST', '/__sim/ledger', { accessToken: token, movements: [{ type: 'payment', amount: '10.00', approvedAt: '2026-03-01T10:00:00Z' }] }, null);
    expect(ok.json).toEqual({ added: 1 });
    await api('POST', '/__sim/faults', { method: 'GET', path: '/v1/account/*/list', type: 'status', status: 503, times: 1 }, null);
    expect((await api('GET', `/v1/account/${KIND}/list`, undefined, token)).status).toBe(503);
    expect((await api('GET', `/v1/account/${KIND}/list`, undefined, token)).status).toBe(200);
    expect((await api('POST', '/__sim/quirks', { bogus: true }, null)).status).toBe(400);
    expect((await api('POST', '/__sim/clock', { advanceMs: 1000 }, null)).json.now).toBe('2026-03-02T14:40:11.000Z');
    await api('POST', '/__sim/reset', {}, null);
    expect((await api('GET', `/v1/account/${KIND}/list`, undefined, token)).status).toBe(401);
  });

  it('serves the file the client downloads byte for byte', async () => {
    session.sim.state.addMovements(TOKEN, LEDGER);
    const mp = client();
    const task = await mp.reports.create(KIND, { beginDate: RANGE.begin_date, endDate: new Date(RANGE.end_date) });
    const ready = await mp.reports.waitForReport(KIND, task.id, { pollMs: 10, timeoutMs: 1000 });
    const saved = await mp.reports.download(KIND, ready.file_name, session.dir);
    const served = await api('GET', `/v1/account/${KIND}/${ready.file_name}`);
    expect(await readFile(saved.path, 'utf8')).toBe(served.text);
    expect(saved.bytes).toBe(Buffer.byteLength(served.text));
    await expect(mp.reports.create(KIND, { beginDate: '2026-01-01T00:00:00Z', endDate: '2026-03-05T00:00:00Z' })).rejects.toSatisfy(
      (e: unknown) => e instanceof MpApiError && e.code === 'MP_BAD_REQUEST' && e.mpError?.error === 'invalid_date_range',
    );
  });
});
