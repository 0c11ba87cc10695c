/**
 * Readiness of a report task. MP has no "ready" flag: poll the list, find the task by id, and wait for
 * `status: processed` with a `file_name`. Polls back off (×1.5 up to maxPollMs) and stop after
 * timeoutMs, counted as the larger of wall time and time slept, so an injected no-wait sleep still ends.
 */
import type { MpHttp } from './http.ts';
import type { ProcessedReportTask, ReportKind, ReportTask, WaitOptions } from './report-types.ts';

const FAILED_STATUSES = new Set(['error', 'failed', 'deleted', 'cancelled', 'canceled', 'rejected']);

export async function waitForReport(
  http: MpHttp,
  list: (kind: ReportKind) => Promise<readonly ReportTask[]>,
  kind: ReportKind,
  taskId: number | string,
  options: WaitOptions = {},
): Promise<ProcessedReportTask> {
  const timeoutMs = options.timeoutMs ?? 600_000;
  const maxPollMs = options.maxPollMs ?? 60_000;
  let delay = Math.max(1, options.pollMs ?? 5_000);
  const started = Date.now();
  let slept = 0;
  let polls = 0;
  let lastStatus = 'not listed';
  const path = `/v1/account/${kind}/list`;
  for (;;) {
    polls += 1;
    const task = (await list(kind)).find((t) => String(t.id) === String(taskId));
    if (task) {
      lastStatus = task.status ?? 'unknown';
      if (task.status === 'processed' && typeof task.file_name === 'string' && task.file_name !== '') {
        http.log.info({ kind, taskId, fileName: task.file_name, polls }, 'mp report ready');
        return task as ProcessedReportTask;
      }
      if (FAILED_STATUSES.has(lastStatus)) {
        throw http.error('MP_REPORT_FAILED', { method: 'GET', path }, `shows ${kind} task ${taskId} as '${lastStatus}'; request the report again`, {
          retryable: false,
        });
      }
    }
    const waited = Math.max(Date.now() - started, slept);
    if (waited + delay > timeoutMs) {
      throw http.error(
        'MP_REPORT_NOT_READY',
        { method: 'GET', path },
        `still shows ${kind} task ${taskId} as '${lastStatus}' after ${polls} polls over ${Math.round(waited / 1000)} s; try again later or raise the wait timeout`,
      );
    }
    http.log.debug({ kind, taskId, status: lastStatus, delayMs: delay }, 'mp report not ready yet');
    await http.sleep(delay);
    slept += delay;
    delay = Math.min(maxPollMs, Math.ceil(delay * 1.5));
  }
}
