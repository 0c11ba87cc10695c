/**
 * Run bookkeeping: one `runs` row per job run, `running` until it ends `succeeded` or `failed` with a
 * stable error code. Finance and operators read them through v_runs.
 */
import type { Kysely } from 'kysely';
import type { Database } from './db/database.ts';
import { ReconError } from './errors.ts';

export interface RunWindow {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly dryRun?: boolean;
}

async function startRun(db: Kysely<Database>, job: string, window: RunWindow = {}): Promise<string> {
  const row = await db
    .insertInto('runs')
    .values({ job, window_from: window.from ?? null, window_to: window.to ?? null, dry_run: window.dryRun ?? false, status: 'running', error_code: null, error_message: null, finished_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function finishRun(db: Kysely<Database>, runId: string, counts: Record<string, unknown>): Promise<void> {
  await db
    .updateTable('runs')
    .set({ status: 'succeeded', counts: JSON.stringify(counts), finished_at: new Date() })
    .where('id', '=', runId)
    .execute();
}

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

/** Runs `work` inside a run row: succeeded with its counts, or failed with the error's code. */
export async function inRun<T extends Record<string, unknown>>(
  db: Kysely<Database>,
  job: string,
  window: RunWindow,
  work: (runId: string) => Promise<T>,
): Promise<T & { runId: string }> {
  const runId = await startRun(db, job, window);
  try {
    const counts = await work(runId);
    await finishRun(db, runId, counts);
    return { ...counts, runId };
  } catch (err) {
    await failRun(db, runId, err);
    throw err;
  }
}
