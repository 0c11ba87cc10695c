import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { parseAccount } from '../simulator/accounts.ts';
import { Ledger } from '../simulator/ledger.ts';
import { DEFAULT_QUIRKS } from '../simulator/quirks.ts';
import { defaultConfig, effectiveConfig } from '../simulator/report-config.ts';
import { buildReportFile } from '../simulator/report-file.ts';

const account = parseAccount({ accessToken: 'TEST-release-sim', siteId: 'MLA' }, 1);
const COLUMNS = ['DATE', 'SOURCE_ID', 'RECORD_TYPE', 'DESCRIPTION', 'NET_CREDIT_AMOUNT', 'NET_DEBIT_AMOUNT', 'GROSS_AMOUNT', 'MP_FEE_AMOUNT', 'TAXES_AMOUNT', 'BALANCE_AMOUNT'];
const BEGIN = new Date('2026-03-01T03:00:00Z');
const END = new Date('2026-04-01T03:00:00Z');

function report(kind: 'release_report' | 'settlement_report', movements: unknown[], extra: Record<string, unknown> = {}, quirks = {}) {
  const ledger = new Ledger();
  let n = 0;
  ledger.add(movements, 2, () => `id-${++n}`);
  const columns = kind === 'release_report' ? COLUMNS : ['SOURCE_ID', 'TRANSACTION_TYPE', 'SETTLEMENT_DATE', 'MONEY_RELEASE_DATE'];
  const config = effectiveConfig({ ...defaultConfig(kind, account), columns: columns.map((key) => ({ key })), display_timezone: 'GMT-03', separator: ',', ...extra });
  const text = buildReportFile({ kind, account, ledger, config, quirks: { ...DEFAULT_QUIRKS, ...quirks }, begin: BEGIN, end: END }).toString('utf8');
  const [header, ...lines] = text.trimEnd().split('\n');
  const keys = header!.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((cell, i) => [keys[i], cell])) as Record<string, string>);
}

const pay = (id: string, type: string, at: string, amount = '100.00') => ({ type: 'payment', id, amount, fee: '10.00', approvedAt: at, paymentMethodType: type, shippingId: id === 'P3' ? 'SH-1' : '' });

describe('simulated release reports', () => {
  it('release a payment after its approval by payment method, the same date in both reports', () => {
    const movements = [pay('P1', 'credit_card', '2026-03-02T10:00:00-03:00'), pay('P2', 'account_money', '2026-03-02T11:00:00-03:00')];
    const releases = report('release_report', movements).filter((r) => r.DESCRIPTION === 'payment');
    expect(releases.map((r) => [r.SOURCE_ID, r.DATE])).toEqual([
      ['P2', '2026-03-02T11:00:00.000-03:00'],
      ['P1', '2026-03-16T10:00:00.000-03:00'],
    ]);
    const settled = report('settlement_report', movements);
    expect(settled.map((r) => [r.SOURCE_ID, r.SETTLEMENT_DATE, r.MONEY_RELEASE_DATE])).toEqual([
      ['P1', '2026-03-02T10:00:00.000-03:00', '2026-03-16T10:00:00.000-03:00'],
      ['P2', '2026-03-02T11:00:00.000-03:00', '2026-03-02T11:00:00.000-03:00'],
    ]);
  });

  it('hold disputed money, turn the hold into a debit on chargeback, reserve for refunds, and surround payouts', () => {
    const rows = report(
      'release_report',
      [
        pay('P1', 'account_money', '2026-03-02T10:00:00-03:00'),
        pay('P3', 'account_money', '2026-03-02T11:00:00-03:00'),
        { type: 'dispute', paymentId: 'P1', date: '2026-03-03T10:00:00-03:00' },
        { type: 'chargeback', paymentId: 'P1', date: '2026-03-05T10:00:00-03:00' },
        { type: 'refund', id: 'R1', paymentId: 'P3', amount: '40.00', date: '2026-03-06T10:00:00-03:00' },
        { type: 'payout', id: 'PO1', amount: '20.00', date: '2026-03-07T10:00:00-03:00' },
      ],
      { compensate_detail: true, check_available_balance: true },
      { releaseSubtotals: true, truncatedDescriptions: true },
    );
    expect(rows.map((r) => [r.RECORD_TYPE, r.DESCRIPTION, r.NET_CREDIT_AMOUNT, r.NET_DEBIT_AMOUNT, r.BALANCE_AMOUNT])).toEqual([
      ['initial_available_balance', '', '0.00', '0.00', '0.00'],
      ['release', 'payment', '90.00', '0.00', '90.00'],
      ['release', 'payment', '90.00', '0.00', '180.00'],
      ['release', 'dispute', '0.00', '100.00', '80.00'],
      ['release', 'dispute', '100.00', '0.00', '180.00'],
      ['release', 'chargeback', '0.00', '100.00', '80.00'],
      ['release', 'reserve_for_bpp_shipping_retur', '0.00', '40.00', '40.00'],
      ['release', 'reserve_for_bpp_shipping_retur', '40.00', '0.00', '80.00'],
      ['release', 'refund', '0.00', '40.00', '40.00'],
      ['available_balance', 'pre_payout_PO1', '40.00', '0.00', '40.00'],
      ['release', 'payout', '0.00', '20.00', '20.00'],
      ['available_balance', 'pos_payout_PO1', '20.00', '0.00', '20.00'],
      ['subtotal', 'release', '320.00', '300.00', '20.00'],
      ['total', '', '320.00', '300.00', '20.00'],
    ]);
    for (const r of rows) {
      const net = new Decimal(r.NET_CREDIT_AMOUNT!).minus(r.NET_DEBIT_AMOUNT!);
      expect(net.equals(new Decimal(r.GROSS_AMOUNT!).plus(r.MP_FEE_AMOUNT!).plus(r.TAXES_AMOUNT!))).toBe(true);
    }
  });
});
