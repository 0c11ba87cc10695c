/**
 * The Mercado Pago simulator over real HTTP (ephemeral port): reports config, report creation and its
 * 400/203 answers, the pending → processed life of a task, CSV files generated from a seeded ledger,
 * quirk switches, auth errors and the admin API. Client-side behaviour lives in mp-client.test.ts.
 */
import { readFile } from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MpApiError } from '../src/mp/errors.ts';
import { MpClient } from '../src/mp/client.ts';
import { createManualClock } from '../simulator/clock.ts';
import { type RunningSimulator, startSimulator } from '../simulator/server.ts';

const TOKEN = 'TEST-5551234567-simulator-token';
const KIND = 'settlement_report';
const clock = createManualClock('2026-03-02T14:40:10Z');
const RANGE = { begin_date: '2026-03-01T03:00:00Z', end_date: '2026-03-02T03:00:00Z' };

let sim: RunningSimulator;
let dir: string;

beforeAll(async () => {
  sim = await startSimulator({ clock });
  dir = await mkdtemp(join(tmpdir(), 'mp-sim-test-'));
});
afterAll(async () => {
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  sim.state.reset();
  clock.set('2026-03-02T14:40:10Z');
  sim.state.addAccount({ accessToken: TOKEN, siteId: 'MLB', userId: 123456789 });
});

type Json = any;

async function api(method: string, path: string, body?: unknown, token: string | null = TOKEN) {
  const res = await fetch(sim.url + path, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // fetch's text() would drop a BOM; keep it, the BOM quirk is under test
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
  let json: Json;
  try {
    json = JSON.parse(text) as Json;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

function client(): MpClient {
  return new MpClient({ baseUrl: sim.url, accessToken: TOKEN, log: pino({ level: 'silent' }), sleep: async () => {} });
}

/** RFC 4180, enough for the simulator's files. */
function parseCsv(text: string, sep: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === sep) {
      row.push(cell);
      cell = '';
    } else if (c === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else if (c !== '\r') cell += c;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

function records(text: string, sep: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text, sep);
  return rows.map((r) => Object.fromEntries((header ?? []).map((h, i) => [h, r[i] ?? ''])));
}

const LEDGER = [
  { type: 'payment', id: '5067634447', externalReference: 'order-1001', orderId: 'order-1001', amount: '79.00', fee: '8.85', mkpFee: '8.85', approvedAt: '2026-03-01T10:00:00-03:00', releasedAt: '2026-03-15T10:00:00-03:00' },
  { type: 'payment', id: '5067781790', externalReference: 'order-1002', amount: '199.00', fee: '22.29', taxes: '1.50', installments: 3, paymentMethod: 'master', paymentMethodType: 'credit_card', createdAt: '2026-03-01T18:38:18-03:00', approvedAt: '2026-03-01T18:38:24-03:00' },
  { type: 'refund', id: 'r-1', paymentId: '5067634447', amount: '20.00', date: '2026-03-01T20:00:00-03:00' },
  { type: 'refund', id: 'r-2', paymentId: '5067634447', amount: '9.00', date: '2026-03-01T21:00:00-03:00' },
  { type: 'chargeback', id: 'cb-1', paymentId: '5067781790', date: '2026-03-01T22:00:00-03:00' },
  { type: 'payout', id: 'po-1', amount: '100.00', date: '2026-03-01T23:00:00-03:00' },
  // exactly at end_date: outside [begin, end) unless the range end is inclusive
  { type: 'payment', id: '5067799999', externalReference: 'order-1003', amount: '10.00', approvedAt: '2026-03-02T00:00:00-03:00' },
];

async function generate(kind: 'settlement_report' | 'release_report' = KIND, range = RANGE): Promise<{ text: string; fileName: string }> {
  const created = await api('POST', `/v1/account/${kind}`, range);
  expect(created.status).toBe(202);
  const list = await api('GET', `/v1/account/${kind}/list`);
  const task = list.json.find((t: { id: number }) => t.id === created.json.id);
  expect(task.status).toBe('processed');
  const file = await api('GET', `/v1/account/${kind}/${encodeURIComponent(task.file_name)}`);
  expect(file.status).toBe(200);
  expect(file.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  return { text: file.text, fileName: task.file_name };
}

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
    sim.state.setQuirks({ over60Days: 'not_created' });
    expect((await api('POST', `/v1/account/${KIND}`, { begin_date: '2026-01-01T00:00:00Z', end_date: '2026-03-10T00:00:00Z' })).status).toBe(203);
    sim.state.addFault({ method: 'POST', path: '/v1/account/:kind', type: 'not_created' });
    expect((await api('POST', `/v1/account/${KIND}`, RANGE)).status).toBe(203);
    expect((await api('POST', `/v1/account/${KIND}`, RANGE)).status).toBe(202);
  });
});

describe('task life cycle and download', () => {
  it('stays pending for reportPolls list calls, then is processed with a file named prefix-stamp.csv', async () => {
    sim.state.reportPolls = 2;
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
    sim.state.reportPolls = 0;
    const second = await api('POST', `/v1/account/${KIND}`, RANGE);
    const list = (await api('GET', `/v1/account/${KIND}/list`)).json;
    expect(list.map((t: { id: number }) => t.id)).toEqual([second.json.id, task.id]);
    expect(list[0].file_name).toBe('mystore-2026-03-02-104011.csv');
    expect((await api('GET', `/v1/account/${KIND}/list?limit=1&offset=1`)).json.map((t: { id: number }) => t.id)).toEqual([task.id]);
  });

  it('waits reportDelayMs on the simulator clock', async () => {
    sim.state.reportDelayMs = 60_000;
    const { json: task } = await api('POST', `/v1/account/${KIND}`, RANGE);
    expect((await api('GET', `/v1/account/${KIND}/list`)).json[0].status).toBe('pending');
    clock.advance(60_000);
    expect((await api('GET', `/v1/account/${KIND}/list`)).json[0]).toMatchObject({ id: task.id, status: 'processed' });
  });

  it('generates the file once: later ledger changes do not alter it', async () => {
    sim.state.addMovements(TOKEN, LEDGER.slice(0, 1));
    const { text, fileName } = await generate();
    sim.state.addMovements(TOKEN, LEDGER.slice(1, 2));
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
    sim.state.addFault({ path: '/v1/account/settlement_report', type: 'stuck_pending' });
    sim.state.addFault({ path: '/v1/account/settlement_report', type: 'report_error' });
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

describe('settlement CSV', () => {
  it('has one row per movement in [begin, end), signed as design.md says, net = gross + fee + taxes', async () => {
    sim.state.addMovements(TOKEN, LEDGER);
    const { text } = await generate();
    expect(text.startsWith('EXTERNAL_REFERENCE;SOURCE_ID;USER_ID;PAYMENT_METHOD_TYPE;PAYMENT_METHOD;SITE;TRANSACTION_TYPE;')).toBe(true);
    expect(text.endsWith('\n')).toBe(true);
    expect(text).not.toContain('\r');
    const rows = records(text, ';');
    expect(Object.keys(rows[0] ?? {})).toHaveLength(26);
    expect(rows.map((r) => [r.TRANSACTION_TYPE, r.SOURCE_ID, r.EXTERNAL_REFERENCE, r.TRANSACTION_AMOUNT, r.FEE_AMOUNT, r.TAXES_AMOUNT, r.SETTLEMENT_NET_AMOUNT])).toEqual([
      ['SETTLEMENT', '5067634447', 'order-1001', '79.00', '-8.85', '0.00', '70.15'],
      ['SETTLEMENT', '5067781790', 'order-1002', '199.00', '-22.29', '-1.50', '175.21'],
      ['REFUND', '5067634447', 'order-1001', '-20.00', '0.00', '0.00', '-20.00'],
      ['REFUND', '5067634447', 'order-1001', '-9.00', '0.00', '0.00', '-9.00'],
      ['CHARGEBACK', '5067781790', 'order-1002', '-199.00', '0.00', '0.00', '-199.00'],
      ['PAYOUT', 'po-1', '', '-100.00', '0.00', '0.00', '-100.00'],
    ]);
    const first = rows[0] ?? {};
    expect(first).toMatchObject({
      USER_ID: '123456789',
      SITE: 'MLB',
      TRANSACTION_CURRENCY: 'BRL',
      SETTLEMENT_CURRENCY: 'BRL',
      TRANSACTION_DATE: '2026-03-01T09:00:00.000-04:00',
      SETTLEMENT_DATE: '2026-03-01T09:00:00.000-04:00',
      MKP_FEE_AMOUNT: '-8.85',
      METADATA: '[{}]',
      ORDER_ID: 'order-1001',
      REAL_AMOUNT: '70.15',
    });
    expect(rows[1]).toMatchObject({ TRANSACTION_DATE: '2026-03-01T17:38:18.000-04:00', SETTLEMENT_DATE: '2026-03-01T17:38:24.000-04:00', INSTALLMENTS: '3', PAYMENT_METHOD: 'master' });
    expect(rows[2]?.METADATA).toBe('[{"refund_id":"r-1"}]');
    for (const r of rows) {
      const sum = new Decimal(r.TRANSACTION_AMOUNT ?? '').plus(r.FEE_AMOUNT ?? '').plus(r.TAXES_AMOUNT ?? '');
      expect(sum.toFixed(2)).toBe(r.SETTLEMENT_NET_AMOUNT);
    }
  });

  it('includes a movement exactly at end_date when the range end is inclusive', async () => {
    sim.state.addMovements(TOKEN, LEDGER);
    sim.state.setQuirks({ rangeEnd: 'inclusive' });
    const rows = records((await generate()).text, ';');
    expect(rows.at(-1)).toMatchObject({ SOURCE_ID: '5067799999', SETTLEMENT_DATE: '2026-03-01T23:00:00.000-04:00' });
  });

  it('follows separator, display_timezone, columns and translated headers, with BOM and CRLF quirks', async () => {
    sim.state.addMovements(TOKEN, LEDGER);
    sim.state.setQuirks({ bom: true, crlf: true });
    await api('POST', `/v1/account/${KIND}/config`, {
      columns: [{ key: 'EXTERNAL_REFERENCE' }, { key: 'SETTLEMENT_DATE' }, { key: 'METADATA' }, { key: 'TRANSACTION_AMOUNT' }],
      file_name_prefix: 'mystore',
      frequency: { type: 'daily', value: 1, hour: 0 },
      separator: ',',
      display_timezone: 'GMT-03',
      report_translation: 'es',
    });
    const { text } = await generate();
    expect(text.startsWith('\uFEFFCódigo de referencia (EXTERNAL_REFERENCE),')).toBe(true);
    const lines = text.slice(1).split('\r\n');
    expect(lines[0]).toBe('Código de referencia (EXTERNAL_REFERENCE),Fecha de aprobación (SETTLEMENT_DATE),Metadata (METADATA),Valor de la compra (TRANSACTION_AMOUNT)');
    expect(lines[1]).toBe('order-1001,2026-03-01T10:00:00.000-03:00,[{}],79.00');
    expect(lines[3]).toBe('order-1001,2026-03-01T20:00:00.000-03:00,"[{""refund_id"":""r-1""}]",-20.00');
    expect(lines.at(-1)).toBe('');

    await api('PUT', `/v1/account/${KIND}/config`, { report_translation: 'pt' });
    expect((await generate()).text.slice(1)).toMatch(/^Referência externa \(EXTERNAL_REFERENCE\),/);
    await api('PUT', `/v1/account/${KIND}/config`, { report_translation: 'en' });
    expect((await generate()).text.slice(1)).toMatch(/^Reference code \(EXTERNAL_REFERENCE\),/);
  });

  it('changes signs, fees, REAL_AMOUNT, order, quoting and columns with the quirk switches', async () => {
    sim.state.addMovements(TOKEN, LEDGER);
    sim.state.setQuirks({
      mkpFee: 'additive',
      reversalSign: 'positive',
      realAmount: 'net_of_reversals',
      settlementOrder: 'desc',
      quoteJsonCells: true,
      extraColumns: ['BRAND_NEW_COLUMN'],
    });
    const { text } = await generate();
    expect(text.split('\n')[0]).toMatch(/;PACK_ID;BRAND_NEW_COLUMN$/);
    expect(text).toContain(';"[{}]";');
    const rows = records(text, ';');
    expect(rows.map((r) => r.TRANSACTION_TYPE)).toEqual(['PAYOUT', 'CHARGEBACK', 'REFUND', 'REFUND', 'SETTLEMENT', 'SETTLEMENT']);
    expect(rows[2]).toMatchObject({ TRANSACTION_AMOUNT: '9.00', SETTLEMENT_NET_AMOUNT: '9.00' });
    expect(rows[4]).toMatchObject({ SOURCE_ID: '5067781790', REAL_AMOUNT: '-23.79' });
    expect(rows[5]).toMatchObject({ SOURCE_ID: '5067634447', FEE_AMOUNT: '0.00', MKP_FEE_AMOUNT: '-8.85', SETTLEMENT_NET_AMOUNT: '70.15', REAL_AMOUNT: '41.15' });
  });

  it("shows a refund's own reference when refund_detailed is set", async () => {
    sim.state.addMovements(TOKEN, [...LEDGER.slice(0, 1), { type: 'refund', id: 'r-3', paymentId: '5067634447', amount: '5.00', externalReference: 'refund-abc', date: '2026-03-01T12:00:00-03:00' }]);
    await api('POST', `/v1/account/${KIND}/config`, {
      columns: [{ key: 'EXTERNAL_REFERENCE' }, { key: 'TRANSACTION_TYPE' }],
      file_name_prefix: 'mystore',
      frequency: { type: 'daily', value: 1, hour: 0 },
      refund_detailed: true,
    });
    expect((await generate()).text).toBe('EXTERNAL_REFERENCE,TRANSACTION_TYPE\norder-1001,SETTLEMENT\nrefund-abc,REFUND\n');
  });

  it('can show the file_name while pending (not downloadable yet) and require a config first', async () => {
    sim.state.setQuirks({ fileNameWhilePending: true, missingConfig: 'not_found' });
    sim.state.reportPolls = 1;
    expect((await api('POST', `/v1/account/${KIND}`, RANGE)).status).toBe(404);
    await api('POST', `/v1/account/${KIND}/config`, { columns: [{ key: 'SOURCE_ID' }], file_name_prefix: 'mystore', frequency: { type: 'daily', value: 1, hour: 0 } });
    expect((await api('POST', `/v1/account/${KIND}`, RANGE)).json.file_name).toBe('mystore-2026-03-02-104010.csv');
    expect((await api('GET', `/v1/account/${KIND}/mystore-2026-03-02-104010.csv`)).status).toBe(404);
    expect((await api('GET', `/v1/account/${KIND}/list`)).json[0]).toMatchObject({ status: 'pending', file_name: 'mystore-2026-03-02-104010.csv' });
    expect((await api('GET', `/v1/account/${KIND}/list`)).json[0]).toMatchObject({ status: 'processed', file_name: 'mystore-2026-03-02-104010.csv' });
    expect((await api('GET', `/v1/account/${KIND}/mystore-2026-03-02-104010.csv`)).text).toBe('SOURCE_ID\n');
  });

  it('writes CLP amounts without decimals', async () => {
    const clp = 'TEST-chile-account-token';
    sim.state.addAccount({ accessToken: clp, siteId: 'MLC' });
    sim.state.addMovements(clp, [{ type: 'payment', id: '900', amount: '15990', fee: '800', approvedAt: '2026-03-01T12:00:00-03:00' }]);
    expect(() => sim.state.addMovements(clp, [{ type: 'payment', id: '901', amount: '1.50', approvedAt: '2026-03-01T12:00:00-03:00' }])).toThrow(/decimals/);
    const created = await api('POST', `/v1/account/${KIND}`, RANGE, clp);
    await api('GET', `/v1/account/${KIND}/list`, undefined, clp);
    const { json: list } = await api('GET', `/v1/account/${KIND}/list`, undefined, clp);
    const file = await api('GET', `/v1/account/${KIND}/${list.find((t: { id: number }) => t.id === created.json.id).file_name}`, undefined, clp);
    expect(records(file.text, ';')[0]).toMatchObject({ SITE: 'MLC', TRANSACTION_CURRENCY: 'CLP', TRANSACTION_AMOUNT: '15990', FEE_AMOUNT: '-800', SETTLEMENT_NET_AMOUNT: '15190' });
  });
});

describe('release CSV', () => {
  it('opens with the balance released before begin_date, lists releases, refunds and payouts, and closes with a total', async () => {
    sim.state.addMovements(TOKEN, [
      { type: 'payment', id: '1', externalReference: 'old', amount: '50.00', fee: '5.00', approvedAt: '2026-02-10T10:00:00-03:00', releasedAt: '2026-02-28T10:00:00-03:00' },
      { type: 'payment', id: '2', externalReference: 'order-2', amount: '100.00', fee: '10.00', taxes: '2.00', approvedAt: '2026-02-20T10:00:00-03:00', releasedAt: '2026-03-01T08:00:00-03:00' },
      { type: 'refund', id: 'r-9', paymentId: '2', amount: '30.00', date: '2026-03-01T09:00:00-03:00' },
      { type: 'payout', id: 'po-2', amount: '40.00', date: '2026-03-01T12:00:00-03:00' },
    ]);
    const rows = records((await generate('release_report')).text, ',');
    expect(rows.map((r) => [r.RECORD_TYPE, r.DESCRIPTION, r.SOURCE_ID, r.NET_CREDIT_AMOUNT, r.NET_DEBIT_AMOUNT, r.GROSS_AMOUNT, r.MP_FEE_AMOUNT, r.TAXES_AMOUNT])).toEqual([
      ['initial_available_balance', '', '', '45.00', '0.00', '45.00', '0.00', '0.00'],
      ['release', 'payment', '2', '88.00', '0.00', '100.00', '-10.00', '-2.00'],
      ['release', 'refund', '2', '0.00', '30.00', '-30.00', '0.00', '0.00'],
      ['release', 'payout', 'po-2', '0.00', '40.00', '-40.00', '0.00', '0.00'],
      ['total', '', '', '133.00', '70.00', '75.00', '-10.00', '-2.00'],
    ]);
    expect(rows[1]?.DATE).toBe('2026-03-01T07:00:00.000-04:00');
    expect(rows[2]?.EXTERNAL_REFERENCE).toBe('order-2');
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
    sim.state.addMovements(TOKEN, LEDGER);
    const mp = client();
    const task = await mp.reports.create(KIND, { beginDate: RANGE.begin_date, endDate: new Date(RANGE.end_date) });
    const ready = await mp.reports.waitForReport(KIND, task.id, { pollMs: 10, timeoutMs: 1000 });
    const saved = await mp.reports.download(KIND, ready.file_name, dir);
    const served = await api('GET', `/v1/account/${KIND}/${ready.file_name}`);
    expect(await readFile(saved.path, 'utf8')).toBe(served.text);
    expect(saved.bytes).toBe(Buffer.byteLength(served.text));
    await expect(mp.reports.create(KIND, { beginDate: '2026-01-01T00:00:00Z', endDate: '2026-03-05T00:00:00Z' })).rejects.toSatisfy(
      (e: unknown) => e instanceof MpApiError && e.code === 'MP_BAD_REQUEST' && e.mpError?.error === 'invalid_date_range',
    );
  });
});
