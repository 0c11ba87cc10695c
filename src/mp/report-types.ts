/**
 * Shapes of the reconciliation reports API (§2 of docs mercadopago-api.md). Both report kinds share
 * every endpoint; only the path segment differs. Fields MP documents are typed; anything else MP sends is
 * kept (index signature) so a newer API never breaks us.
 */

export const REPORT_KINDS = ['settlement_report', 'release_report'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export interface ReportColumn {
  readonly key: string;
}

export interface ReportFrequency {
  readonly type: 'daily' | 'weekly' | 'monthly';
  /** Day of month (monthly) or of week (weekly); ignored for daily. */
  readonly value: number;
  /** Hour of day, 0–23. */
  readonly hour: number;
}

export interface ReportConfig {
  readonly columns: readonly ReportColumn[];
  readonly file_name_prefix: string;
  readonly frequency: ReportFrequency;
  /** `,` by default; `;` in the settlement sample. */
  readonly separator?: string;
  /** Timezone of the dates written in the file, e.g. `GMT-04` (the default). */
  readonly display_timezone?: string;
  /** Header language; headers become `Label (KEY)`. */
  readonly report_translation?: 'en' | 'es' | 'pt';
  readonly notification_email_list?: readonly string[];
  /** Read-only: true after enableSchedule. */
  readonly scheduled?: boolean;
  readonly refund_detailed?: boolean;
  readonly coupon_detailed?: boolean;
  readonly include_withdraw?: boolean;
  readonly include_withdrawal?: boolean;
  readonly [other: string]: unknown;
}

/** A report generation task, as returned by create, list and the schedule endpoints. */
export interface ReportTask {
  /** Always in list items; the reports guide does not promise it in create's answer. */
  readonly id: number | string;
  readonly user_id?: number | string;
  readonly account_id?: number;
  /** UTC, `...Z`. */
  readonly begin_date?: string;
  readonly end_date?: string;
  readonly created_from?: 'manual' | 'schedule' | string;
  /** `pending`, `processed`, `deleted`; other values are possible (e.g. `error`). */
  readonly status?: string;
  /** Present once the file exists (`<prefix>-<yyyy-MM-dd-HHmmss>.csv`). */
  readonly file_name?: string;
  readonly format?: string;
  readonly generation_date?: string;
  /** The guide's list items carry this instead of generation_date. */
  readonly date_created?: string;
  readonly last_modified?: string;
  readonly [other: string]: unknown;
}

export type ProcessedReportTask = ReportTask & { readonly status: 'processed'; readonly file_name: string };

export interface DownloadResult {
  /** Absolute path of the file, renamed into place only once complete. */
  readonly path: string;
  /** Hex sha256 of the bytes written. */
  readonly sha256: string;
  readonly bytes: number;
}

export interface WaitOptions {
  /** Give up after this long (measured as the larger of wall time and time slept). Default 60 min. */
  readonly timeoutMs?: number;
  /** First wait between polls; grows ×1.5 up to maxPollMs. Default 5 s. */
  readonly pollMs?: number;
  readonly maxPollMs?: number;
  /** List page size (`limit`); default 1000, as MP's own n8n node asks. */
  readonly pageSize?: number;
}
