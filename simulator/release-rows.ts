/**
 * Release report rows ("released money") for one range, laid out from the ledger's release entries
 * (release-entries.ts): an initial_available_balance row (everything released before begin_date), the
 * range's entries in order — with available_balance pre_/pos_payout_<id> rows around each payout when
 * the config asks for them (check_available_balance) — optional subtotal rows per RECORD_TYPE (quirk
 * releaseSubtotals), and a total row. The total's NET_CREDIT − NET_DEBIT is the closing available
 * balance: it counts the initial balance as a credit, as the file's own rows do. On every row NET_CREDIT
 * − NET_DEBIT = GROSS + MP_FEE + FINANCING_FEE + SHIPPING_FEE + TAXES, both nets ≥ 0, and BALANCE_AMOUNT
 * is the running available balance.
 */
import { Decimal } from 'decimal.js';
import type { CsvRow } from './generator/csv.ts';
import { formatAmount } from './generator/money.ts';
import { type ReleaseLine, releaseCells } from './generator/report-lines.ts';
import { formatDisplayDate } from './display-time.ts';
import { entryNet, type ReleaseEntry, releaseEntries } from './release-entries.ts';
import type { RowContext } from './settlement-rows.ts';

const ZERO = new Decimal(0);
const AMOUNT_KEYS = ['gross', 'mpFee', 'financing', 'shipping', 'taxes', 'coupon'] as const;
type AmountKey = (typeof AMOUNT_KEYS)[number];

/** MP cuts DESCRIPTION values at this length (quirk truncatedDescriptions). */
const DESCRIPTION_LIMIT = 30;

export function releaseRows(ctx: RowContext, begin: Date): CsvRow[] {
  const entries = releaseEntries(ctx);
  const opening = entries.filter((e) => e.at < begin).reduce((sum, e) => sum.plus(entryNet(e)), ZERO);
  const initial = summary(begin, 'initial_available_balance', '', [], { gross: opening });
  const shown = entries.filter((e) => e.at >= begin && ctx.inRange(e.at));
  const last = shown[shown.length - 1]?.at ?? begin;

  const rows: CsvRow[] = [render(ctx, initial, opening)];
  let balance = opening;
  for (const e of shown) {
    const info = ctx.config.checkAvailableBalance && e.payoutId !== undefined;
    if (info) rows.push(render(ctx, balanceInfo(e, 'pre', balance), balance));
    balance = balance.plus(entryNet(e));
    rows.push(render(ctx, e, balance));
    if (info) rows.push(render(ctx, balanceInfo(e, 'pos', balance), balance));
  }
  if (ctx.quirks.releaseSubtotals) {
    for (const recordType of [...new Set(shown.map((e) => e.recordType))]) {
      const group = shown.filter((e) => e.recordType === recordType);
      rows.push(render(ctx, summary(last, 'subtotal', recordType, group), balance, sides(group)));
    }
  }
  rows.push(render(ctx, summary(last, 'total', '', [initial, ...shown]), balance, sides([initial, ...shown])));
  return rows;
}

/** A row summing `group`'s amounts (plus `start`, e.g. the opening balance as gross). */
function summary(at: Date, recordType: string, description: string, group: readonly ReleaseEntry[], start: Partial<Record<AmountKey, Decimal>> = {}): ReleaseEntry {
  const sum = (key: AmountKey) => group.reduce((s, e) => s.plus(e[key]), start[key] ?? ZERO);
  return {
    at, recordType, description, cells: recordType === 'initial_available_balance' ? { INSTALLMENTS: '1' } : {},
    gross: sum('gross'), mpFee: sum('mpFee'), financing: sum('financing'), shipping: sum('shipping'), taxes: sum('taxes'), coupon: sum('coupon'),
  };
}

/** Credits and debits of a group, each row's own side (a summary row does not net them). */
function sides(group: readonly ReleaseEntry[]): { credit: Decimal; debit: Decimal } {
  return group.reduce(
    (s, e) => ({ credit: s.credit.plus(Decimal.max(entryNet(e), 0)), debit: s.debit.plus(Decimal.max(entryNet(e).neg(), 0)) }),
    { credit: ZERO, debit: ZERO },
  );
}

/** Informative: the available balance just before (pre) or after (pos) a payout, as a credit. */
function balanceInfo(payout: ReleaseEntry, when: 'pre' | 'pos', balance: Decimal): ReleaseEntry {
  return {
    at: payout.at, recordType: 'available_balance', description: `${when}_payout_${payout.payoutId}`, cells: { SOURCE_ID: payout.payoutId ?? '' },
    gross: balance, mpFee: ZERO, financing: ZERO, shipping: ZERO, taxes: ZERO, coupon: ZERO,
  };
}

function render(ctx: RowContext, e: ReleaseEntry, balance: Decimal, own?: { credit: Decimal; debit: Decimal }): CsvRow {
  const net = entryNet(e);
  const { credit, debit } = own ?? { credit: Decimal.max(net, 0), debit: Decimal.max(net.neg(), 0) };
  const description = ctx.quirks.truncatedDescriptions ? e.description.slice(0, DESCRIPTION_LIMIT) : e.description;
  const line: ReleaseLine<Decimal> = {
    date: formatDisplayDate(e.at, ctx.config.zone),
    recordType: e.recordType,
    description,
    currency: ctx.account.currency,
    credit,
    debit,
    gross: e.gross,
    mpFee: e.mpFee,
    financing: e.financing,
    shipping: e.shipping,
    taxes: e.taxes,
    coupon: e.coupon,
    balance,
    cells: e.cells,
  };
  return releaseCells(line, (amount) => formatAmount(amount, ctx.account.decimals));
}
