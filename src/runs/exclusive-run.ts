/**
 * A job run that only one process may perform at a time: take the job's advisory lock (or report that
 * another runner holds it), then do the work inside a runs row (which first closes out runs a dead
 * process left `running`: src/runs/runs.ts).
 */
import { withJobLock } from './job-lock.ts';
import type { Deps } from '../deps.ts';
import { inRun, type RunWindow } from './runs.ts';

export type JobName = 'fetch' | 'backfill' | 'nightly';

export type ExclusiveResult<T> = ({ readonly status: 'done'; readonly runId: string } & T) | { readonly status: 'locked'; readonly job: JobName };

export async function runExclusive<T extends Record<string, unknown>>(
  deps: Deps,
  job: JobName,
  window: RunWindow,
  work: (runId: string) => Promise<T>,
): Promise<ExclusiveResult<T>> {
  // One lock per account and job: two accounts' nightly cycles run side by side, one account's never twice.
  const locked = await withJobLock(deps.conn, `${job}:${deps.account.id}`, () => inRun(deps.conn.db, job, window, work));
  if (!locked.acquired) {
    deps.log.info({ job }, `another mp-recon process holds the ${job} lock; not running`);
    return { status: 'locked', job };
  }
  return { status: 'done', ...locked.value };
}
