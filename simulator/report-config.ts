/**
 * Report configuration per seller and kind: POST creates it (required columns, file_name_prefix,
 * frequency; defaults separator `,`, display_timezone `GMT-04`, scheduled false), PUT merges changes into
 * it, and effectiveConfig() turns it into what the CSV writer needs. Invalid input answers 400 with the
 * keys MP documents (`Invalid columns`, `Invalid frequency`, ...). Unknown fields are kept as sent.
 */
import type { Account } from './accounts.ts';
import { type DisplayZone, parseDisplayZone } from './display-time.ts';
import { fail } from './http-io.ts';
import type { SimQuirks } from './quirks.ts';
import { DEFAULT_RELEASE_COLUMNS, DEFAULT_SETTLEMENT_COLUMNS, KNOWN_COLUMNS, type Language, type ReportKind } from './report-columns.ts';

export type StoredConfig = Readonly<Record<string, unknown>>;

export interface EffectiveConfig {
  readonly columns: readonly string[];
  readonly prefix: string;
  readonly separator: string;
  readonly zone: DisplayZone;
  readonly language: Language | undefined;
  readonly refundDetailed: boolean;
  readonly includeWithdraw: boolean;
  /** Release: show reserve/release pairs that compensate each other (refund reserves), MP's compensate_detail. */
  readonly compensateDetail: boolean;
  /** Release: available_balance pre_/pos_payout_<id> rows around each payout, MP's check_available_balance. */
  readonly checkAvailableBalance: boolean;
}

const READ_ONLY = ['scheduled'];

/** POST .../config: a complete config. */
export function createConfig(kind: ReportKind, input: unknown, quirks: SimQuirks): StoredConfig {
  const body = asObject(input);
  for (const key of ['columns', 'file_name_prefix', 'frequency']) {
    if (body[key] === undefined) fail(400, 'bad_request', `Invalid ${key}`, [{ code: 'missing_field', description: `${key} is required` }]);
  }
  const config = { separator: ',', display_timezone: 'GMT-04', ...withoutReadOnly(body), scheduled: false };
  validate(kind, config, quirks);
  return config;
}

/** PUT .../config: fields sent replace stored ones; `scheduled` is not writable. */
export function updateConfig(kind: ReportKind, existing: StoredConfig, input: unknown, quirks: SimQuirks): StoredConfig {
  const config = { ...existing, ...withoutReadOnly(asObject(input)), scheduled: existing.scheduled === true };
  validate(kind, config, quirks);
  return config;
}

/** The config a report is generated with when the seller never configured one. */
export function defaultConfig(kind: ReportKind, account: Account): StoredConfig {
  const settlement = kind === 'settlement_report';
  return {
    columns: (settlement ? DEFAULT_SETTLEMENT_COLUMNS : DEFAULT_RELEASE_COLUMNS).map((key) => ({ key })),
    file_name_prefix: `${settlement ? 'settlement' : 'release'}-report-${account.userId}`,
    frequency: { type: 'monthly', value: 1, hour: 0 },
    separator: settlement ? ';' : ',',
    display_timezone: 'GMT-04',
    scheduled: false,
  };
}

export function effectiveConfig(config: StoredConfig): EffectiveConfig {
  const columns = (config.columns as ReadonlyArray<{ key: string }>).map((c) => c.key);
  const zone = parseDisplayZone(String(config.display_timezone ?? 'GMT-04'));
  if (!zone) throw new Error('stored config holds an invalid display_timezone');
  const lang = config.report_translation;
  return {
    columns,
    prefix: String(config.file_name_prefix),
    separator: typeof config.separator === 'string' ? config.separator : ',',
    zone,
    language: lang === 'en' || lang === 'es' || lang === 'pt' ? lang : undefined,
    refundDetailed: config.refund_detailed === true,
    includeWithdraw: config.include_withdraw !== false && config.include_withdrawal !== false,
    compensateDetail: config.compensate_detail === true,
    checkAvailableBalance: config.check_available_balance === true,
  };
}

function validate(kind: ReportKind, c: Record<string, unknown>, quirks: SimQuirks): void {
  const columns = c.columns;
  if (
    !Array.isArray(columns) ||
    columns.length === 0 ||
    !columns.every((col) => col !== null && typeof col === 'object' && typeof (col as { key?: unknown }).key === 'string') ||
    new Set(columns.map((col) => (col as { key: string }).key)).size !== columns.length
  ) {
    fail(400, 'bad_request', 'Invalid columns', [{ code: 'invalid_columns', description: 'columns must be a non-empty list of distinct {"key": "..."}' }]);
  }
  if (quirks.validateColumns) {
    const unknown = columns.map((col) => (col as { key: string }).key).filter((key) => !KNOWN_COLUMNS[kind].has(key));
    if (unknown.length > 0) fail(400, 'bad_request', 'Invalid columns', [{ code: 'invalid_columns', description: `unknown keys: ${unknown.join(', ')}` }]);
  }
  if (typeof c.file_name_prefix !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(c.file_name_prefix)) {
    fail(400, 'bad_request', 'Invalid file_name_prefix');
  }
  const f = c.frequency as Record<string, unknown> | null | undefined;
  if (
    f === null ||
    typeof f !== 'object' ||
    !['daily', 'weekly', 'monthly'].includes(f.type as string) ||
    typeof f.hour !== 'number' ||
    !Number.isInteger(f.hour) ||
    f.hour < 0 ||
    f.hour > 23 ||
    (f.type !== 'daily' && (typeof f.value !== 'number' || !Number.isInteger(f.value) || f.value < 1 || f.value > (f.type === 'weekly' ? 7 : 31)))
  ) {
    fail(400, 'bad_request', 'Invalid frequency');
  }
  if (typeof c.separator !== 'string' || c.separator.length !== 1 || /["\r\n]/.test(c.separator)) fail(400, 'bad_request', 'Invalid file config');
  if (typeof c.display_timezone !== 'string' || !parseDisplayZone(c.display_timezone)) fail(400, 'bad_request', 'Invalid file config');
  if (c.report_translation !== undefined && !['en', 'es', 'pt'].includes(c.report_translation as string)) fail(400, 'bad_request', 'Invalid report_language');
  const emails = c.notification_email_list;
  if (emails !== undefined && (!Array.isArray(emails) || !emails.every((e) => typeof e === 'string' && /^[^@\s]+@[^@\s]+$/.test(e)))) {
    fail(400, 'bad_request', 'Invalid notification_email_list');
  }
  if (c.sftp_info !== undefined && (c.sftp_info === null || typeof c.sftp_info !== 'object')) fail(400, 'bad_request', 'Invalid sftp info');
}

function asObject(input: unknown): Record<string, unknown> {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return fail(400, 'bad_request', 'Invalid file config');
  return input as Record<string, unknown>;
}

function withoutReadOnly(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([key]) => !READ_ONLY.includes(key)));
}
