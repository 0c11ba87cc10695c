/**
 * Renders settlement-report rows in each site's file flavour. MLA follows MP's official sample exactly
 * (technical-key header in the documented order, `;`, LF, no BOM) plus real-world extra columns; MLB is
 * the opposite on every axis the parser must detect: `,`, BOM, CRLF, Portuguese `Label (KEY)` headers
 * and a different column order.
 */
import { Decimal } from 'decimal.js';
import { DEFAULT_SETTLEMENT_COLUMNS } from '../../report-columns.ts';
import { type CsvStyle, renderCsv } from '../csv.ts';
import { formatAmount } from '../money.ts';
import { settlementCells } from '../report-lines.ts';
import { type Movement, reportTime, type SiteSpec } from './model.ts';

/** Two decimals, as both sample currencies have. */
export function money(value: Decimal): string {
  return formatAmount(value, 2);
}

const ZERO = new Decimal(0);

function cells(row: Movement, spec: SiteSpec) {
  return settlementCells(
    {
      externalReference: row.externalReference,
      sourceId: row.sourceId,
      userId: spec.userId,
      paymentMethodType: row.channel?.methodType ?? '',
      paymentMethod: row.channel?.method ?? '',
      site: spec.site,
      type: row.type,
      currency: row.currency,
      transactionDate: reportTime(row.transactionDate),
      settlementDate: reportTime(row.settlementDate),
      moneyReleaseDate: reportTime(row.moneyReleaseDate),
      amounts: { tx: row.amount, fee: row.fee, net: row.net, real: row.net, coupon: ZERO, mkp: row.mkpFee, financing: row.financingFee, shipping: ZERO, taxes: row.taxes },
      metadata: '[{}]',
      installments: row.channel ? String(row.channel.installments) : '',
      orderId: row.mpOrderId,
      shippingId: row.shippingId,
      shipmentMode: row.shipmentMode,
      packId: row.packId,
      pos: row.pos,
      taxesDisaggregated: row.taxesDetail,
    },
    money,
  );
}

interface Flavour {
  /** Separator, line ending, BOM, and the JSON-ish cells MP quotes even when no separator forces it. */
  style: CsvStyle;
  columns: readonly string[];
  label: (key: string) => string;
}

const MLA: Flavour = {
  style: { separator: ';', crlf: false, bom: false, alwaysQuote: new Set(['TAXES_DISAGGREGATED']) },
  columns: [...DEFAULT_SETTLEMENT_COLUMNS, 'POS_ID', 'STORE_ID', 'STORE_NAME', 'TAXES_DISAGGREGATED'],
  label: (key) => key,
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
  style: { separator: ',', crlf: true, bom: true, alwaysQuote: new Set() },
  columns: Object.keys(PT_LABELS),
  label: (key) => `${PT_LABELS[key]} (${key})`,
};

export function renderReport(rows: readonly Movement[], spec: SiteSpec): string {
  const flavour = spec.site === 'MLA' ? MLA : MLB;
  const body = rows.map((row) => cells(row, spec));
  return renderCsv(flavour.columns, flavour.columns.map(flavour.label), body, flavour.style).toString('utf8');
}
