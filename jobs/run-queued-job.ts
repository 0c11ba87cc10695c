/**
 * Use case: run one job a worker took from the queue, by handing it to the use case it names. The
 * output is what the queue keeps as the job's result (counts and ids, never rows or secrets).
 */
import type { Deps } from '../src/deps.ts';
import type { QueuedJob } from '../src/queue/queued-jobs.ts';
import { ingestFile } from './ingest-file.ts';
import { reconcileWindow } from './reconcile-window.ts';

export async function runQueuedJob(deps: Deps, job: QueuedJob): Promise<Record<string, unknown>> {
  switch (job.name) {
    case 'ingest-file': {
      const result = await ingestFile(deps, job.data);
      return {
        status: result.status,
        reportFileId: result.reportFileId,
        rowsStored: result.rowsStored,
        rowsDuplicate: result.rowsDuplicate,
        rowsRejected: result.rowsRejected,
      };
    }
    case 'reconcile-window': {
      const { runId, ...counts } = await reconcileWindow(deps, job.data);
      return { runId, ...counts };
    }
  }
}
