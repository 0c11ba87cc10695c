/**
 * Every failure mp-recon reports on purpose is a ReconError with a stable code: tests assert codes,
 * operators grep for them, and the CLI maps them to exit codes. Messages say what happened and what
 * to do about it, and never carry secrets.
 */
export type ErrorCode =
  // configuration and usage
  | 'CONFIG_INVALID'
  | 'SCHEMA_RESERVED'
  | 'UNKNOWN_SITE'
  | 'USAGE'
  | 'BAD_DATE'
  | 'BAD_DATE_RANGE'
  // files
  | 'FILE_NOT_FOUND'
  | 'FILE_EMPTY'
  | 'FILE_IS_DIRECTORY'
  | 'HEADER_MISSING_COLUMN'
  | 'HEADER_DUPLICATE_COLUMN'
  | 'HEADER_UNKNOWN_KIND'
  | 'IMPORT_INVALID_ROWS'
  | 'COVERAGE_UNKNOWN'
  // ingest integrity
  | 'ENCODING_UNSUPPORTED'
  | 'SITE_MISMATCH'
  | 'REPORT_OTHER_ACCOUNT'
  | 'INGEST_ALL_REJECTED'
  | 'REPORT_FILE_NOT_FOUND'
  | 'REPORT_FILE_NOT_INGESTED'
  | 'RETRACT_OVERLAPPING_FILES'
  // database
  | 'DB_UNREACHABLE'
  | 'DB_CONNECTION_LOST'
  | 'MIGRATION_FAILED'
  | 'SCHEMA_MISSING'
  | 'EMBEDDED_COPY_STDIN'
  | 'EMBEDDED_BUSY'
  | 'RUN_IN_PROGRESS'
  // acquisition and scheduling
  | 'MP_TOKEN_MISSING'
  | 'SHUTDOWN'
  // accounts
  | 'ACCOUNT_EXISTS'
  | 'ACCOUNT_NOT_FOUND'
  | 'ACCOUNT_AMBIGUOUS'
  | 'ACCOUNT_TOKEN_MISSING'
  | 'ACCOUNT_SITE_MISMATCH'
  | 'ACCOUNT_USER_TAKEN'
  // the job queue and its workers
  | 'QUEUE_NEEDS_SERVER'
  | 'QUEUE_REFUSED'
  | 'QUEUE_JOB_FAILED'
  // mismatches
  | 'MISMATCH_NOT_FOUND'
  | 'MISMATCH_BAD_TRANSITION'
  // order sync, refunds and cancellations
  | 'ORDER_NOT_FOUND'
  | 'ORDER_NOT_PAID'
  | 'REFUND_EXCEEDS_REFUNDABLE'
  | 'REFUND_REJECTED'
  | 'REFUND_UNCERTAIN'
  | 'REFUND_WINDOW_PASSED'
  | 'REFUND_LIMIT_REACHED'
  | 'REFUND_NOT_CONFIRMED'
  | 'CANCEL_PAYMENT_IN_PROGRESS'
  | 'CANCEL_NOT_ALLOWED'
  | 'CANCEL_NOTHING_PENDING'
  | 'RECEIVER_LISTEN_FAILED'
  // doctor
  | 'DOCTOR_FAILED'

  // web UI
  | 'USER_EXISTS'
  | 'USER_NOT_FOUND'
  | 'UI_LISTEN_FAILED';

export class ReconError extends Error {
  override readonly name = 'ReconError';
  readonly code: ErrorCode;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; details?: Record<string, unknown> }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options?.details;
  }
}

/** Postgres SQLSTATE codes we react to. */
export const PG_UNIQUE_VIOLATION = '23505';
export const PG_UNDEFINED_TABLE = '42P01';
