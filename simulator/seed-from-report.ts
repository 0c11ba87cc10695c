/**
 * Turns a settlement report (as mp-recon's samples ship them) into simulator ledger movements, so the
 * sandbox serves that traffic back through the reports API: SETTLEMENT rows become payments, REFUND /
 * CHARGEBACK / DISPUTE rows reversals of their SOURCE_ID, PAYOUT rows payouts. The simulator derives
 * every figure from its ledger, so what a report row states beyond the ledger cannot be replayed and is
 * listed as skipped: rows in another currency than the account's, rows of other types, rows that
 * break net = gross + fees + taxes (replayed with the arithmetic fixed), repeated payment ids, and rows
 * whose amounts are not plain decimals.
 */
import { Decimal } from 'decimal.js';
import { readSeedReport } from './seed-report-reader.ts';

const AMOUNT_KEYS = ['TRANSACTION_AMOUNT', 'FEE_AMOUNT', 'MKP_FEE_AMOUNT', 'FINANCING_FEE_AMOUNT', 'TAXES_AMOUNT', 'SETTLEMENT_NET_AMOUNT'];
const PLAIN_DECIMAL = /^-?\d+(\.\d+)?$/;

export interface SeedMovement {
  readonly line: number;
  readonly movement: Record<string, unknown>;
}

export async function settlementReportMovements(path: string, currency: string): Promise<{ movements: SeedMovement[]; skipped: string[] }> {
  const rows = await readSeedReport(path);
  const movements: SeedMovement[] = [];
  const skipped: string[] = [];
  const payments = new Set<string>();
  for (const row of rows) {
    const get = row.get;
    const unreadable = AMOUNT_KEYS.find((key) => get(key) !== '' && !PLAIN_DECIMAL.test(get(key)));
    if (unreadable) {
      skipped.push(`line ${row.line}: ${unreadable} '${get(unreadable)}' is not an amount`);
      continue;
    }
    const abs = (key: string): string => new Decimal(get(key) || '0').abs().toFixed();
    const type = get('TRANSACTION_TYPE').toUpperCase();
    const rowCurrency = get('TRANSACTION_CURRENCY') || currency;
    const at = get('SETTLEMENT_DATE') || get('TRANSACTION_DATE');
    if (rowCurrency !== currency) {
      skipped.push(`line ${row.line}: ${type} in ${rowCurrency}, but the account is in ${currency}`);
      continue;
    }
    const net = get('SETTLEMENT_NET_AMOUNT');
    if (net !== '' && !new Decimal(net).equals(new Decimal(get('TRANSACTION_AMOUNT')).plus(get('FEE_AMOUNT') || '0').plus(get('TAXES_AMOUNT') || '0'))) {
      skipped.push(`line ${row.line}: net ≠ gross + fees + taxes; replayed with the arithmetic fixed`);
    }
    if (type === 'SETTLEMENT') {
      const id = get('SOURCE_ID');
      if (payments.has(id)) {
        skipped.push(`line ${row.line}: payment ${id} appears twice`);
        continue;
      }
      payments.add(id);
      const fee = abs('FEE_AMOUNT');
      const mkp = abs('MKP_FEE_AMOUNT');
      movements.push({
        line: row.line,
        movement: {
          type: 'payment', id, externalReference: get('EXTERNAL_REFERENCE'), orderId: get('ORDER_ID'), packId: get('PACK_ID'),
          amount: abs('TRANSACTION_AMOUNT'), fee, mkpFee: new Decimal(mkp).gt(fee) ? fee : mkp,
          financingFee: abs('FINANCING_FEE_AMOUNT'), taxes: abs('TAXES_AMOUNT'),
          paymentMethod: get('PAYMENT_METHOD'), paymentMethodType: get('PAYMENT_METHOD_TYPE'),
          installments: Number.parseInt(get('INSTALLMENTS') || '1', 10) || 1,
          approvedAt: at, createdAt: get('TRANSACTION_DATE') || at, releasedAt: get('MONEY_RELEASE_DATE') || at,
        },
      });
    } else if (type === 'REFUND' || type === 'CHARGEBACK' || type === 'DISPUTE') {
      movements.push({ line: row.line, movement: { type: type.toLowerCase(), paymentId: get('SOURCE_ID'), amount: abs('TRANSACTION_AMOUNT'), date: at } });
    } else if (type === 'PAYOUT') {
      movements.push({ line: row.line, movement: { type: 'payout', id: get('SOURCE_ID'), amount: abs('TRANSACTION_AMOUNT'), fee: abs('FEE_AMOUNT'), date: at } });
    } else {
      skipped.push(`line ${row.line}: ${type} rows are not simulated`);
    }
  }
  return { movements, skipped };
}
