/**
 * The CSV files the Mercado Pago simulator writes: settlement rows from a seeded ledger (signs, net,
 * ranges, separators, timezones, translated headers and the quirk switches) and the release report's
 * balance, releases and total.
 */
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { api, generate, KIND, LEDGER, RANGE, records, session, TOKEN, useSimulatorSession } from './helpers/simulator-session.ts';

useSimulatorSession();

describe('settlement CSV', () => {
  it('has one row per movement in [begin, end), signed as design.md says, net = gross + fee + taxes', async () => {
    session.sim.state.addMovements(TOKEN, LEDGER);
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
    session.sim.state.addMovements(TOKEN, LEDGER);
    session.sim.state.setQuirks({ rangeEnd: 'inclusive' });
    const rows = records((await generate()).text, ';');
    expect(rows.at(-1)).toMatchObject({ SOURCE_ID: '5067799999', SETTLEMENT_DATE: '2026-03-01T23:00:00.000-04:00' });
  });

  it('follows separator, display_timezone, columns and translated headers, with BOM and CRLF quirks', async () => {
    session.sim.state.addMovements(TOKEN, LEDGER);
    session.sim.state.setQuirks({ bom: true, crlf: true });
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
    session.sim.state.addMovements(TOKEN, LEDGER);
    session.sim.state.setQuirks({
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
    session.sim.state.addMovements(TOKEN, [...LEDGER.slice(0, 1), { type: 'refund', id: 'r-3', paymentId: '5067634447', amount: '5.00', externalReference: 'refund-abc', date: '2026-03-01T12:00:00-03:00' }]);
    await api('POST', `/v1/account/${KIND}/config`, {
      columns: [{ key: 'EXTERNAL_REFERENCE' }, { key: 'TRANSACTION_TYPE' }],
      file_name_prefix: 'mystore',
      frequency: { type: 'daily', value: 1, hour: 0 },
      refund_detailed: true,
    });
    expect((await generate()).text).toBe('EXTERNAL_REFERENCE,TRANSACTION_TYPE\norder-1001,SETTLEMENT\nrefund-abc,REFUND\n');
  });

  it('can show the file_name while pending (not downloadable yet) and require a config first', async () => {
    session.sim.state.setQuirks({ fileNameWhilePending: true, missingConfig: 'not_found' });
    session.sim.state.reportPolls = 1;
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
    session.sim.state.addAccount({ accessToken: clp, siteId: 'MLC' });
    session.sim.state.addMovements(clp, [{ type: 'payment', id: '900', amount: '15990', fee: '800', approvedAt: '2026-03-01T12:00:00-03:00' }]);
    expect(() => session.sim.state.addMovements(clp, [{ type: 'payment', id: '901', amount: '1.50', approvedAt: '2026-03-01T12:00:00-03:00' }])).toThrow(/decimals/);
    const created = await api('POST', `/v1/account/${KIND}`, RANGE, clp);
    await api('GET', `/v1/account/${KIND}/list`, undefined, clp);
    const { json: list } = await api('GET', `/v1/account/${KIND}/list`, undefined, clp);
    const file = await api('GET', `/v1/account/${KIND}/${list.find((t: { id: number }) => t.id === created.json.id).file_name}`, undefined, clp);
    expect(records(file.text, ';')[0]).toMatchObject({ SITE: 'MLC', TRANSACTION_CURRENCY: 'CLP', TRANSACTION_AMOUNT: '15990', FEE_AMOUNT: '-800', SETTLEMENT_NET_AMOUNT: '15190' });
  });
});

describe('release CSV', () => {
  it('opens with the balance released before begin_date, lists releases, refunds and payouts, and closes with a total', async () => {
    session.sim.state.addMovements(TOKEN, [
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

