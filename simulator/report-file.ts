/**
 * Builds one report file: picks the rows of the kind for the task's range, lays them out in the config's
 * columns (plus any extra columns a quirk adds), writes the header as technical keys or as `Label (KEY)`
 * when report_translation is set, and renders with the config's separator and the BOM / CRLF quirks.
 * Called once, when a task turns processed; the bytes are then stored and never regenerated.
 */
import type { Account } from './accounts.ts';
import { renderCsv } from './generator/csv.ts';
import type { Ledger } from './ledger.ts';
import type { SimQuirks } from './quirks.ts';
import { JSON_COLUMNS, type ReportKind, translatedHeader } from './report-columns.ts';
import type { EffectiveConfig } from './report-config.ts';
import { releaseRows } from './release-rows.ts';
import { type RowContext, settlementRows } from './settlement-rows.ts';

export interface ReportFileInput {
  readonly kind: ReportKind;
  readonly account: Account;
  readonly ledger: Ledger;
  readonly config: EffectiveConfig;
  readonly quirks: SimQuirks;
  readonly begin: Date;
  readonly end: Date;
}

export function buildReportFile(input: ReportFileInput): Buffer {
  const { kind, config, quirks, begin, end } = input;
  const inclusive = quirks.rangeEnd === 'inclusive';
  const inRange = (at: Date) => at >= begin && (inclusive ? at <= end : at < end);
  const ctx: RowContext = { account: input.account, ledger: input.ledger, config, quirks, inRange };
  const rows = kind === 'settlement_report' ? settlementRows(ctx) : releaseRows(ctx, begin);
  const keys = [...config.columns, ...quirks.extraColumns.filter((k) => !config.columns.includes(k))];
  const language = quirks.translatedHeaders ? config.language : undefined;
  const header = keys.map((k) => (language ? translatedHeader(k, language) : k));
  return renderCsv(keys, header, rows, {
    separator: config.separator,
    crlf: quirks.crlf,
    bom: quirks.bom,
    alwaysQuote: quirks.quoteJsonCells ? JSON_COLUMNS : new Set(),
  });
}
