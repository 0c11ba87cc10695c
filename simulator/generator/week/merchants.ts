/**
 * The two sample merchants (on MP's MLA and MLB sites). Fee rates are round figures in the range MP publishes, not a tariff: what
 * matters is that fees are negative, rounded to cents, and that the row identity holds.
 */
import { SITES } from '../sites.ts';
import type { SiteSpec } from './model.ts';

export const MLA_SPEC: SiteSpec = {
  site: 'MLA',
  dir: 'mla',
  currency: SITES.MLA.currency,
  seed: 0x4d4c41,
  userId: '123456789',
  orderBase: 100_000,
  paymentBase: 14_205_500_000,
  merchantOrderBase: 21_128_100_000,
  refundBase: 1_900_100_000,
  payoutId: '13980004521',
  bigPaymentId: '9007199254740993',
  internalTime: 'offset',
  centsRange: [150_000, 25_000_000],
  channels: [
    { methodType: 'account_money', method: 'account_money', installments: 1, qr: true, feeRate: '0.008' },
    { methodType: 'debit_card', method: 'debvisa', installments: 1, qr: true, feeRate: '0.008' },
    { methodType: 'credit_card', method: 'visa', installments: 1, qr: false, feeRate: '0.0629' },
    { methodType: 'credit_card', method: 'master', installments: 3, qr: false, feeRate: '0.0629' },
    // "6 cuotas sin interés": the seller pays the financing, shown in FINANCING_FEE_AMOUNT and in FEE_AMOUNT.
    { methodType: 'credit_card', method: 'visa', installments: 6, qr: false, feeRate: '0.0629', financingRate: '0.1525' },
    { methodType: 'debit_card', method: 'maestro', installments: 1, qr: false, feeRate: '0.0299' },
    { methodType: 'account_money', method: 'account_money', installments: 1, qr: false, feeRate: '0.0299' },
  ],
  pos: [
    { posId: '58211001', posName: 'Caja 1', storeId: '47120001', storeName: 'Sucursal Palermo' },
    { posId: '58211002', posName: 'Caja 2', storeId: '47120001', storeName: 'Sucursal Palermo' },
    { posId: '58211017', posName: 'Caja Rápida', storeId: '47120005', storeName: 'Sucursal Núñez' },
  ],
  taxChance: 0.25,
};

export const MLB_SPEC: SiteSpec = {
  site: 'MLB',
  dir: 'mlb',
  currency: SITES.MLB.currency,
  seed: 0x4d4c42,
  userId: '987654321',
  orderBase: 200_000,
  paymentBase: 13_377_700_000,
  merchantOrderBase: 31_555_500_000,
  refundBase: 2_700_200_000,
  payoutId: '13300007788',
  bigPaymentId: '9007199254740995',
  internalTime: 'utc',
  centsRange: [1_990, 159_990],
  channels: [
    { methodType: 'bank_transfer', method: 'pix', installments: 1, qr: true, feeRate: '0.0099' },
    { methodType: 'debit_card', method: 'debmaster', installments: 1, qr: true, feeRate: '0.0199' },
    { methodType: 'credit_card', method: 'master', installments: 1, qr: false, feeRate: '0.0498' },
    { methodType: 'credit_card', method: 'visa', installments: 3, qr: false, feeRate: '0.0498' },
    // "10x sem juros": financing paid by the seller, inside FEE_AMOUNT.
    { methodType: 'credit_card', method: 'elo', installments: 10, qr: false, feeRate: '0.0498', financingRate: '0.1149' },
    { methodType: 'account_money', method: 'account_money', installments: 1, qr: false, feeRate: '0.0499' },
  ],
  pos: [
    { posId: '71830001', posName: 'Caixa 1', storeId: '63300001', storeName: 'Loja Centro' },
    // A comma and double quotes: these cells must be RFC 4180-quoted in a `,` file.
    { posId: '71830002', posName: 'Caixa 2, térreo', storeId: '63300002', storeName: 'Loja "Paulista"' },
  ],
  taxChance: 0,
};
