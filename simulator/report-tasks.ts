/**
 * Report tasks and their files. A manual task is created `pending`; once it has been listed
 * `reportPolls` times and `reportDelayMs` has passed on the simulator clock it turns `processed`: its
 * file is generated from the ledger at that moment, named `<file_name_prefix>-<yyyy-MM-dd-HHmmss>.csv`
 * (stamp in display_timezone, bumped a second on collision) and never changes again. Fault fates keep a
 * task pending forever or end it in an error status. Scheduled tasks stay pending (no cron here).
 */
import type { AccountState, SimTask, TaskFate } from './account-state.ts';
import { formatDisplayDate, formatFileStamp, formatUtc } from './display-time.ts';
import type { SimQuirks } from './quirks.ts';
import type { ReportKind } from './report-columns.ts';
import { defaultConfig, effectiveConfig, type StoredConfig } from './report-config.ts';
import { buildReportFile } from './report-file.ts';

export interface TaskEnv {
  now(): Date;
  newId(): number;
  readonly quirks: SimQuirks;
  readonly reportDelayMs: number;
  readonly reportPolls: number;
}

export function configFor(acct: AccountState, kind: ReportKind): StoredConfig {
  return acct.reports[kind].config ?? defaultConfig(kind, acct.account);
}

export function createTask(env: TaskEnv, acct: AccountState, kind: ReportKind, range: { begin: Date; end: Date }, createdFrom: 'manual' | 'schedule', fate: TaskFate): SimTask {
  const now = env.now();
  const zone = effectiveConfig(configFor(acct, kind)).zone;
  const id = env.newId();
  const subType = kind === 'settlement_report' ? 'settlement' : 'release';
  const record: Record<string, unknown> = {
    id,
    account_id: acct.account.userId,
    user_id: acct.account.userId,
    begin_date: formatUtc(range.begin),
    end_date: formatUtc(range.end),
    created_from: createdFrom,
    currency_id: acct.account.currency,
    format: 'CSV',
    date_created: formatDisplayDate(now, zone),
    generation_date: formatDisplayDate(now, zone),
    last_modified: formatDisplayDate(now, zone),
    internal_management: [{ is_visible: true, notify: false, use_exact_time: true }],
    is_reserve: false,
    is_test: acct.account.accessToken.startsWith('TEST-'),
    report_id: id,
    retries: 0,
    status: 'pending',
    sub_type: subType,
    report_type: subType,
  };
  const task: SimTask = { record, begin: range.begin, end: range.end, createdAt: now.getTime(), polls: 0, fate };
  if (env.quirks.fileNameWhilePending && createdFrom === 'manual') record.file_name = uniqueName(acct, kind, now);
  acct.reports[kind].tasks.push(task);
  return task;
}

/** Moves ready tasks forward; `countPoll` when called for a list request. */
export function advanceTasks(env: TaskEnv, acct: AccountState, kind: ReportKind, countPoll: boolean): void {
  const now = env.now();
  for (const task of acct.reports[kind].tasks) {
    if (task.record.status !== 'pending' || task.record.created_from !== 'manual' || task.fate.kind === 'stuck') continue;
    const ready = task.polls >= env.reportPolls && now.getTime() - task.createdAt >= env.reportDelayMs;
    if (ready) finish(env, acct, kind, task, now);
    else if (countPoll) task.polls += 1;
  }
}

function finish(env: TaskEnv, acct: AccountState, kind: ReportKind, task: SimTask, now: Date): void {
  const config = effectiveConfig(configFor(acct, kind));
  const stamp = formatDisplayDate(now, config.zone);
  task.record.last_modified = stamp;
  if (task.fate.kind === 'error') {
    task.record.status = task.fate.status;
    delete task.record.file_name;
    return;
  }
  const body = buildReportFile({ kind, account: acct.account, ledger: acct.ledger, config, quirks: env.quirks, begin: task.begin, end: task.end });
  const name = typeof task.record.file_name === 'string' ? task.record.file_name : uniqueName(acct, kind, now);
  acct.reports[kind].files.set(name, body);
  task.record.file_name = name;
  task.record.generation_date = stamp;
  task.record.status = 'processed';
}

function uniqueName(acct: AccountState, kind: ReportKind, at: Date): string {
  const config = effectiveConfig(configFor(acct, kind));
  const taken = new Set(acct.reports[kind].tasks.map((t) => t.record.file_name));
  for (let bump = 0; ; bump += 1) {
    const name = `${config.prefix}-${formatFileStamp(new Date(at.getTime() + bump * 1000), config.zone)}.csv`;
    if (!taken.has(name) && !acct.reports[kind].files.has(name)) return name;
  }
}

/** Tasks as list shows them: newest first by default, optionally paged. */
export function listTasks(env: TaskEnv, acct: AccountState, kind: ReportKind, page: { limit?: number; offset?: number }): unknown[] {
  const tasks = [...acct.reports[kind].tasks];
  if (env.quirks.listOrder === 'newest_first') tasks.reverse();
  const records = tasks.map((t) => (env.quirks.listShape === 'guide' ? guideItem(t.record) : { ...t.record }));
  if (!env.quirks.listPagination) return records;
  const offset = page.offset ?? 0;
  return records.slice(offset, page.limit === undefined ? undefined : offset + page.limit);
}

const GUIDE_FIELDS = ['id', 'user_id', 'begin_date', 'end_date', 'file_name', 'created_from', 'date_created'];

/** The reports guide's list item: no status, file_name only once there is a file; a failure still says so. */
function guideItem(record: Record<string, unknown>): Record<string, unknown> {
  const item: Record<string, unknown> = {};
  for (const field of GUIDE_FIELDS) if (record[field] !== undefined) item[field] = record[field];
  if (record.status !== 'processed') delete item.file_name;
  if (record.status !== 'pending' && record.status !== 'processed') item.status = record.status;
  return item;
}
