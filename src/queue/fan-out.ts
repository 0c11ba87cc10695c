/**
 * Spreads a list of jobs over every worker: enqueues them (reusing any identical job still waiting or
 * running, so a backfill run again after a crash does not ask twice), works the queue in this process
 * too (so nothing hangs when no worker is running), and reports each job as it settles, whichever
 * process ran it. A failed job does not stop the others: what they fetch is kept, and the failure is
 * raised once every job has settled, so running the same command again continues from there.
 */
import { ReconError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { JobQueue, JobStatus } from './job-queue.ts';
import type { QueuedJob, QueuedJobName } from './queued-jobs.ts';
import { type RunJob, startWorkLoop } from './work-loop.ts';

export interface FanOutOptions {
  readonly queue: JobQueue;
  /** How this process runs a job it takes itself. */
  readonly run: RunJob;
  readonly isTransient: (err: unknown) => boolean;
  readonly log: Logger;
  readonly pollMs?: number;
  /** Aborted on shutdown: this process takes no new job; queued ones stay for the workers. */
  readonly signal?: AbortSignal | undefined;
  /**
   * A job key per job (job-key.ts): a job whose key was enqueued before, by anyone, is not enqueued
   * again but awaited. Without it, a job identical to one still open is reused.
   */
  readonly keyOf?: ((job: QueuedJob) => string) | undefined;
  /** Whether this process works the queue too (default yes); no when the caller runs its own work loop. */
  readonly workHere?: boolean | undefined;
  /** The jobs this process takes when it works the queue (default: every job). */
  readonly names?: readonly QueuedJobName[] | undefined;
}

export type Settled =
  | { readonly state: 'completed'; readonly output: Record<string, unknown> }
  | { readonly state: 'failed'; readonly code: string; readonly message: string };

/** `fresh`: this call enqueued the job; false when an earlier one had (a keyed job already done, or one still open). */
export type OnSettled = (job: QueuedJob, settled: Settled, fresh: boolean) => void;

export async function fanOut(jobs: readonly QueuedJob[], options: FanOutOptions, onSettled: OnSettled): Promise<void> {
  const pending = new Map<string, QueuedJob>();
  const fresh = new Set<string>();
  for (const job of jobs) {
    const { id, enqueued } = options.keyOf ? await options.queue.enqueue(job, options.keyOf(job)) : await options.queue.enqueueUnlessOpen(job);
    pending.set(id, job);
    if (enqueued) fresh.add(id);
  }
  const loop =
    options.workHere === false
      ? undefined
      : startWorkLoop(options.queue, options.run, {
          concurrency: 1,
          pollMs: options.pollMs ?? 500,
          log: options.log,
          isTransient: options.isTransient,
          names: options.names,
        });
  const failures: string[] = [];
  try {
    while (pending.size > 0) {
      if (options.signal?.aborted) {
        throw new ReconError('SHUTDOWN', `stopped with ${pending.size} job(s) still queued; workers finish them, or run the same command again`);
      }
      const statuses = await options.queue.statuses([...pending.keys()]);
      for (const [id, job] of [...pending]) {
        const status = statuses.get(id);
        const settled = status && settledOf(status);
        if (!settled) continue;
        pending.delete(id);
        if (settled.state === 'failed') failures.push(`${describe(job)}: ${settled.code}: ${settled.message}`);
        onSettled(job, settled, fresh.has(id));
      }
      if (pending.size > 0) await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 500));
    }
  } finally {
    await loop?.stop();
  }
  if (failures.length > 0) {
    throw new ReconError(
      'QUEUE_JOB_FAILED',
      `${failures.length} of ${jobs.length} job(s) failed after their retries (${failures.join('; ')}). What the others fetched is kept: run the same command again to continue.`,
    );
  }
}

function settledOf(status: JobStatus): Settled | undefined {
  if (status.state === 'completed') return { state: 'completed', output: status.output ?? {} };
  if (status.state === 'failed' || status.state === 'cancelled') {
    const output = status.output ?? {};
    const value = (output.value as Record<string, unknown> | undefined) ?? output;
    return { state: 'failed', code: String(value.code ?? (status.state === 'cancelled' ? 'JOB_CANCELLED' : 'JOB_EXPIRED')), message: String(value.message ?? status.state) };
  }
  return undefined;
}

function describe(job: QueuedJob): string {
  const account = job.data.account;
  if (job.name === 'fetch-chunk') return `${account} ${job.data.kind} ${job.data.from}..${job.data.to}`;
  if (job.name === 'ingest-file') return `${account} ${job.data.path}`;
  if (job.name === 'nightly-cycle') return `${account} nightly ${job.data.businessDate}`;
  if (job.name === 'sync-orders') return `${account} order sync`;
  return `${account} ${job.data.from}..${job.data.to}`;
}
