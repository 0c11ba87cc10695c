/**
 * A simulator session for the simulator's own tests (test/simulator.*.test.ts): one simulator on a
 * manual clock with one MLB account, reset before each test, plus the raw HTTP call, a client, a small
 * CSV reader and a seeded ledger.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { createManualClock } from '../../simulator/clock.ts';
import { type RunningSimulator, startSimulator } from '../../simulator/server.ts';
import { MpClient } from '../../src/mp/client.ts';

export const TOKEN = 'TEST-5551234567-simulator-token';
export const KIND = 'settlement_report';
export const clock = createManualClock('2026-03-02T14:40:10Z');
export const RANGE = { begin_date: '2026-03-01T03:00:00Z', end_date: '2026-03-02T03:00:00Z' };

export const session: { sim: RunningSimulator; dir: string } = { sim: undefined as unknown as RunningSimulator, dir: '' };

/** Registers the hooks: call once at the top of a test file. */
export function useSimulatorSession(): void {
  beforeAll(async () => {
    session.sim = await startSimulator({ clock });
    session.dir = await mkdtemp(join(tmpdir(), 'mp-sim-test-'));
  });
  afterAll(async () => {
    await session.sim.close();
    await rm(session.dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    session.sim.state.reset();
    clock.set('2026-03-02T14:40:10Z');
    session.sim.state.addAccount({ accessToken: TOKEN, siteId: 'MLB', userId: 123456789 });
  });
}

export type Json = any;

export async function api(method: string, path: string, body?: unknown, token: string | null = TOKEN) {
  const res = await fetch(session.sim.url + path, {
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

export function client(): MpClient {
  return new MpClient({ baseUrl: session.sim.url, accessToken: TOKEN, log: pino({ level: 'silent' }), sleep: async () => {} });
}

/** RFC 4180, enough for the simulator's files. */
export function parseCsv(text: string, sep: string): string[][] {
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

export function records(text: string, sep: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text, sep);
  return rows.map((r) => Object.fromEntries((header ?? []).map((h, i) => [h, r[i] ?? ''])));
}

export const LEDGER = [
  { type: 'payment', id: '5067634447', externalReference: 'order-1001', orderId: 'order-1001', amount: '79.00', fee: '8.85', mkpFee: '8.85', approvedAt: '2026-03-01T10:00:00-03:00', releasedAt: '2026-03-15T10:00:00-03:00' },
  { type: 'payment', id: '5067781790', externalReference: 'order-1002', amount: '199.00', fee: '22.29', taxes: '1.50', installments: 3, paymentMethod: 'master', paymentMethodType: 'credit_card', createdAt: '2026-03-01T18:38:18-03:00', approvedAt: '2026-03-01T18:38:24-03:00' },
  { type: 'refund', id: 'r-1', paymentId: '5067634447', amount: '20.00', date: '2026-03-01T20:00:00-03:00' },
  { type: 'refund', id: 'r-2', paymentId: '5067634447', amount: '9.00', date: '2026-03-01T21:00:00-03:00' },
  { type: 'chargeback', id: 'cb-1', paymentId: '5067781790', date: '2026-03-01T22:00:00-03:00' },
  { type: 'payout', id: 'po-1', amount: '100.00', date: '2026-03-01T23:00:00-03:00' },
  // exactly at end_date: outside [begin, end) unless the range end is inclusive
  { type: 'payment', id: '5067799999', externalReference: 'order-1003', amount: '10.00', approvedAt: '2026-03-02T00:00:00-03:00' },
];

export async function generate(kind: 'settlement_report' | 'release_report' = KIND, range = RANGE): Promise<{ text: string; fileName: string }> {
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
