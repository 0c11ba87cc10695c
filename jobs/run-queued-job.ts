/**
 * Use case: run one job a worker took from the queue, by handing it to the use case it names. The
 * output is what the queue keeps as the job's result (counts and ids, never rows or secrets).
 */
import { ensureReportConfig } from '../src/acquire/ensure-config.ts';
import type { Deps } from '../src/deps.ts';
import { ReconError } from '../src/errors.ts';
import { MpApiError } from '../src/mp/errors.ts';
import type { QueuedJob } from '../src/queue/queued-jobs.ts';
import { type AcquireDeps, fetchChunk } from './fetch-report-chunk.ts';
import { ingestFile } from './ingest-file.ts';
import { reconcileWindow } from './reconcile-window.ts';

/**
 * `withMp` builds the Mercado Pago client only for the jobs that call Mercado Pago, so a worker
 * without a token still ingests and reconciles.
 */
export async function runQueuedJob(deps: Deps, job: QueuedJob, withMp: () => AcquireDeps): Promise<Record<string, unknown>> {
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
    case 'fetch-chunk': {
      const { kind, from, to, start, end, days, force } = job.data;
      const acquire = withMp();
      // Cheap when the config exists (one GET), and a fresh worker may be the first to ask.
      await ensureReportConfig(acquire.mp, kind, acquire.log);
      const result = await fetchChunk(acquire, kind, { from, to, start: new Date(start), end: new Date(end), days }, { force });
      return { ...result };
    }
  }
}

/** Codes that say "try again later" rather than "this job cannot succeed as asked". */
const TRANSIENT_CODES = new Set(['DB_UNREACHABLE', 'DB_CONNECTION_LOST', 'RUN_IN_PROGRESS', 'EMBEDDED_BUSY']);

/** Whether a queued job that threw deserves another attempt (the queue retries it with backoff). */
export function isTransientFailure(err: unknown): boolean {
  if (err instanceof MpApiError) return err.retryable;
  if (err instanceof ReconError) return TRANSIENT_CODES.has(err.code);
  // Anything unexpected (a bug, a dropped socket) is retried: the job is safe to repeat.
  return true;
}
