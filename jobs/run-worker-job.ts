/**
 * Use case: run any job a worker took from the queue: a step (run-queued-job.ts), or one account's
 * whole nightly cycle.
 */
import type { Deps, EngineDeps } from '../src/deps.ts';
import { isStageJob, type QueuedJob } from '../src/queue/queued-jobs.ts';
import type { AcquireDeps } from './fetch-report-chunk.ts';
import { nightlyCycle } from './nightly-cycle.ts';
import { jobAccountDeps, runStageJob } from './run-queued-job.ts';

export async function runQueuedJob(engine: EngineDeps, job: QueuedJob, withMp: (deps: Deps) => AcquireDeps): Promise<Record<string, unknown>> {
  if (isStageJob(job)) return runStageJob(engine, job, withMp);
  const result = await nightlyCycle(withMp(await jobAccountDeps(engine, job.data.account)));
  if (result.status !== 'done') return { status: result.status, businessDate: result.businessDate };
  return {
    status: result.status,
    businessDate: result.businessDate,
    runId: result.runId,
    files: result.acquired.files.length,
    rowsStored: result.acquired.rowsStored,
    found: result.reconciled.found,
    resolved: result.reconciled.resolved,
  };
}
