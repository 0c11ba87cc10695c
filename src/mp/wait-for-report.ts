/**
 * Readiness of a report task. MP has no "ready" flag: poll the list (every page, until the task shows
 * up), find the task (report-readiness.ts) and wait until it has a file. Polls back off (×1.5 up to
 * maxPollMs) and stop after timeoutMs, counted as the larger of wall time and time slept, so an injected
 * no-wait sleep still ends.
 */
import type { MpHttp } from './http.ts';
import { matchTask, readinessOf, type TaskRef } from './report-readiness.ts';
import type { ProcessedReportTask, ReportKind, ReportTask, WaitOptions } from './report-types.ts';

export type ListPage = (kind: ReportKind, page: { limit: number; offset: number }) => Promise<readonly ReportTask[]>;

/** The n8n node MP publishes asks for pages of at most 1000 and stops on a short one. */
export const LIST_PAGE_SIZE = 1000;
/** A server that ignores offset answers the same page forever: stop after this many. */
const MAX_PAGES = 50;

export const DEFAULT_WAIT_MS = 3_600_000;

export async function waitForReport(http: MpHttp, list: ListPage, kind: ReportKind, ref: TaskRef, options: WaitOptions = {}): Promise<ProcessedReportTask> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_MS;
  const maxPollMs = options.maxPollMs ?? 60_000;
  let delay = Math.max(1, options.pollMs ?? 5_000);
  const started = Date.now();
  const label = ref.id !== undefined && ref.id !== '' ? String(ref.id) : `for ${ref.begin_date}..${ref.end_date}`;
  let slept = 0;
  let polls = 0;
  let lastStatus = 'not listed';
  const path = `/v1/account/${kind}/list`;
  for (;;) {
    polls += 1;
    const task = await findTask(list, kind, ref, options.pageSize ?? LIST_PAGE_SIZE);
    if (task) {
      const readiness = readinessOf(task);
      lastStatus = readiness.state === 'ready' ? 'ready' : readiness.status;
      if (readiness.state === 'ready') {
        http.log.info({ kind, taskId: task.id, fileName: readiness.fileName, polls }, 'mp report ready');
        return { ...task, status: 'processed', file_name: readiness.fileName } as ProcessedReportTask;
      }
      if (readiness.state === 'failed') {
        throw http.error('MP_REPORT_FAILED', { method: 'GET', path }, `shows ${kind} task ${label} as '${lastStatus}'; request the report again`, {
          retryable: false,
        });
      }
    }
    const waited = Math.max(Date.now() - started, slept);
    if (waited + delay > timeoutMs) {
      throw http.error(
        'MP_REPORT_NOT_READY',
        { method: 'GET', path },
        `still shows ${kind} task ${label} as '${lastStatus}' after ${polls} polls over ${Math.round(waited / 1000)} s; the next run waits for the same task (raise RECON_REPORT_WAIT_MINUTES to wait longer)`,
      );
    }
    http.log.debug({ kind, task: label, status: lastStatus, delayMs: delay }, 'mp report not ready yet');
    await http.sleep(delay);
    slept += delay;
    delay = Math.min(maxPollMs, Math.ceil(delay * 1.5));
  }
}

/** Pages through the list until the task is found, a page comes back short, or paging is ignored. */
async function findTask(list: ListPage, kind: ReportKind, ref: TaskRef, size: number): Promise<ReportTask | undefined> {
  let firstId: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const items = await list(kind, { limit: size, offset: page * size });
    const found = matchTask(items, ref);
    if (found) return found;
    if (items.length < size) return undefined;
    const head = String(items[0]?.id);
    if (page > 0 && head === firstId) return undefined;
    if (page === 0) firstId = head;
  }
  return undefined;
}
