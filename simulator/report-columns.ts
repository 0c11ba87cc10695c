/**
 * Column keys of both report kinds: the default layouts (the official samples), the keys a config may
 * name (§3.2 / §3.3 of docs mercadopago-api.md) and the header labels used when report_translation is
 * set (`Código de referencia (EXTERNAL_REFERENCE)`). Label texts beyond the few quoted in MP's glossaries
 * are ours; parsers must find the key in parentheses, never rely on the label.
 */

export const REPORT_KINDS = ['settlement_report', 'release_report'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
export type Language = 'en' | 'es' | 'pt';

export function isReportKind(value: string): value is ReportKind {
  return (REPORT_KINDS as readonly string[]).includes(value);
}

/** Header of the official settlement sample, in order. */
export const DEFAULT_SETTLEMENT_COLUMNS: readonly string[] = (
  'EXTERNAL_REFERENCE;SOURCE_ID;USER_ID;PAYMENT_METHOD_TYPE;PAYMENT_METHOD;SITE;TRANSACTION_TYPE;TRANSACTION_AMOUNT;' +
  'TRANSACTION_CURRENCY;TRANSACTION_DATE;FEE_AMOUNT;SETTLEMENT_NET_AMOUNT;SETTLEMENT_CURRENCY;SETTLEMENT_DATE;REAL_AMOUNT;' +
  'COUPON_AMOUNT;METADATA;MKP_FEE_AMOUNT;FINANCING_FEE_AMOUNT;SHIPPING_FEE_AMOUNT;TAXES_AMOUNT;INSTALLMENTS;ORDER_ID;' +
  'SHIPPING_ID;SHIPMENT_MODE;PACK_ID'
).split(';');

/** Header of the official release sample, in order. */
export const DEFAULT_RELEASE_COLUMNS: readonly string[] = (
  'DATE,SOURCE_ID,EXTERNAL_REFERENCE,RECORD_TYPE,DESCRIPTION,NET_CREDIT_AMOUNT,NET_DEBIT_AMOUNT,GROSS_AMOUNT,' +
  'MP_FEE_AMOUNT,FINANCING_FEE_AMOUNT,SHIPPING_FEE_AMOUNT,TAXES_AMOUNT,COUPON_AMOUNT,INSTALLMENTS,PAYMENT_METHOD'
).split(',');

const SETTLEMENT_KEYS =
  'EXTERNAL_REFERENCE SOURCE_ID USER_ID PAYMENT_METHOD PAYMENT_METHOD_TYPE SITE TRANSACTION_TYPE TRANSACTION_AMOUNT ' +
  'TRANSACTION_CURRENCY SELLER_AMOUNT TRANSACTION_DATE FEE_AMOUNT SETTLEMENT_NET_AMOUNT SETTLEMENT_CURRENCY SETTLEMENT_DATE ' +
  'REAL_AMOUNT COUPON_AMOUNT METADATA MKP_FEE_AMOUNT FINANCING_FEE_AMOUNT SHIPPING_FEE_AMOUNT TAXES_AMOUNT INSTALLMENTS ' +
  'TAX_DETAIL POS_ID POS_NAME EXTERNAL_POS_ID STORE_ID STORE_NAME EXTERNAL_STORE_ID ORDER_ID SHIPPING_ID SHIPMENT_MODE ' +
  'PACK_ID TAXES_DISAGGREGATED POI_ID POI_WALLET_NAME POI_BANK_NAME DESCRIPTION MONEY_RELEASE_DATE IS_RELEASED ' +
  'CARD_INITIAL_NUMBER OPERATION_TAGS PAYER_NAME PAYER_ID_TYPE PAYER_ID_NUMBER BUSINESS_UNIT SUB_UNIT PRODUCT_SKU ' +
  'SALE_DETAIL TIP_AMOUNT TAX_AMOUNT_TELCO FEE_PREVISION INVOICING_PERIOD TRANSACTION_INTENT_ID FRANCHISE ISSUER_NAME ' +
  'LAST_FOUR_DIGITS ORDER_MP TOTAL_COUPON_AMOUNT PAY_BANK_TRANSFER_ID PURCHASE_ID SHIPPING_ORDER_ID';

const RELEASE_KEYS =
  'DATE SOURCE_ID EXTERNAL_REFERENCE RECORD_TYPE DESCRIPTION NET_CREDIT_AMOUNT NET_DEBIT_AMOUNT SELLER_AMOUNT ' +
  'GROSS_AMOUNT METADATA MP_FEE_AMOUNT FINANCING_FEE_AMOUNT SHIPPING_FEE_AMOUNT TAXES_AMOUNT COUPON_AMOUNT INSTALLMENTS ' +
  'PAYMENT_METHOD PAYMENT_METHOD_TYPE TAX_DETAIL TAX_AMOUNT_TELCO TRANSACTION_APPROVAL_DATE POS_ID POS_NAME ' +
  'EXTERNAL_POS_ID STORE_ID STORE_NAME EXTERNAL_STORE_ID ORDER_ID SHIPPING_ID SHIPMENT_MODE PACK_ID TAXES_DISAGGREGATED ' +
  'EFFECTIVE_COUPON_AMOUNT POI_ID CARD_INITIAL_NUMBER OPERATION_TAGS ITEM_ID BALANCE_AMOUNT PAYOUT_BANK_ACCOUNT_NUMBER ' +
  'PRODUCT_SKU SALE_DETAIL PAYER_NAME PAYER_ID_TYPE PAYER_ID_NUMBER REFUND_ID CURRENCY FRANCHISE LAST_FOUR_DIGITS ' +
  'ORDER_MP TRANSACTION_INTENT_ID PURCHASE_ID IS_RELEASED SHIPPING_ORDER_ID ISSUER_NAME APPLICATION_ID ORDER_TYPE';

export const KNOWN_COLUMNS: Readonly<Record<ReportKind, ReadonlySet<string>>> = {
  settlement_report: new Set(SETTLEMENT_KEYS.split(' ')),
  release_report: new Set(RELEASE_KEYS.split(' ')),
};

/** Columns holding JSON-ish text, quoted by the quoteJsonCells quirk. */
export const JSON_COLUMNS: ReadonlySet<string> = new Set(['METADATA', 'TAXES_DISAGGREGATED']);

// key: [en, es, pt]
const LABELS: Readonly<Record<string, readonly [string, string, string]>> = {
  EXTERNAL_REFERENCE: ['Reference code', 'Código de referencia', 'Referência externa'],
  SOURCE_ID: ['Operation ID in Mercado Pago', 'ID de la operación en Mercado Pago', 'ID da operação no Mercado Pago'],
  USER_ID: ['Seller ID', 'ID del vendedor', 'ID do vendedor'],
  PAYMENT_METHOD_TYPE: ['Payment method type', 'Tipo de medio de pago', 'Tipo de meio de pagamento'],
  PAYMENT_METHOD: ['Payment method', 'Medio de pago', 'Meio de pagamento'],
  SITE: ['Site', 'Sitio', 'Site'],
  TRANSACTION_TYPE: ['Transaction type', 'Tipo de transacción', 'Tipo de transação'],
  TRANSACTION_AMOUNT: ['Transaction amount', 'Valor de la compra', 'Valor da compra'],
  TRANSACTION_CURRENCY: ['Transaction currency', 'Moneda', 'Moeda'],
  TRANSACTION_DATE: ['Transaction date', 'Fecha de origen', 'Data de origem'],
  FEE_AMOUNT: ['Fees', 'Comisiones', 'Tarifas'],
  SETTLEMENT_NET_AMOUNT: ['Net settlement amount', 'Monto neto de la operación', 'Valor líquido da transação'],
  SETTLEMENT_CURRENCY: ['Settlement currency', 'Moneda de liquidación', 'Moeda de liquidação'],
  SETTLEMENT_DATE: ['Settlement date', 'Fecha de aprobación', 'Data de aprovação'],
  REAL_AMOUNT: ['Real amount', 'Monto real', 'Valor real'],
  COUPON_AMOUNT: ['Coupon amount', 'Monto del cupón', 'Valor do cupom'],
  METADATA: ['Metadata', 'Metadata', 'Metadata'],
  MKP_FEE_AMOUNT: ['Marketplace fee', 'Comisión de Mercado Libre', 'Tarifa do Mercado Livre'],
  FINANCING_FEE_AMOUNT: ['Financing fee', 'Costo de ofrecer cuotas sin interés', 'Custo de parcelamento'],
  SHIPPING_FEE_AMOUNT: ['Shipping fee', 'Costo de envío', 'Custo de envio'],
  TAXES_AMOUNT: ['Taxes', 'Impuestos', 'Impostos'],
  INSTALLMENTS: ['Installments', 'Cuotas', 'Parcelas'],
  ORDER_ID: ['Order ID', 'ID de la orden', 'ID do pedido'],
  SHIPPING_ID: ['Shipping ID', 'ID del envío', 'ID do envio'],
  SHIPMENT_MODE: ['Shipment mode', 'Modo de envío', 'Modo de envio'],
  PACK_ID: ['Pack ID', 'ID del paquete', 'ID do pacote'],
  DATE: ['Release date', 'Fecha de liquidación', 'Data de liberação'],
  RECORD_TYPE: ['Record type', 'Tipo de registro', 'Tipo de registro'],
  DESCRIPTION: ['Description', 'Descripción', 'Descrição'],
  NET_CREDIT_AMOUNT: ['Net credit', 'Monto neto acreditado', 'Valor líquido creditado'],
  NET_DEBIT_AMOUNT: ['Net debit', 'Monto neto debitado', 'Valor líquido debitado'],
  GROSS_AMOUNT: ['Gross amount', 'Monto bruto', 'Valor bruto'],
  MP_FEE_AMOUNT: ['Mercado Pago fee', 'Comisión de Mercado Pago', 'Tarifa do Mercado Pago'],
  MONEY_RELEASE_DATE: ['Money release date', 'Fecha de liberación del dinero', 'Data de liberação do dinheiro'],
  BALANCE_AMOUNT: ['Balance', 'Saldo', 'Saldo'],
  TAXES_DISAGGREGATED: ['Taxes detail', 'Detalle de impuestos', 'Detalhe dos impostos'],
  REFUND_ID: ['Refund ID', 'ID de la devolución', 'ID do reembolso'],
  CURRENCY: ['Currency', 'Moneda', 'Moeda'],
  TRANSACTION_APPROVAL_DATE: ['Approval date', 'Fecha de aprobación', 'Data de aprovação'],
};

const LANG_INDEX: Readonly<Record<Language, 0 | 1 | 2>> = { en: 0, es: 1, pt: 2 };

/** `Label (KEY)`; keys without a label get their key humanized (`POS_NAME` → `Pos name (POS_NAME)`). */
export function translatedHeader(key: string, language: Language): string {
  const label = LABELS[key]?.[LANG_INDEX[language]] ?? humanize(key);
  return `${label} (${key})`;
}

function humanize(key: string): string {
  const words = key.toLowerCase().replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
