/**
 * Use case: one scheduler tick for every enabled account. On a Postgres server each account's nightly
 * cycle is one queued job keyed `nightly:<account>:<business date>` (its own yesterday, in its own
 * timezone), so a second scheduler, or the same one again, enqueues nothing new; the workers share the
 * accounts, and this process works the queue too, so a deployment without workers still runs its
 * nights. On the embedded database the accounts' cycles run here one after the other.
 */
import { scopeToAccount } from '../src/accounts/account-scope.ts';
import { resolveAccounts } from '../src/accounts/resolve-accounts.ts';
import type { Deps, EngineDeps } from '../src/deps.ts';
import { ReconError } from '../src/errors.ts';
import { fanOut, type Settled } from '../src/queue/fan-out.ts';
import type { JobQueue } from '../src/queue/job-queue.ts';
import type { NightlyCycleJob, QueuedJob } from '../src/queue/queued-jobs.ts';
import type { AcquireDeps } from './fetch-report-chunk.ts';
import { type NightlyResult, nightlyCycle, nightlyWindow } from './nightly-cycle.ts';
import { isTransientFailure } from './run-queued-job.ts';
import { runQueuedJob } from './run-worker-job.ts';

/** What one account's night came to, from either path. */
export type AccountNight =
  | { readonly account: string; readonly status: 'done'; readonly businessDate: string; readonly runId: string; readonly files: number; readonly rowsStored: number; readonly found: number; readonly resolved: number }
  | { readonly account: string; readonly status: 'already_done' | 'locked'; readonly businessDate: string; readonly runId?: string | undefined }
  | { readonly account: string; readonly status: 'failed'; readonly businessDate: string; readonly code: string; readonly message: string };

export interface NightlyAllOptions {
  readonly queue?: JobQueue | undefined;
  readonly signal?: AbortSignal | undefined;
  /** The account's deps with its Mercado Pago client (the CLI builds it: sleep, tuning). */
  readonly withMp: (deps: Deps) => AcquireDeps;
}

export async function nightlyAllAccounts(engine: EngineDeps, options: NightlyAllOptions): Promise<AccountNight[]> {
  const accounts = await resolveAccounts(engine.conn.db, engine.config, 'all');
  const nights: AccountNight[] = [];
  if (!options.queue) {
    for (const account of accounts) {
      if (options.signal?.aborted) throw new ReconError('SHUTDOWN', 'stopped before every account had its night; the next tick catches up');
      const deps = options.withMp(scopeToAccount(engine, account));
      nights.push(describe(account.id, await nightlyCycle(deps, { signal: options.signal })));
    }
    return nights;
  }
  const jobs: NightlyCycleJob[] = accounts.map((a) => ({
    name: 'nightly-cycle',
    data: { account: a.id, businessDate: nightlyWindow(engine.now(), a.timezone, engine.config.reopenDays).to },
  }));
  await fanOut(
    jobs,
    {
      queue: options.queue,
      keyOf: (job) => `nightly:${job.data.account}:${(job as NightlyCycleJob).data.businessDate}`,
      run: (job) => runQueuedJob(engine, job, options.withMp),
      isTransient: isTransientFailure,
      log: engine.log,
      signal: options.signal,
    },
    (job, settled, fresh) => nights.push(fromQueue(job, settled, fresh)),
  ).catch((err: unknown) => {
    // Each failed account is in `nights` with its code; the others' work stands.
    if (!(err instanceof ReconError && err.code === 'QUEUE_JOB_FAILED')) throw err;
  });
  return nights.sort((a, b) => a.account.localeCompare(b.account));
}

function describe(account: string, r: NightlyResult): AccountNight {
  if (r.status !== 'done') return { account, status: r.status, businessDate: r.businessDate, runId: r.status === 'already_done' ? r.runId : undefined };
  return {
    account,
    status: 'done',
    businessDate: r.businessDate,
    runId: r.runId,
    files: r.acquired.files.length,
    rowsStored: r.acquired.rowsStored,
    found: r.reconciled.found,
    resolved: r.reconciled.resolved,
  };
}

function fromQueue(job: QueuedJob, settled: Settled, fresh: boolean): AccountNight {
  const { account, businessDate } = (job as NightlyCycleJob).data;
  if (settled.state === 'failed') return { account, status: 'failed', businessDate, code: settled.code, message: settled.message };
  const o = settled.output as Record<string, string | number | undefined>;
  // A key enqueued before (by this scheduler last time, or another one): that night is already done.
  if (!fresh || o.status === 'already_done') return { account, status: 'already_done', businessDate, runId: o.runId === undefined ? undefined : String(o.runId) };
  if (o.status === 'locked') return { account, status: 'locked', businessDate };
  return {
    account,
    status: 'done',
    businessDate,
    runId: String(o.runId),
    files: Number(o.files ?? 0),
    rowsStored: Number(o.rowsStored ?? 0),
    found: Number(o.found ?? 0),
    resolved: Number(o.resolved ?? 0),
  };
}
