/** Tables of report acquisition: what this database asked Mercado Pago for, and tasks still awaited. Part of the one Database interface (database.ts). */
import type { Generated } from 'kysely';
import type { DateOnly, Timestamp } from './column-types.ts';

/** A report this database asked Mercado Pago for: a file on disk is reused only when it is one of these. */
export interface ReportRequestsTable {
  /** The account the row belongs to (accounts.id, or default). */
  account_id: string;
  id: Generated<string>;
  kind: 'settlement' | 'release';
  site: string;
  covers_from: DateOnly;
  covers_to: DateOnly;
  mp_task_id: string | null;
  /** MP's name for the file, once MP lists the report as processed. */
  file_name: string | null;
  /** Once the file is downloaded whole. */
  sha256: string | null;
  requested_at: Generated<Date>;
  downloaded_at: Timestamp | null;
}

/** report_tasks (migration 2026-11-30-0030): report tasks a run stopped waiting for, resumed by the next. */
export interface ReportTasksTable {
  /** The account the row belongs to (accounts.id, or default). */
  account_id: string;
  kind: 'settlement' | 'release';
  site: string;
  covers_from: DateOnly;
  covers_to: DateOnly;
  /** Null when create answered without an id. */
  task_id: string | null;
  begin_date: string;
  end_date: string;
  requested_at: Timestamp;
  runs_waited: Generated<number>;
  last_status: string | null;
}
