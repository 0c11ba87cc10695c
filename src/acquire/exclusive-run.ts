/**
 * A job run that only one process may perform at a time: take the job's advisory lock (or report that
 * another runner holds it), close out runs of the same job that a dead process left `running` (holding
 * the lock proves nobody else is running it), then do the work inside a runs row.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { withJobLock } from '../db/job-lock.ts';
import type { Deps } from '../deps.ts';
import { inRun, type RunWindow } from '../runs.ts';

export type JobName = 'fetch' | 'backfill' | 'nightly';

export type ExclusiveResult<T> = ({ readonly status: 'done'; readonly runId: string } & T) | { readonly status: 'locked'; readonly job: JobName };

export async function runExclusive<T extends Record<string, unknown>>(
  deps: Deps,
  job: JobName,
  window: RunWindow,
  work: (runId: string) => Promise<T>,
): Promise<ExclusiveResult<T>> {
  const locked = await withJobLock(deps.conn, job, async () => {
    await failAbandonedRuns(deps.conn.db, job);
    return inRun(deps.conn.db, job, window, work);
  });
  if (!locked.acquired) {
    deps.log.info({ job }, `another mp-recon process holds the ${job} lock; not running`);
    return { status: 'locked', job };
  }
  return { status: 'done', ...locked.value };
}

/** Marks `running` rows of `job` failed with ABANDONED. Call only while holding the job's lock. */
export async function failAbandonedRuns(db: Kysely<Database>, job: JobName): Promise<number> {
  const result = await db
    .updateTable('runs')
    .set({
      status: 'failed',
      error_code: 'ABANDONED',
      error_message: 'the process running it stopped before finishing (killed or crashed); a later run took over',
      finished_at: new Date(),
    })
    .where('job', '=', job)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
