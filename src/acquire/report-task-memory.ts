/**
 * A report task outlives one run: MP may take longer to generate a report than a run waits
 * (RECON_REPORT_WAIT_MINUTES). The task is remembered in report_tasks as soon as MP accepts it, so the
 * next run — even after a crash — waits for that same task instead of asking MP for another report. The
 * row goes once the task is ready or failed. A task remembered for MAX_RUNS runs is given up (MP may no
 * longer list it) and a fresh report is asked for.
 */
import { sql } from 'kysely';
import type { Deps } from '../deps.ts';
import type { MpClient } from '../mp/client.ts';
import { MpApiError } from '../mp/errors.ts';
import type { TaskRef } from '../mp/report-readiness.ts';
import type { ProcessedReportTask, ReportTask, WaitOptions } from '../mp/report-types.ts';
import type { ReportKind } from '../parse/parse-report.ts';
import type { Chunk } from './plan-chunks.ts';
import { mpKind } from './report-defaults.ts';

const MAX_RUNS = 5;

export interface ReadyReport {
  readonly taskId: string | undefined;
  readonly ready: ProcessedReportTask;
  /** True when an earlier run had asked for this task. */
  readonly resumed: boolean;
}

export async function awaitChunkReport(
  deps: Deps & { readonly mp: MpClient },
  kind: ReportKind,
  chunk: Chunk,
  create: () => Promise<ReportTask>,
  wait: WaitOptions | undefined,
): Promise<ReadyReport> {
  const log = deps.log.child({ kind, chunk: `${chunk.from}..${chunk.to}` });
  // The account's task: two accounts of one site ask for the same days with their own tokens.
  const key = { account_id: deps.account.id, kind, site: deps.config.site, covers_from: chunk.from, covers_to: chunk.to };
  const db = deps.conn.db;
  const remembered = await db
    .selectFrom('report_tasks')
    .selectAll()
    .where('account_id', '=', key.account_id)
    .where('kind', '=', key.kind)
    .where('site', '=', key.site)
    .where('covers_from', '=', key.covers_from)
    .where('covers_to', '=', key.covers_to)
    .executeTakeFirst();
  let ref: TaskRef;
  let resumed = false;
  if (remembered && remembered.runs_waited < MAX_RUNS) {
    ref = { id: remembered.task_id ?? undefined, begin_date: remembered.begin_date, end_date: remembered.end_date };
    resumed = true;
    await forgetOr(deps, key, 'bump');
    log.info({ taskId: remembered.task_id, runsWaited: remembered.runs_waited + 1 }, 'waiting for the report task an earlier run asked for');
  } else {
    if (remembered) log.warn({ taskId: remembered.task_id, runsWaited: remembered.runs_waited }, 'remembered report task never became ready; asking for a new one');
    const task = await create();
    ref = task;
    log.info({ taskId: task.id === '' ? undefined : task.id }, 'mp report requested');
    const row = {
      ...key,
      task_id: task.id === '' ? null : String(task.id),
      begin_date: String(task.begin_date),
      end_date: String(task.end_date),
      requested_at: deps.now(),
      last_status: typeof task.status === 'string' ? task.status : null,
    };
    await db
      .insertInto('report_tasks')
      .values(row)
      .onConflict((oc) => oc.columns(['account_id', 'kind', 'site', 'covers_from', 'covers_to']).doUpdateSet({ ...row, runs_waited: 1 }))
      .execute();
  }
  const timeoutMs = deps.config.reportWaitMinutes * 60_000;
  try {
    const ready = await deps.mp.reports.waitForReport(mpKind(kind), ref, { timeoutMs, ...wait });
    await forgetOr(deps, key, 'delete');
    return { taskId: ready.id === '' ? undefined : String(ready.id), ready, resumed };
  } catch (err) {
    if (err instanceof MpApiError && err.code === 'MP_REPORT_FAILED') await forgetOr(deps, key, 'delete');
    if (err instanceof MpApiError && err.code === 'MP_REPORT_NOT_READY') log.warn({ taskId: ref.id }, 'report still pending; the next run waits for the same task');
    throw err;
  }
}

async function forgetOr(deps: Deps, key: { account_id: string; kind: ReportKind; site: string; covers_from: string; covers_to: string }, what: 'delete' | 'bump'): Promise<void> {
  const db = deps.conn.db;
  const same = sql<boolean>`account_id = ${key.account_id} and kind = ${key.kind} and site = ${key.site} and covers_from = ${key.covers_from} and covers_to = ${key.covers_to}`;
  if (what === 'delete') await db.deleteFrom('report_tasks').where(same).execute();
  else await db.updateTable('report_tasks').set({ runs_waited: sql<number>`runs_waited + 1` }).where(same).execute();
}
