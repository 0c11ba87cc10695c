import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importInternal } from '../jobs/import-internal.ts';
import { ordersCsv, writeTemp } from './helpers/fixtures.ts';
import { createTestDb, type TestDb } from './helpers/test-db.ts';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t.close());
beforeEach(async () => t.reset());

describe('importInternal', () => {
  it('keeps ids as text with their leading zeros and amounts exact', async () => {
    await importInternal(t.deps, 'orders', writeTemp(ordersCsv([{ id: '000417', ref: '00098765', amount: '12345678901234.55' }])));
    const order = await t.deps.conn.db.selectFrom('orders').selectAll().executeTakeFirstOrThrow();
    expect(order).toMatchObject({ order_id: '000417', external_reference: '00098765', amount: '12345678901234.55', status: 'paid' });
  });

  it('upserts by id', async () => {
    await importInternal(t.deps, 'orders', writeTemp(ordersCsv([{ id: 'A', amount: '10.00' }])));
    const r = await importInternal(t.deps, 'orders', writeTemp(ordersCsv([{ id: 'A', amount: '12.00' }, { id: 'B', amount: '1' }])));
    expect(r).toEqual({ kind: 'orders', rows: 2, inserted: 1, updated: 1, encoding: 'utf-8' });
    const amounts = await t.deps.conn.db.selectFrom('orders').select(['order_id', 'amount']).orderBy('order_id').execute();
    expect(amounts).toEqual([
      { order_id: 'A', amount: '12.00' },
      { order_id: 'B', amount: '1' },
    ]);
  });

  it('reports every bad row with its line number and imports nothing', async () => {
    const csv =
      'order_id,external_reference,site,currency,amount,status,created_at,paid_at\n' +
      'A,R-A,MLA,ARS,10.00,paid,2026-11-01T10:00:00Z,2026-11-01T10:00:00Z\n' +
      'B,R-B,MLX,ARS,1.234,50,paid,2026-11-01T10:00:00Z,\n' +
      'C,R-C,MLA,ARS,-5,shipped,2026-11-01 10:00,\n' +
      'A,R-A2,MLA,ARS,1,paid,2026-11-01T10:00:00Z,\n';
    const err = await importInternal(t.deps, 'orders', writeTemp(csv)).catch((e) => e);
    expect(err).toMatchObject({ code: 'IMPORT_INVALID_ROWS' });
    const problems = (err.details as { problems: { line: number; message: string }[] }).problems;
    expect(problems.map((p) => p.line)).toEqual([3, 4, 5]);
    expect(problems[1]!.message).toMatch(/amount '-5' must be zero or more.*status 'shipped'.*created_at/);
    expect(problems[2]!.message).toMatch(/appears twice \(also on line 2\)/);
    expect(Number((await t.deps.conn.pool.query('select count(*) from orders')).rows[0].count)).toBe(0);
  });

  it('refuses payments for orders that do not exist', async () => {
    const csv = 'mp_payment_id,order_id,amount,currency,status,approved_at\n1,NOPE,10.00,ARS,approved,2026-11-01T10:00:00Z\n';
    const err = await importInternal(t.deps, 'payments', writeTemp(csv)).catch((e) => e);
    expect(err.details.problems).toEqual([{ line: 2, message: 'order NOPE does not exist; import the orders file first' }]);
  });

  it('names the missing column', async () => {
    await expect(importInternal(t.deps, 'refunds', writeTemp('refund_id,order_id\n'))).rejects.toMatchObject({
      code: 'HEADER_MISSING_COLUMN',
      message: expect.stringContaining('mp_payment_id, mp_refund_id, amount, currency, status, created_at'),
    });
  });
});
