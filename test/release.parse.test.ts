import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ingestFile } from '../jobs/ingest-file.ts';
import { reconcileWindow } from '../jobs/reconcile-window.ts';
import { descriptionCode, KNOWN_DESCRIPTIONS, RECORD_TYPES, releaseRowClass } from './helpers/release-row-class.ts';
import { openReport } from '../src/parse/parse-report.ts';
import { writeTemp } from './helpers/fixtures.ts';
import { createTestDb, type TestDb } from './helpers/test-db.ts';

/** The official release sample of mercadopago-api.md §3.2, verbatim. */
const OFFICIAL_SAMPLE = `DATE,SOURCE_ID,EXTERNAL_REFERENCE,RECORD_TYPE,DESCRIPTION,NET_CREDIT_AMOUNT,NET_DEBIT_AMOUNT,GROSS_AMOUNT,MP_FEE_AMOUNT,FINANCING_FEE_AMOUNT,SHIPPING_FEE_AMOUNT,TAXES_AMOUNT,COUPON_AMOUNT,INSTALLMENTS,PAYMENT_METHOD
2018-04-17T15:07:53.000-04:00,,,initial_available_balance,,813439.19,0.00,813439.19,0.00,0.00,0.00,0.00,0.00,1,
2018-04-17T15:07:53.000-04:00,,,release,withdrawal,0.00,813363.45,-813360.45,-3.00,0.00,0.00,0.00,0.00,1,
2018-04-17T15:11:12.000-04:00,,,release,payment,225.96,0.00,269.00,-43.04,0.00,0.00,0.00,0.00,1,account_money
2018-04-17T15:38:40.000-04:00,,,release,payment,820.14,0.00,1099.00,-278.86,0.00,0.00,0.00,0.00,6,visa
`;
/** Its closing row as MP states it: every credit (the initial balance included) and every debit. */
const SAMPLE_TOTAL = '2018-04-17T15:38:40.000-04:00,,,total,,814485.29,813363.45,1446.74,-324.90,0.00,0.00,0.00,0.00,,\n';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t.close());
beforeEach(async () => t.reset());

async function ingest(text: string) {
  return ingestFile(t.deps, { path: writeTemp(text, 'release.csv') });
}

const cashOf = (date: string) => t.deps.conn.db.selectFrom('v_daily_cash').selectAll().where('business_date', '=', date).executeTakeFirst();

describe('the official release sample', () => {
  it('parses into typed rows', async () => {
    const report = await openReport(writeTemp(OFFICIAL_SAMPLE));
    expect(report.schema.kind).toBe('release');
    const rows = [];
    for await (const row of report.rows) rows.push(row);
    expect(rows.every((r) => r.ok)).toBe(true);
    const result = await ingest(OFFICIAL_SAMPLE);
    expect(result).toMatchObject({ kind: 'release', rowsStored: 4, rowsRejected: 0, coversFrom: '2018-04-17', coversTo: '2018-04-17' });
    const stored = await t.deps.conn.db
      .selectFrom('mp_release_rows')
      .select(['record_kind', 'description', 'row_class', 'net_credit_amount', 'net_debit_amount', 'gross_amount', 'payment_method'])
      .orderBy('line')
      .execute();
    expect(stored.map((r) => [r.record_kind, r.description, r.row_class, r.net_credit_amount, r.net_debit_amount, r.gross_amount, r.payment_method])).toEqual([
      ['initial_available_balance', null, 'opening', '813439.19', '0.00', '813439.19', null],
      ['release', 'withdrawal', 'payout', '0.00', '813363.45', '-813360.45', null],
      ['release', 'payment', 'movement', '225.96', '0.00', '269.00', 'account_money'],
      ['release', 'payment', 'movement', '820.14', '0.00', '1099.00', 'visa'],
    ]);
  });

  it('balances: every row keeps its identity, and with its total row the day closes on the stated balance', async () => {
    await ingest(OFFICIAL_SAMPLE + SAMPLE_TOTAL);
    const counts = await reconcileWindow(t.deps, { from: '2018-04-17', to: '2018-04-17' });
    expect(counts.found).toBe(0);
    expect(await cashOf('2018-04-17')).toEqual({
      site: 'MLA', currency: 'ARS', business_date: '2018-04-17', opening: '813439.19', credits: '1046.10', debits: '0.00',
      holds: '0', payouts: '813363.45', closing: '1121.84', reported_closing: '1121.84', balances: true, account_id: 'default',
    });
  });

  it('without a total row the day still closes, with nothing stated to compare against', async () => {
    await ingest(OFFICIAL_SAMPLE);
    expect(await cashOf('2018-04-17')).toMatchObject({ closing: '1121.84', reported_closing: null, balances: null });
  });
});

describe('release rows of every RECORD_TYPE', () => {
  const HEADER = 'DATE,SOURCE_ID,RECORD_TYPE,DESCRIPTION,NET_CREDIT_AMOUNT,NET_DEBIT_AMOUNT,GROSS_AMOUNT\n';
  const row = (source: string, type: string, description: string, credit: string, debit: string) =>
    `2026-11-02T10:00:00.000-03:00,${source},${type},${description},${credit},${debit},${(Number(credit) - Number(debit)).toFixed(2)}\n`;

  it('are typed, keep DESCRIPTION as given, and recognise it when MP cut it at 30 characters', async () => {
    const text =
      HEADER +
      row('', 'initial_available_balance', '', '500.00', '0.00') +
      row('1', 'release', 'payment', '100.00', '0.00') +
      row('1', 'block', 'dispute', '0.00', '100.00') +
      row('1', 'unblock', 'dispute', '100.00', '0.00') +
      row('', 'fullblock', 'restriction', '0.00', '50.00') +
      row('2', ' Release ', 'reserve_for_bpp_shipping_retur', '0.00', '10.00') +
      row('2', 'release', 'RESERVE_FOR_BPP_SHIPPING_RETUR', '10.00', '0.00') +
      row('PO-7', 'available_balance', 'pre_payout_PO-7', '550.00', '0.00') +
      row('PO-7', 'release', 'payout', '0.00', '200.00') +
      row('PO-7', 'available_balance', 'pos_withdrawal_PO-7', '350.00', '0.00') +
      row('', 'subtotal', 'release', '110.00', '210.00') +
      row('', 'mystery_type', 'something', '1.00', '0.00') +
      row('', 'total', '', '710.00', '360.00');
    expect(await ingest(text)).toMatchObject({ rowsStored: 13, rowsRejected: 0 });
    const stored = await t.deps.conn.db
      .selectFrom('mp_release_rows')
      .select(['record_type', 'record_kind', 'description', 'description_code', 'row_class', 'is_hold', 'payout_id'])
      .orderBy('line')
      .execute();
    expect(stored.map((r) => [r.record_type, r.record_kind, r.description, r.description_code, r.row_class, r.is_hold, r.payout_id])).toEqual([
      ['initial_available_balance', 'initial_available_balance', null, null, 'opening', false, null],
      ['release', 'release', 'payment', 'payment', 'movement', false, null],
      ['block', 'block', 'dispute', 'dispute', 'hold', true, null],
      ['unblock', 'unblock', 'dispute', 'dispute', 'hold', true, null],
      ['fullblock', 'fullblock', 'restriction', 'restriction', 'hold', true, null],
      ['Release', 'release', 'reserve_for_bpp_shipping_retur', 'reserve_for_bpp_shipping_return', 'hold', true, null],
      ['release', 'release', 'RESERVE_FOR_BPP_SHIPPING_RETUR', 'reserve_for_bpp_shipping_return', 'hold', true, null],
      ['available_balance', 'available_balance', 'pre_payout_PO-7', 'pre_payout', 'balance_info', false, 'po-7'],
      ['release', 'release', 'payout', 'payout', 'payout', false, 'PO-7'],
      ['available_balance', 'available_balance', 'pos_withdrawal_PO-7', 'pos_withdrawal', 'balance_info', false, 'po-7'],
      ['subtotal', 'subtotal', 'release', 'release', 'subtotal', false, null],
      ['mystery_type', 'mystery_type', 'something', 'something', 'unknown', false, null],
      ['total', 'total', null, null, 'total', false, null],
    ]);
    // Holds, payouts and informative rows each land in their own column of the cash view.
    expect(await cashOf('2026-11-02')).toMatchObject({ opening: '500.00', credits: '100.00', debits: '0.00', holds: '50.00', payouts: '200.00', closing: '350.00' });
  });

  it('are read from translated `Label (KEY)` headers, `;` and decimal commas', async () => {
    const text =
      'Fecha de liquidación (DATE);Tipo de registro (RECORD_TYPE);Descripción (DESCRIPTION);Monto neto acreditado (NET_CREDIT_AMOUNT);Monto neto debitado (NET_DEBIT_AMOUNT);Columna nueva (NEW_COLUMN)\n' +
      '2026-11-02T10:00:00.000-03:00;release;payment;1.234,56;0,00;x\n';
    expect(await ingest(text)).toMatchObject({ rowsStored: 1, rowsRejected: 0 });
    const stored = await t.deps.conn.db.selectFrom('mp_release_rows').select(['net_credit_amount', 'row_class', 'extra']).executeTakeFirstOrThrow();
    expect(stored).toEqual({ net_credit_amount: '1234.56', row_class: 'movement', extra: { NEW_COLUMN: 'x' } });
  });
});

describe('the row classifier and its SQL twin', () => {
  async function sqlClassify(pairs: readonly (readonly [string, string])[]): Promise<[string, string | null][]> {
    const { rows } = await t.deps.conn.pool.query<{ c: string; d: string | null }>(
      'select release_row_class(r, d) as c, release_description_code(d) as d from unnest($1::text[], $2::text[]) with ordinality as x(r, d, i) order by i',
      [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
    );
    return rows.map((r) => [r.c, r.d]);
  }
  const tsClassify = (pairs: readonly (readonly [string, string])[]) => pairs.map(([r, d]) => [releaseRowClass(r, d), descriptionCode(d)]);

  it('agree on every documented value, its truncation, and case and space variants', async () => {
    const descriptions = [...KNOWN_DESCRIPTIONS, ...KNOWN_DESCRIPTIONS.map((d) => d.slice(0, 30)), 'pre_payout_123', 'pos_withdrawal_9', 'tax_iibb_caba', '', ' Payout ', 'WITHDRAWAL_CANCEL'];
    const pairs = [...RECORD_TYPES, 'RELEASE', 'other'].flatMap((r) => descriptions.map((d) => [r, d] as const));
    expect(await sqlClassify(pairs)).toEqual(tsClassify(pairs));
    expect(descriptionCode('reserve_for_bpp_shipping_retur')).toBe('reserve_for_bpp_shipping_return');
    expect(releaseRowClass('release', 'reserve_for_bpp_shipping_retur')).toBe('hold');
  });

  it('agree on arbitrary text', async () => {
    const piece = fc.constantFrom('release', 'block', 'reserve_for_', 'payout', 'withdrawal', 'pre_payout_', 'pos_', 'dispute', ' ', '\t', 'X', '_', '7');
    const text = fc.array(piece, { maxLength: 6 }).map((parts) => parts.join(''));
    const pairs = fc.sample(fc.tuple(fc.oneof(text, fc.constantFrom(...RECORD_TYPES)), fc.oneof(text, fc.string({ maxLength: 32 }))), { numRuns: 400, seed: 42 });
    expect(await sqlClassify(pairs)).toEqual(tsClassify(pairs));
  });
});
