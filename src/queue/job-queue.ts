/**
 * The job queue: pg-boss 10 in a schema of its own next to mp-recon's (`<RECON_SCHEMA>_queue`), so
 * every worker on every machine that reaches the database shares it. pg-boss rather than
 * graphile-worker: a job a killed worker was running must come back after a lease we choose (pg-boss
 * fails an active job whose `expire_in` has passed, and retries it); graphile-worker keeps such a job
 * locked for four hours. The newest pg-boss and graphile-worker need Node 22; 10.x runs on Node 20.
 *
 * The lease must exceed the longest job (a 1M-row ingest takes under a minute here, a report fetch
 * waits for Mercado Pago), because a job still running when its lease ends is handed to another
 * worker too. That is safe (ingest is one transaction deduplicated by the file's sha256 under a lock,
 * reconcile is idempotent under its lock) but wasteful, hence the generous default.
 */
import PgBoss from 'pg-boss';
import type { Config } from '../config.ts';
import { ReconError } from '../errors.ts';
import { jobIdFor } from './job-key.ts';
import { QUEUED_JOB_NAMES, type QueuedJob, type QueuedJobName } from './queued-jobs.ts';

export interface QueueSettings {
  /** Seconds a job may run before the queue hands it to another worker. */
  readonly leaseSeconds: number;
  /** Attempts after the first (a failed or expired job waits retryDelaySeconds, doubling). */
  readonly retryLimit: number;
  readonly retryDelaySeconds: number;
  /** How often this process looks for expired jobs (pg-boss maintenance). */
  readonly maintenanceSeconds: number;
}

export const DEFAULT_QUEUE_SETTINGS: QueueSettings = {
  leaseSeconds: 1800,
  retryLimit: 3,
  retryDelaySeconds: 10,
  maintenanceSeconds: 30,
};

export interface FetchedJob {
  readonly id: string;
  readonly job: QueuedJob;
}

export interface EnqueueOutcome {
  readonly id: string;
  /** False when a job with the same key was already queued (or ran): nothing new was added. */
  readonly enqueued: boolean;
}

/** Where a job stands: `retry` waits for another attempt; completed, failed and cancelled are final. */
export type JobState = 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed';

export interface JobStatus {
  readonly state: JobState;
  /** What complete() or fail() recorded (for a lease that ran out: pg-boss's own message). */
  readonly output: Record<string, unknown> | null;
}

export interface JobQueue {
  readonly schema: string;
  /** Adds a job; with a key, a second enqueue of the same key is a no-op. */
  enqueue(job: QueuedJob, key?: string): Promise<EnqueueOutcome>;
  /** Adds a job unless one with the same name and data is still waiting or running (then returns that one). */
  enqueueUnlessOpen(job: QueuedJob): Promise<EnqueueOutcome>;
  /** Where each of these jobs stands, in one query (a job no longer kept is left out). */
  statuses(ids: readonly string[]): Promise<Map<string, JobStatus>>;
  /** Takes the next job of any kind, or undefined when none is waiting. */
  /** The next job of the first of `names` (default: every job) that has one waiting. */
  fetchNext(names?: readonly QueuedJobName[]): Promise<FetchedJob | undefined>;
  complete(fetched: FetchedJob, output: Record<string, unknown>): Promise<void>;
  /** Records a failure; `final` skips the remaining retries (the job's own answer will not change). */
  fail(fetched: FetchedJob, error: { code: string; message: string }, final: boolean): Promise<void>;
  close(): Promise<void>;
}

/** The queue's settings from the configuration (RECON_JOB_LEASE_SECONDS, RECON_QUEUE_MAINTENANCE_SECONDS). */
export function queueSettingsOf(config: Pick<Config, 'jobLeaseSeconds' | 'queueMaintenanceSeconds'>): QueueSettings {
  return { ...DEFAULT_QUEUE_SETTINGS, leaseSeconds: config.jobLeaseSeconds, maintenanceSeconds: config.queueMaintenanceSeconds };
}

export function queueSchemaFor(reconSchema: string): string {
  return `${reconSchema}_queue`;
}

export async function openJobQueue(
  databaseUrl: string | undefined,
  reconSchema: string,
  settings: QueueSettings = DEFAULT_QUEUE_SETTINGS,
): Promise<JobQueue> {
  if (!databaseUrl) {
    throw new ReconError(
      'QUEUE_NEEDS_SERVER',
      'the job queue lives in a Postgres server (set DATABASE_URL); on the embedded database every command runs its work in-process',
    );
  }
  const schema = queueSchemaFor(reconSchema);
  const boss = new PgBoss({
    connectionString: databaseUrl,
    schema,
    application_name: 'mp-recon-queue',
    max: 4,
    supervise: true,
    schedule: false,
    maintenanceIntervalSeconds: settings.maintenanceSeconds,
  });
  // pg-boss reports connection trouble as events; the caller's next call fails with the real error.
  boss.on('error', () => {});
  await boss.start();
  for (const name of QUEUED_JOB_NAMES) await ensureQueue(boss, name, settings);

  const queue: JobQueue = {
    schema,
    async enqueue(job, key) {
      const id = key === undefined ? undefined : jobIdFor(key);
      const lease = {
        expireInSeconds: settings.leaseSeconds,
        retryLimit: settings.retryLimit,
        retryDelay: settings.retryDelaySeconds,
        retryBackoff: true,
      };
      const sent = await boss.send(job.name, { ...job.data }, id === undefined ? lease : { ...lease, id });
      if (sent !== null) return { id: sent, enqueued: true };
      if (id === undefined) throw new ReconError('QUEUE_REFUSED', `the queue refused a ${job.name} job`);
      return { id, enqueued: false };
    },
    async enqueueUnlessOpen(job) {
      const open = await boss.getDb().executeSql(
        `select id from ${schema}.job where name = $1 and state < 'completed' and data = $2::jsonb order by created_on limit 1`,
        [job.name, JSON.stringify(job.data)],
      );
      const existing = open.rows[0] as { id: string } | undefined;
      if (existing) return { id: existing.id, enqueued: false };
      return queue.enqueue(job);
    },
    async statuses(ids) {
      // Completed jobs move to the archive table after a while: a long backfill still finds them there.
      const found = await boss.getDb().executeSql(
        `select id::text, state::text, output from ${schema}.job where id = any($1::uuid[])
         union all select id::text, state::text, output from ${schema}.archive where id = any($1::uuid[])`,
        [ids],
      );
      return new Map(
        (found.rows as { id: string; state: JobState; output: Record<string, unknown> | null }[]).map((r) => [r.id, { state: r.state, output: r.output ?? null }]),
      );
    },
    async fetchNext(names = QUEUED_JOB_NAMES) {
      for (const name of names) {
        const [found] = await boss.fetch<QueuedJob['data']>(name, { batchSize: 1 });
        if (found) return { id: found.id, job: { name, data: found.data } as QueuedJob };
      }
      return undefined;
    },
    async complete(fetched, output) {
      await boss.complete(fetched.job.name, fetched.id, output);
    },
    async fail(fetched, error, final) {
      // pg-boss retries a failed job while retry_count < retry_limit and has no "do not retry" call:
      // lowering the limit of this one job is the documented column doing exactly that.
      if (final) await boss.getDb().executeSql(`update ${schema}.job set retry_limit = retry_count where name = $1 and id = $2`, [fetched.job.name, fetched.id]);
      await boss.fail(fetched.job.name, fetched.id, error);
    },
    async close() {
      await boss.stop({ graceful: false, wait: true });
    },
  };
  return queue;
}

export type { QueuedJobName };

const PG_DEADLOCK = '40P01';

/**
 * Creates a job name's queue unless it exists. Two processes starting at once on a new database (a
 * backfill and a worker) can deadlock inside pg-boss's create_queue, which creates and attaches a
 * table per queue; Postgres aborts one of them, which simply tries again and finds the queue there.
 */
async function ensureQueue(boss: PgBoss, name: QueuedJobName, settings: QueueSettings): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    if (await boss.getQueue(name)) return;
    try {
      await boss.createQueue(name, {
        name,
        retryLimit: settings.retryLimit,
        retryDelay: settings.retryDelaySeconds,
        retryBackoff: true,
        expireInSeconds: settings.leaseSeconds,
      });
      return;
    } catch (err) {
      if ((err as { code?: string }).code !== PG_DEADLOCK || attempt >= 5) throw err;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}
