/**
 * Gathers what the finance report shows, reading only the documented views (v_open_mismatches,
 * v_open_mismatch_provenance, v_settled_payments), in one repeatable-read snapshot so totals, chart,
 * aging and table agree with each other. Amounts stay numeric text from Postgres to the page.
 *
 * Window: business dates [from, to] in the merchant timezone of one account (its site's, or
 * RECON_TIMEZONE), the same window `mp-recon reconcile` uses. Every figure is the account's own: rows,
 * mismatches and cash of another account never count, even of the same site. Definitions (also in the page footnote and docs/finance.md):
 * - settled: Σ amount of v_settled_payments rows (SETTLEMENT rows) booked in the window;
 * - reconciled: the part of settled whose rows no open or acknowledged mismatch touches;
 * - at risk: finance/at-risk.ts (the UI's and the alert's figure too) over the open and acknowledged
 *   mismatches whose business date is in the window: Σ |difference|, an order once, a currency mismatch at
 *   the order's amount in the order's currency.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database.ts';
import type { CashDay } from './html-cash-table.ts';
import { businessWindow } from '../util/dates.ts';
import { type AgingRow, agingOf, ageInDays, byCurrency } from './aging.ts';
import { type AtRisk, amountAtRisk, amountAtRiskByAge, UNKNOWN_CURRENCY } from './at-risk.ts';

export interface ReportRequest {
  readonly from: string;
  readonly to: string;
  /** The account whose books the report reads. */
  readonly account: string;
  readonly site: string;
  /** The account's currency (its site's), named in the report's heading. */
  readonly currency: string;
  readonly timezone: string;
  /** The report's "as of" instant: aging counts up to this day. */
  readonly asOf: Date;
}

export interface CurrencyTotals {
  readonly currency: string | null;
  readonly settledRows: number;
  readonly settled: string;
  readonly reconciled: string;
  /** Settled money in rows an open mismatch touches (settled − reconciled). */
  readonly settledUnreconciled: string;
  readonly openMismatches: number;
  readonly atRisk: string;
  /** Orders behind atRisk: an order with several open mismatches counts once. */
  readonly atRiskOrders: number;
}

export interface DayKindCount {
  readonly businessDate: string;
  readonly kind: string;
  readonly count: number;
}

export interface OpenMismatchLine {
  readonly id: string;
  readonly kind: string;
  readonly status: string;
  /** The order's currency (for a currency mismatch, the currency `expected` is in). */
  readonly currency: string | null;
  /** For a currency mismatch, the report's currency (the one `actual` is in); else null. */
  readonly reportCurrency: string | null;
  readonly businessDate: string;
  readonly externalReference: string | null;
  readonly orderId: string | null;
  readonly mpPaymentId: string | null;
  readonly expected: string | null;
  readonly actual: string | null;
  readonly difference: string | null;
  readonly firstSeenAt: Date;
  readonly lastSeenAt: Date;
  readonly ageDays: number;
  readonly reportFileName: string | null;
  readonly line: number | null;
  readonly firstSeenRun: string;
  readonly lastSeenRun: string;
}

export interface ReportData extends ReportRequest {
  readonly totals: readonly CurrencyTotals[];
  readonly byDayKind: readonly DayKindCount[];
  readonly aging: readonly AgingRow[];
  readonly open: readonly OpenMismatchLine[];
  /** The window's days in v_daily_cash (release reports); empty when there is no release data. */
  readonly cash: readonly CashDay[];
}

/** Several accounts' reports from one snapshot, so an all-accounts report adds up at one instant. */
export async function gatherReportsData(db: Kysely<Database>, requests: readonly ReportRequest[]): Promise<ReportData[]> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const reports: ReportData[] = [];
      for (const request of requests) reports.push(await gatherIn(trx, request));
      return reports;
    });
}

export async function gatherReportData(db: Kysely<Database>, request: ReportRequest): Promise<ReportData> {
  const [data] = await gatherReportsData(db, [request]);
  return data!;
}

async function gatherIn(trx: Kysely<Database>, request: ReportRequest): Promise<ReportData> {
  const { start, end } = businessWindow(request.from, request.to, request.timezone);
  const settled = await trx
    .selectFrom('v_settled_payments')
    .select([
      'currency',
      sql<string>`count(*)`.as('rows'),
      sql<string>`coalesce(sum(amount), 0)::text`.as('settled'),
      sql<string>`coalesce(sum(amount) filter (where not in_open_mismatch), 0)::text`.as('reconciled'),
      sql<string>`coalesce(sum(amount) filter (where in_open_mismatch), 0)::text`.as('unreconciled'),
    ])
    .where('account_id', '=', request.account)
    .where('site', '=', request.site)
    .where('booked_at', '>=', start)
    .where('booked_at', '<', end)
    .groupBy('currency')
    .execute();

  const openInWindow = trx
    .selectFrom('v_open_mismatches as m')
    .where('m.account_id', '=', request.account)
    .where('m.site', '=', request.site)
    .where('m.business_date', '>=', request.from)
    .where('m.business_date', '<=', request.to);

  const riskFilter = { account: request.account, site: request.site, from: request.from, to: request.to };
  const atRisk = await amountAtRisk(trx, riskFilter);
  const atRiskByAge = await amountAtRiskByAge(trx, riskFilter, request.asOf, request.timezone);

  const byDayKind = await openInWindow
    .select([sql<string>`to_char(m.business_date, 'YYYY-MM-DD')`.as('business_date'), 'm.kind', sql<string>`count(*)`.as('mismatches')])
    .groupBy(['m.business_date', 'm.kind'])
    .orderBy('m.business_date')
    .orderBy('m.kind')
    .execute();

  const openRows = await openInWindow
    .innerJoin('v_open_mismatch_provenance as p', 'p.id', 'm.id')
    .select([
      sql<string>`m.id::text`.as('id'),
      'm.kind',
      'm.status',
      sql<string | null>`case when m.kind = 'currency_mismatch' then coalesce(m.details->>'order_currency', m.currency) else m.currency end`.as('currency'),
      sql<string | null>`case when m.kind = 'currency_mismatch' then m.details->>'report_currency' end`.as('report_currency'),
      sql<string>`to_char(m.business_date, 'YYYY-MM-DD')`.as('business_date'),
      'm.external_reference',
      'm.order_id',
      'm.mp_payment_id',
      sql<string | null>`m.expected_amount::text`.as('expected'),
      sql<string | null>`m.actual_amount::text`.as('actual'),
      sql<string | null>`m.difference::text`.as('difference'),
      'm.first_seen_at',
      'm.last_seen_at',
      'p.report_file_name',
      'p.line',
      sql<string>`p.first_seen_run::text`.as('first_seen_run'),
      sql<string>`p.last_seen_run::text`.as('last_seen_run'),
    ])
    .orderBy('m.business_date')
    .orderBy('m.kind')
    .orderBy('m.id')
    .execute();

  const open: OpenMismatchLine[] = openRows.map((r) => ({
    id: r.id,
    kind: r.kind,
    status: r.status,
    currency: r.currency,
    reportCurrency: r.report_currency,
    businessDate: r.business_date,
    externalReference: r.external_reference,
    orderId: r.order_id,
    mpPaymentId: r.mp_payment_id,
    expected: r.expected,
    actual: r.actual,
    difference: r.difference,
    firstSeenAt: r.first_seen_at,
    lastSeenAt: r.last_seen_at,
    ageDays: ageInDays(r.first_seen_at, request.asOf, request.timezone),
    reportFileName: r.report_file_name,
    line: r.line,
    firstSeenRun: r.first_seen_run,
    lastSeenRun: r.last_seen_run,
  }));

  const cash = await sql<{
    business_date: string;
    currency: string;
    opening: string | null;
    credits: string;
    debits: string;
    holds: string;
    payouts: string;
    closing: string | null;
    balances: boolean | null;
  }>`select to_char(business_date, 'YYYY-MM-DD') as business_date, currency, opening::text as opening, credits::text as credits,
            debits::text as debits, holds::text as holds, payouts::text as payouts, closing::text as closing, balances
       from v_daily_cash
      where account_id = ${request.account} and site = ${request.site} and business_date between ${request.from}::date and ${request.to}::date
      order by business_date, currency`.execute(trx);

  return {
    ...request,
    cash: cash.rows.map((r) => ({
      businessDate: r.business_date,
      currency: r.currency,
      opening: r.opening,
      credits: r.credits,
      debits: r.debits,
      holds: r.holds,
      payouts: r.payouts,
      closing: r.closing,
      balances: r.balances,
    })),
    totals: mergeTotals(settled, atRisk),
    byDayKind: byDayKind.map((r) => ({ businessDate: r.business_date, kind: r.kind, count: Number(r.mismatches) })),
    aging: agingOf(open, atRiskByAge.map((r) => ({ ...r, currency: knownCurrency(r.currency) }))),
    open,
  };
}

type SettledSums = { currency: string | null; rows: string; settled: string; reconciled: string; unreconciled: string };
const knownCurrency = (currency: string): string | null => (currency === UNKNOWN_CURRENCY ? null : currency);

/** One line per currency seen on either side (a currency may have settlements and no mismatch, or the reverse). */
function mergeTotals(settled: readonly SettledSums[], atRisk: readonly AtRisk[]): CurrencyTotals[] {
  const risk = atRisk.map((r) => ({ ...r, currency: knownCurrency(r.currency) }));
  const currencies = [...new Set([...settled.map((s) => s.currency), ...risk.map((r) => r.currency)])].sort(byCurrency);
  return currencies.map((currency) => {
    const s = settled.find((x) => x.currency === currency);
    const r = risk.find((x) => x.currency === currency);
    return {
      currency,
      settledRows: Number(s?.rows ?? 0),
      settled: s?.settled ?? '0',
      reconciled: s?.reconciled ?? '0',
      settledUnreconciled: s?.unreconciled ?? '0',
      openMismatches: r?.mismatches ?? 0,
      atRisk: r?.amount ?? '0',
      atRiskOrders: r?.orders ?? 0,
    };
  });
}
