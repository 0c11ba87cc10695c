/**
 * Renders settlement-report rows in each site's file flavour. MLA follows MP's official sample exactly
 * (technical-key header in the documented order, `;`, LF, no BOM) plus real-world extra columns; MLB is
 * the opposite on every axis the parser must detect: `,`, BOM, CRLF, Portuguese `Label (KEY)` headers
 * and a different column order.
 */
import type { Decimal } from 'decimal.js';
import { type CsvStyle, renderCsv } from './csv.ts';
import { type Movement, reportTime, type SiteSpec } from './model.ts';

/** Two decimals, `.` separator, no grouping, never `-0.00`: how MP writes amounts. */
export function money(value: Decimal): string {
  return value.isZero() ? '0.00' : value.toFixed(2);
}

function cells(row: Movement, spec: SiteSpec): Record<string, string> {
  return {
    EXTERNAL_REFERENCE: row.externalReference,
    SOURCE_ID: row.sourceId,
    USER_ID: spec.userId,
    PAYMENT_METHOD_TYPE: row.channel?.methodType ?? '',
    PAYMENT_METHOD: row.channel?.method ?? '',
    SITE: spec.site,
    TRANSACTION_TYPE: row.type,
    TRANSACTION_AMOUNT: money(row.amount),
    TRANSACTION_CURRENCY: row.currency,
    TRANSACTION_DATE: reportTime(row.transactionDate),
    FEE_AMOUNT: money(row.fee),
    SETTLEMENT_NET_AMOUNT: money(row.net),
    SETTLEMENT_CURRENCY: row.currency,
    SETTLEMENT_DATE: reportTime(row.settlementDate),
    // REAL_AMOUNT = SETTLEMENT_NET_AMOUNT, as on every row of the real export we know of.
    REAL_AMOUNT: money(row.net),
    COUPON_AMOUNT: '0.00',
    METADATA: '[{}]',
    MKP_FEE_AMOUNT: money(row.mkpFee),
    FINANCING_FEE_AMOUNT: money(row.financingFee),
    SHIPPING_FEE_AMOUNT: '0.00',
    TAXES_AMOUNT: money(row.taxes),
    INSTALLMENTS: row.channel ? String(row.channel.installments) : '',
    ORDER_ID: row.mpOrderId,
    SHIPPING_ID: row.shippingId,
    SHIPMENT_MODE: row.shipmentMode,
    PACK_ID: row.packId,
    POS_ID: row.pos?.posId ?? '',
    POS_NAME: row.pos?.posName ?? '',
    STORE_ID: row.pos?.storeId ?? '',
    STORE_NAME: row.pos?.storeName ?? '',
    TAXES_DISAGGREGATED: row.taxesDetail,
    MONEY_RELEASE_DATE: reportTime(row.moneyReleaseDate),
  };
}

interface Flavour {
  style: CsvStyle;
  columns: readonly string[];
  label: (key: string) => string;
  /** MP quotes JSON-ish cells even when no separator forces it. */
  alwaysQuoted: ReadonlySet<string>;
}

/** The official settlement sample's header, in its order. */
const OFFICIAL_COLUMNS = [
  'EXTERNAL_REFERENCE', 'SOURCE_ID', 'USER_ID', 'PAYMENT_METHOD_TYPE', 'PAYMENT_METHOD', 'SITE', 'TRANSACTION_TYPE',
  'TRANSACTION_AMOUNT', 'TRANSACTION_CURRENCY', 'TRANSACTION_DATE', 'FEE_AMOUNT', 'SETTLEMENT_NET_AMOUNT',
  'SETTLEMENT_CURRENCY', 'SETTLEMENT_DATE', 'REAL_AMOUNT', 'COUPON_AMOUNT', 'METADATA', 'MKP_FEE_AMOUNT',
  'FINANCING_FEE_AMOUNT', 'SHIPPING_FEE_AMOUNT', 'TAXES_AMOUNT', 'INSTALLMENTS', 'ORDER_ID', 'SHIPPING_ID',
  'SHIPMENT_MODE', 'PACK_ID',
] as const;

const MLA: Flavour = {
  style: { separator: ';', eol: '\n', bom: false },
  columns: [...OFFICIAL_COLUMNS, 'POS_ID', 'STORE_ID', 'STORE_NAME', 'TAXES_DISAGGREGATED'],
  label: (key) => key,
  alwaysQuoted: new Set(['TAXES_DISAGGREGATED']),
};

// Portuguese labels in the style of MP's glossaries ("Label (KEY)"); MP's real translated header text
// is unconfirmed, so the parser must find the key in parentheses, whatever the label says.
const PT_LABELS: Readonly<Record<string, string>> = {
  SETTLEMENT_DATE: 'Data de aprovação',
  TRANSACTION_TYPE: 'Tipo de operação',
  EXTERNAL_REFERENCE: 'Referência externa',
  SOURCE_ID: 'ID da operação no Mercado Pago',
  TRANSACTION_AMOUNT: 'Valor da operação',
  TRANSACTION_CURRENCY: 'Moeda da operação',
  FEE_AMOUNT: 'Tarifa do Mercado Pago',
  MKP_FEE_AMOUNT: 'Tarifa do Mercado Livre',
  FINANCING_FEE_AMOUNT: 'Custo de parcelamento',
  SHIPPING_FEE_AMOUNT: 'Custo de envio',
  TAXES_AMOUNT: 'Impostos',
  SETTLEMENT_NET_AMOUNT: 'Valor líquido da operação',
  SETTLEMENT_CURRENCY: 'Moeda do valor líquido',
  REAL_AMOUNT: 'Valor líquido real',
  COUPON_AMOUNT: 'Valor do cupom',
  PAYMENT_METHOD_TYPE: 'Tipo de meio de pagamento',
  PAYMENT_METHOD: 'Meio de pagamento',
  INSTALLMENTS: 'Parcelas',
  TRANSACTION_DATE: 'Data de origem',
  MONEY_RELEASE_DATE: 'Data de liberação do dinheiro',
  SITE: 'País',
  USER_ID: 'ID do vendedor',
  ORDER_ID: 'Número do pedido',
  PACK_ID: 'Número do pacote',
  SHIPPING_ID: 'Número do envio',
  SHIPMENT_MODE: 'Modo de envio',
  POS_ID: 'ID do caixa',
  POS_NAME: 'Nome do caixa',
  STORE_ID: 'ID da loja',
  STORE_NAME: 'Nome da loja',
  METADATA: 'Metadados',
  TAXES_DISAGGREGATED: 'Impostos desagregados',
};

const MLB: Flavour = {
  style: { separator: ',', eol: '\r\n', bom: true },
  columns: Object.keys(PT_LABELS),
  label: (key) => `${PT_LABELS[key]} (${key})`,
  alwaysQuoted: new Set(),
};

export function renderReport(rows: readonly Movement[], spec: SiteSpec): string {
  const flavour = spec.site === 'MLA' ? MLA : MLB;
  const body = rows.map((row) => {
    const values = cells(row, spec);
    return flavour.columns.map((key) => {
      const value = values[key];
      if (value === undefined) throw new Error(`no value for column ${key}`);
      return value;
    });
  });
  const quoted = (i: number) => flavour.alwaysQuoted.has(flavour.columns[i] ?? '');
  return renderCsv(flavour.columns.map(flavour.label), body, flavour.style, quoted);
}
