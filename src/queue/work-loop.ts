/**
 * A worker's main loop: `concurrency` slots, each taking the next job from the queue, running it and
 * marking it completed or failed. Stopping lets the running jobs finish and takes no new one; a job a
 * process never finishes (SIGKILL, a lost machine) comes back through the queue's lease instead.
 */
import { ReconError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { FetchedJob, JobQueue } from './job-queue.ts';
import type { QueuedJob, QueuedJobName } from './queued-jobs.ts';

export type RunJob = (job: QueuedJob) => Promise<Record<string, unknown>>;

export type WorkEvent =
  | { readonly type: 'started'; readonly id: string; readonly job: QueuedJob }
  | { readonly type: 'completed'; readonly id: string; readonly job: QueuedJob; readonly output: Record<string, unknown> }
  | { readonly type: 'failed'; readonly id: string; readonly job: QueuedJob; readonly code: string; readonly message: string };

export interface WorkLoopOptions {
  readonly concurrency: number;
  /** How long an idle slot waits before asking the queue again. */
  readonly pollMs: number;
  readonly log: Logger;
  /** True for a failure worth another attempt (a lost connection, a 5xx); others fail the job for good. */
  readonly isTransient: (err: unknown) => boolean;
  readonly onEvent?: (event: WorkEvent) => void;
  /** The jobs this loop takes (default: every job). */
  readonly names?: readonly QueuedJobName[] | undefined;
}

export interface WorkLoop {
  /** Takes no new job, waits for the running ones, resolves when every slot has ended. */
  stop(): Promise<void>;
}

export function startWorkLoop(queue: JobQueue, run: RunJob, options: WorkLoopOptions): WorkLoop {
  let stopping = false;
  let wake: (() => void) | undefined;
  const idle = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, options.pollMs);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  async function runOne(fetched: FetchedJob): Promise<void> {
    options.onEvent?.({ type: 'started', id: fetched.id, job: fetched.job });
    try {
      const output = await run(fetched.job);
      await queue.complete(fetched, output);
      options.onEvent?.({ type: 'completed', id: fetched.id, job: fetched.job, output });
    } catch (err) {
      const code = err instanceof ReconError ? err.code : 'JOB_FAILED';
      const message = err instanceof Error ? err.message : String(err);
      options.log.warn({ job: fetched.job.name, id: fetched.id, code }, `job failed: ${message}`);
      await queue.fail(fetched, { code, message }, !options.isTransient(err));
      options.onEvent?.({ type: 'failed', id: fetched.id, job: fetched.job, code, message });
    }
  }

  async function slot(): Promise<void> {
    while (!stopping) {
      try {
        const fetched = await queue.fetchNext(options.names);
        if (fetched) await runOne(fetched);
        else await idle();
      } catch (err) {
        // The queue itself failed (a lost connection): say so and try again after a pause. A job this
        // slot had taken and could not mark comes back through its lease.
        options.log.error({ code: (err as { code?: string })?.code }, `the job queue failed: ${(err as Error)?.message ?? String(err)}; retrying`);
        await idle();
      }
    }
  }

  const slots = Array.from({ length: Math.max(1, options.concurrency) }, () => slot());
  return {
    async stop() {
      stopping = true;
      wake?.();
      await Promise.allSettled(slots);
    },
  };
}
