/**
 * Use case: `backfill --account all` on a Postgres server. The accounts' backfills run side by side
 * (BACKFILLS_AT_ONCE at a time: each holds its own lock connection while it runs), all feeding one job
 * queue, and this process works that queue with a single slot of its own, as it does for one account,
 * so the workers' count is what sets the pace, not the number of accounts. A failure of one account is
 * reported with its account and does not stop the others; what each fetched is kept.
 */
import type { Deps, EngineDeps } from '../src/deps.ts';
import type { JobQueue } from '../src/queue/job-queue.ts';
import { isStageJob, type QueuedJob, STAGE_JOB_NAMES } from '../src/queue/queued-jobs.ts';
import { startWorkLoop } from '../src/queue/work-loop.ts';
import { type BackfillRequest, type BackfillResult, backfill } from './backfill.ts';
import type { AcquireDeps } from './fetch-report-chunk.ts';
import { isTransientFailure, runStageJob, withOwnClient } from './run-queued-job.ts';

const BACKFILLS_AT_ONCE = 2;

export type AccountBackfill = { readonly account: string } & ({ readonly ok: true; readonly result: BackfillResult } | { readonly ok: false; readonly error: unknown });

export interface AccountsBackfillRequest extends Omit<BackfillRequest, 'queue' | 'onProgress'> {
  readonly queue: JobQueue;
  readonly onProgress?: (account: string) => BackfillRequest['onProgress'];
  /** Called as each account's backfill ends, in the order they end. */
  readonly onAccountDone?: (done: AccountBackfill) => void;
}

export async function backfillAccounts(engine: EngineDeps, accounts: readonly AcquireDeps[], request: AccountsBackfillRequest): Promise<AccountBackfill[]> {
  const byId = new Map(accounts.map((a) => [a.account.id, a]));
  // A job of an account this process was not asked about (another backfill's) runs with its own token.
  const withMp = (deps: Deps): AcquireDeps => byId.get(deps.account.id) ?? withOwnClient(deps);
  // Steps only: another account's whole night is a worker's to take, not a backfill's.
  const run = async (job: QueuedJob) => (isStageJob(job) ? runStageJob(engine, job, withMp) : {});
  const loop = startWorkLoop(request.queue, run, {
    names: STAGE_JOB_NAMES,
    concurrency: 1,
    pollMs: 500,
    log: engine.log,
    isTransient: isTransientFailure,
  });
  const results: AccountBackfill[] = [];
  const waiting = [...accounts];
  const lane = async (): Promise<void> => {
    for (let next = waiting.shift(); next; next = waiting.shift()) {
      const { onProgress, onAccountDone, ...rest } = request;
      const done: AccountBackfill = await backfill(next, { ...rest, onProgress: onProgress?.(next.account.id), queueWorkHere: false })
        .then((result) => ({ account: next.account.id, ok: true as const, result }))
        .catch((error: unknown) => ({ account: next.account.id, ok: false as const, error }));
      results.push(done);
      onAccountDone?.(done);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(BACKFILLS_AT_ONCE, accounts.length) }, lane));
  } finally {
    await loop.stop();
  }
  return results.sort((a, b) => a.account.localeCompare(b.account));
}
