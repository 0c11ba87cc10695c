/**
 * The one shape of a report row before it is written, for every generator of Mercado Pago data: the
 * simulator's report writer (from its ledger), the sample week (from its planted cases) and the
 * benchmark (from a row index). Each fills a line and turns it into cells here, so a column's meaning,
 * its default and its place live in one file.
 *
 * Amounts are generic: Decimal for the ledgers, integer cents (a number) where a Decimal per cell costs
 * more than the row (the benchmark's million-row files); `text` writes them (money.ts). Lines carry
 * amounts already signed as the file shows them, and the caller states SETTLEMENT_NET_AMOUNT: it is
 * gross + fee + taxes on every honest row, and a planted sample case breaks exactly that.
 */
import type { CsvRow } from './csv.ts';

/** A point of sale (QR / Point): in-person rows carry it. */
export interface Pos {
  readonly posId: string;
  readonly posName: string;
  readonly storeId: string;
  readonly storeName: string;
}

export interface SettlementAmounts<A> {
  readonly tx: A;
  readonly fee: A;
  readonly mkp: A;
  readonly financing: A;
  readonly shipping: A;
  readonly taxes: A;
  readonly coupon: A;
  readonly net: A;
  /** REAL_AMOUNT: the net on every row of the real exports we know of, unless a quirk says otherwise. */
  readonly real: A;
}

export interface SettlementLine<A> {
  readonly type: string;
  readonly externalReference: string;
  readonly sourceId: string;
  readonly userId: string;
  readonly site: string;
  readonly currency: string;
  readonly paymentMethodType: string;
  readonly paymentMethod: string;
  readonly installments: string;
  /** Instants already written in the file's zone. */
  readonly transactionDate: string;
  readonly settlementDate: string;
  readonly approvalDate?: string;
  readonly moneyReleaseDate?: string;
  readonly amounts: SettlementAmounts<A>;
  readonly metadata: string;
  readonly taxesDisaggregated: string;
  readonly orderId: string;
  readonly shippingId: string;
  readonly shipmentMode: string;
  readonly packId: string;
  readonly pos?: Pos | null;
  readonly description?: string;
  readonly refundId?: string;
}

export function settlementCells<A>(line: SettlementLine<A>, text: (amount: A) => string): CsvRow {
  const a = line.amounts;
  return {
    EXTERNAL_REFERENCE: line.externalReference,
    SOURCE_ID: line.sourceId,
    USER_ID: line.userId,
    PAYMENT_METHOD_TYPE: line.paymentMethodType,
    PAYMENT_METHOD: line.paymentMethod,
    SITE: line.site,
    TRANSACTION_TYPE: line.type,
    TRANSACTION_AMOUNT: text(a.tx),
    TRANSACTION_CURRENCY: line.currency,
    TRANSACTION_DATE: line.transactionDate,
    FEE_AMOUNT: text(a.fee),
    SETTLEMENT_NET_AMOUNT: text(a.net),
    SETTLEMENT_CURRENCY: line.currency,
    SETTLEMENT_DATE: line.settlementDate,
    TRANSACTION_APPROVAL_DATE: line.approvalDate ?? '',
    REAL_AMOUNT: text(a.real),
    COUPON_AMOUNT: text(a.coupon),
    METADATA: line.metadata,
    MKP_FEE_AMOUNT: text(a.mkp),
    FINANCING_FEE_AMOUNT: text(a.financing),
    SHIPPING_FEE_AMOUNT: text(a.shipping),
    TAXES_AMOUNT: text(a.taxes),
    INSTALLMENTS: line.installments,
    ORDER_ID: line.orderId,
    SHIPPING_ID: line.shippingId,
    SHIPMENT_MODE: line.shipmentMode,
    PACK_ID: line.packId,
    POS_ID: line.pos?.posId ?? '',
    POS_NAME: line.pos?.posName ?? '',
    STORE_ID: line.pos?.storeId ?? '',
    STORE_NAME: line.pos?.storeName ?? '',
    TAXES_DISAGGREGATED: line.taxesDisaggregated,
    MONEY_RELEASE_DATE: line.moneyReleaseDate ?? '',
    DESCRIPTION: line.description ?? '',
    REFUND_ID: line.refundId ?? '',
  };
}

export interface ReleaseLine<A> {
  /** Already written in the file's zone. */
  readonly date: string;
  readonly recordType: string;
  readonly description: string;
  readonly currency: string;
  readonly credit: A;
  readonly debit: A;
  readonly gross: A;
  readonly mpFee: A;
  readonly financing: A;
  readonly shipping: A;
  readonly taxes: A;
  readonly coupon: A;
  /** The running available balance, when the file shows it. */
  readonly balance?: A;
  /** Ids, payment method and the like: cells beyond the amounts. */
  readonly cells: CsvRow;
}

export function releaseCells<A>(line: ReleaseLine<A>, text: (amount: A) => string): CsvRow {
  return {
    DATE: line.date,
    CURRENCY: line.currency,
    NET_CREDIT_AMOUNT: text(line.credit),
    NET_DEBIT_AMOUNT: text(line.debit),
    GROSS_AMOUNT: text(line.gross),
    MP_FEE_AMOUNT: text(line.mpFee),
    FINANCING_FEE_AMOUNT: text(line.financing),
    SHIPPING_FEE_AMOUNT: text(line.shipping),
    TAXES_AMOUNT: text(line.taxes),
    COUPON_AMOUNT: text(line.coupon),
    BALANCE_AMOUNT: line.balance === undefined ? '' : text(line.balance),
    TAXES_DISAGGREGATED: '[]',
    METADATA: '[{}]',
    ...line.cells,
    RECORD_TYPE: line.recordType,
    DESCRIPTION: line.description,
  };
}
