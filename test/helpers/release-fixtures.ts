/**
 * Hand-written release reports for tests (and the benchmark): rows stated as signed nets, written in
 * MP's layout (NET_CREDIT / NET_DEBIT ≥ 0, signed gross and fees), with the initial_available_balance
 * row first and a total row computed the way MP states it, unless a test overrides it to break the file.
 * Also the settlement report with MONEY_RELEASE_DATE that the release cross-checks read.
 */
import { Decimal } from 'decimal.js';
import { type SettlementRow, settlementCsv } from './fixtures.ts';

export const RELEASE_COLUMNS = [
  'DATE', 'SOURCE_ID', 'EXTERNAL_REFERENCE', 'RECORD_TYPE', 'DESCRIPTION', 'NET_CREDIT_AMOUNT', 'NET_DEBIT_AMOUNT',
  'GROSS_AMOUNT', 'MP_FEE_AMOUNT', 'FINANCING_FEE_AMOUNT', 'SHIPPING_FEE_AMOUNT', 'TAXES_AMOUNT', 'COUPON_AMOUNT',
  'TRANSACTION_APPROVAL_DATE', 'PAYMENT_METHOD_TYPE',
] as const;

export interface ReleaseRow {
  at: string;
  /** RECORD_TYPE; `release` when omitted. */
  type?: string;
  description?: string;
  source?: string;
  ref?: string;
  /** Signed effect on the available balance (NET_CREDIT − NET_DEBIT). */
  net: string;
  fee?: string;
  taxes?: string;
  coupon?: string;
  /** GROSS_AMOUNT in the file; net − fee − taxes when omitted, so the row's identity holds. */
  gross?: string;
  approvedAt?: string;
}

export interface ReleaseFile {
  opening?: { at: string; amount: string };
  rows: readonly ReleaseRow[];
  /** The total row: computed from the rows when omitted, absent when null, or stated (to break a file). */
  total?: { at: string; net?: string; gross?: string } | null;
}

const D = (v: string | undefined) => new Decimal(v ?? '0');
const money = (v: Decimal) => v.toFixed(2);

function cells(r: ReleaseRow): Record<string, string> {
  const net = D(r.net);
  const gross = r.gross === undefined ? net.minus(D(r.fee)).minus(D(r.taxes)) : D(r.gross);
  return {
    DATE: r.at,
    SOURCE_ID: r.source ?? '',
    EXTERNAL_REFERENCE: r.ref ?? '',
    RECORD_TYPE: r.type ?? 'release',
    DESCRIPTION: r.description ?? '',
    NET_CREDIT_AMOUNT: money(Decimal.max(net, 0)),
    NET_DEBIT_AMOUNT: money(Decimal.max(net.neg(), 0)),
    GROSS_AMOUNT: money(gross),
    MP_FEE_AMOUNT: money(D(r.fee)),
    FINANCING_FEE_AMOUNT: '0.00',
    SHIPPING_FEE_AMOUNT: '0.00',
    TAXES_AMOUNT: money(D(r.taxes)),
    COUPON_AMOUNT: money(D(r.coupon)),
    TRANSACTION_APPROVAL_DATE: r.approvedAt ?? '',
    PAYMENT_METHOD_TYPE: r.source ? 'account_money' : '',
  };
}

/** Rows that move the balance in these fixtures (summary and informative rows do not). */
const MOVES = (r: ReleaseRow) => !['subtotal', 'total', 'available_balance', 'initial_available_balance'].includes(r.type ?? 'release');

export function releaseCsv(file: ReleaseFile, separator = ','): string {
  const lines: Record<string, string>[] = [];
  if (file.opening) lines.push(cells({ at: file.opening.at, type: 'initial_available_balance', net: file.opening.amount }));
  for (const r of file.rows) lines.push(cells(r));
  if (file.total !== null) {
    const all = [...(file.opening ? [{ at: file.opening.at, net: file.opening.amount }] : []), ...file.rows.filter(MOVES)].map(cells);
    const sum = (key: string) => all.reduce((s, c) => s.plus(D(c[key])), new Decimal(0));
    const at = file.total?.at ?? file.rows[file.rows.length - 1]?.at ?? file.opening?.at ?? '';
    const total: Record<string, string> = {
      ...cells({ at, type: 'total', net: '0' }),
      NET_CREDIT_AMOUNT: money(sum('NET_CREDIT_AMOUNT')),
      NET_DEBIT_AMOUNT: money(sum('NET_DEBIT_AMOUNT')),
      GROSS_AMOUNT: money(sum('GROSS_AMOUNT')),
      MP_FEE_AMOUNT: money(sum('MP_FEE_AMOUNT')),
      TAXES_AMOUNT: money(sum('TAXES_AMOUNT')),
    };
    if (file.total?.net !== undefined) {
      // A stated closing: keep the debits, move the credits (and the gross, so the row's identity holds).
      const shift = D(file.total.net).minus(D(total.NET_CREDIT_AMOUNT).minus(D(total.NET_DEBIT_AMOUNT)));
      total.NET_CREDIT_AMOUNT = money(D(total.NET_CREDIT_AMOUNT).plus(shift));
      total.GROSS_AMOUNT = money(D(file.total.gross ?? total.GROSS_AMOUNT).plus(file.total.gross === undefined ? shift : 0));
    }
    lines.push(total);
  }
  const text = [RELEASE_COLUMNS.join(separator), ...lines.map((l) => RELEASE_COLUMNS.map((c) => l[c] ?? '').join(separator))];
  return `${text.join('\n')}\n`;
}

/** fixtures.settlementCsv with a MONEY_RELEASE_DATE column (empty unless the row gives `releaseAt`). */
export function settlementCsvWithRelease(rows: readonly (SettlementRow & { releaseAt?: string })[]): string {
  const [header, ...lines] = settlementCsv(rows).trimEnd().split('\n');
  const out = [`${header};MONEY_RELEASE_DATE`, ...lines.map((line, i) => `${line};${rows[i]?.releaseAt ?? ''}`)];
  return `${out.join('\n')}\n`;
}
