/**
 * The worker's loop on its own (a queue that is a plain object here: the real queue has its own tests
 * with real worker processes): a queue that fails for a moment does not end the loop, a job's own error
 * fails that job for good or for a retry as the classifier says, and stop waits for the running job.
 */
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { ReconError } from '../src/errors.ts';
import type { FetchedJob, JobQueue } from '../src/queue/job-queue.ts';
import { startWorkLoop } from '../src/queue/work-loop.ts';

const job = (id: string): FetchedJob => ({ id, job: { name: 'reconcile-window', data: { account: 'default', from: '2026-11-01', to: '2026-11-07' } } });

function queueOf(script: Array<FetchedJob | Error | undefined>) {
  const done: string[] = [];
  const failed: Array<{ id: string; code: string; final: boolean }> = [];
  const queue = {
    schema: 'recon_queue',
    async fetchNext() {
      const next = script.shift();
      if (next instanceof Error) throw next;
      return next;
    },
    async complete(f: FetchedJob) {
      done.push(f.id);
    },
    async fail(f: FetchedJob, error: { code: string }, final: boolean) {
      failed.push({ id: f.id, code: error.code, final });
    },
  } as unknown as JobQueue;
  return { queue, done, failed };
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
}

describe('the work loop', () => {
  it('outlives a queue that fails for a moment, and fails jobs for good or for a retry as told', async () => {
    const { queue, done, failed } = queueOf([new Error('connection terminated'), job('a'), job('b'), job('c')]);
    let calls = 0;
    const loop = startWorkLoop(
      queue,
      async () => {
        calls += 1;
        if (calls === 2) throw new ReconError('HEADER_MISSING_COLUMN', 'no EXTERNAL_REFERENCE');
        if (calls === 3) throw new Error('socket hang up');
        return {};
      },
      { concurrency: 1, pollMs: 1, log: pino({ level: 'silent' }), isTransient: (err) => !(err instanceof ReconError) },
    );
    await until(() => done.length + failed.length === 3);
    await loop.stop();
    expect(done).toEqual(['a']);
    expect(failed).toEqual([
      { id: 'b', code: 'HEADER_MISSING_COLUMN', final: true },
      { id: 'c', code: 'JOB_FAILED', final: false },
    ]);
  });
});
