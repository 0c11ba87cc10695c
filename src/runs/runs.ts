/**
 * Run bookkeeping: one `runs` row per job run, `running` until it ends `succeeded` or `failed` with a
 * stable error code. Finance and operators read them through v_runs. Starting a run first closes out
 * runs that a dead process left `running` (ABANDONED; src/runs/run-liveness.ts tells them apart from
 * runs other processes are still doing), and a run whose database connection died is recorded as
 * DB_CONNECTION_LOST over a fresh connection.
 */
import type { Kysely } from 'kysely';
import { asConnectionLost } from '../db/connection-lost.ts';
import type { Database } from '../db/database.ts';
import { type RunLiveness, runLivenessOf } from './run-liveness.ts';
import { ReconError } from '../errors.ts';

export interface RunWindow {
  /** The account the run works on (every run belongs to one). */
  readonly account: string;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly dryRun?: boolean;
}

async function startRun(db: Kysely<Database>, liveness: RunLiveness | undefined, job: string, window: RunWindow): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('runs')
      .values({ account_id: window.account, job, window_from: window.from ?? null, window_to: window.to ?? null, dry_run: window.dryRun ?? false, status: 'running', error_code: null, error_message: null, finished_at: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await liveness?.hold(row.id);
    return row.id;
  });
}

async function finishRun(db: Kysely<Database>, runId: string, counts: Record<string, unknown>): Promise<void> {
  await db
    .updateTable('runs')
    .set({ status: 'succeeded', counts: JSON.stringify(counts), finished_at: new Date() })
    .where('id', '=', runId)
    .execute();
}

/** Best effort: the pool opens a fresh connection if the run's own died; if none can be had, a later run marks it ABANDONED. */
async function failRun(db: Kysely<Database>, runId: string, error: unknown): Promise<void> {
  const code = error instanceof ReconError ? error.code : ((error as { code?: string })?.code ?? 'UNEXPECTED');
  const message = error instanceof Error ? error.message : String(error);
  await db
    .updateTable('runs')
    .set({ status: 'failed', error_code: String(code), error_message: message.slice(0, 2000), finished_at: new Date() })
    .where('id', '=', runId)
    .execute()
    .catch(() => {});
}

/** The id of a run of `job` for `account` that succeeded for the window ending `windowTo`, if one did. */
export async function succeededRun(db: Kysely<Database>, account: string, job: string, windowTo: string): Promise<string | undefined> {
  const row = await db.selectFrom('runs').select('id').where('account_id', '=', account).where('job', '=', job).where('status', '=', 'succeeded').where('window_to', '=', windowTo).executeTakeFirst();
  return row?.id;
}

/** Marks `running` runs whose process is gone failed with ABANDONED; returns how many. */
export async function failAbandonedRuns(db: Kysely<Database>): Promise<number> {
  const liveness = runLivenessOf(db);
  if (!liveness) return 0;
  const running = await db.selectFrom('runs').select('id').where('status', '=', 'running').execute();
  let closed = 0;
  for (const { id } of running) {
    if (!(await liveness.isOrphan(id))) continue;
    const result = await db
      .updateTable('runs')
      .set({
        status: 'failed',
        error_code: 'ABANDONED',
        error_message: 'the process running it stopped before finishing (killed or crashed); a later run took over',
        finished_at: new Date(),
      })
      .where('id', '=', id)
      .where('status', '=', 'running')
      .executeTakeFirst();
    closed += Number(result.numUpdatedRows);
  }
  return closed;
}

/** Runs `work` inside a run row: succeeded with its counts, or failed with the error's code. */
export async function inRun<T extends Record<string, unknown>>(
  db: Kysely<Database>,
  job: string,
  window: RunWindow,
  work: (runId: string) => Promise<T>,
): Promise<T & { runId: string }> {
  const liveness = runLivenessOf(db);
  await failAbandonedRuns(db);
  const runId = await startRun(db, liveness, job, window);
  try {
    const counts = await work(runId);
    await finishRun(db, runId, counts);
    return { ...counts, runId };
  } catch (caught) {
    const err = asConnectionLost(caught);
    await failRun(db, runId, err);
    throw err;
  } finally {
    await liveness?.release(runId);
  }
}
