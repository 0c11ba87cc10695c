/**
 * `mp-recon worker`: takes jobs from the Postgres job queue and runs them, `--concurrency` at a time,
 * until SIGINT/SIGTERM (it finishes the running jobs, takes no new one and exits 0). Start as many as
 * you like, on as many machines as reach the database; a worker killed mid-job has that job retried
 * by another after its lease (docs/architecture.md). A worker serves every account: each job names its
 * account, and the worker reads that account's token where the accounts table says.
 */
import type { AcquireDeps } from '../../jobs/fetch-report-chunk.ts';
import { isTransientFailure } from '../../jobs/run-queued-job.ts';
import { runQueuedJob } from '../../jobs/run-worker-job.ts';
import { assertSchemaInstalled } from '../../src/db/migrate.ts';
import type { Deps } from '../../src/deps.ts';
import { openJobQueue, queueSettingsOf } from '../../src/queue/job-queue.ts';
import { startWorkLoop } from '../../src/queue/work-loop.ts';
import { acquireDeps } from '../acquire-support.ts';
import { integerFlag, stringFlag } from '../args.ts';
import type { Command } from '../command.ts';
import { onShutdown } from '../shutdown.ts';
import { startHeartbeatFile } from '../../src/util/heartbeat-file.ts';

export const workerCommand: Command = {
  usage: 'worker [--concurrency N] [--heartbeat-file PATH]',
  flags: { concurrency: { type: 'string' }, 'maintenance-seconds': { type: 'string' }, 'heartbeat-file': { type: 'string' } },
  flagHelp: [
    ['--concurrency N', 'jobs run at once by this process (default 2)'],
    ['--heartbeat-file PATH', 'touch PATH every 10 s while running (for container healthchecks)'],
    ['--maintenance-seconds N', 'how often this worker returns expired jobs to the queue (default RECON_QUEUE_MAINTENANCE_SECONDS, 30)'],
  ],
  details: [
    'Needs a Postgres server (DATABASE_URL): the queue lives in the schema <RECON_SCHEMA>_queue.',
    'On the embedded database there is no queue: every command runs its work in-process.',
  ].join('\n'),
  async run(ctx) {
    const concurrency = integerFlag(ctx.flags, 'concurrency', { min: 1, max: 64 }, 2);
    const deps = await ctx.engine();
    const maintenanceSeconds = integerFlag(ctx.flags, 'maintenance-seconds', { min: 1, max: 3_600 }, deps.config.queueMaintenanceSeconds);
    await assertSchemaInstalled(deps.conn);
    const queue = await openJobQueue(deps.config.databaseUrl, deps.conn.schema, { ...queueSettingsOf(deps.config), maintenanceSeconds });
    // One Mercado Pago client per account, built the first time one of its jobs needs it.
    const clients = new Map<string, AcquireDeps>();
    const withMp = (scoped: Deps): AcquireDeps => {
      const known = clients.get(scoped.account.id);
      if (known) return known;
      const made = acquireDeps(scoped);
      clients.set(scoped.account.id, made);
      return made;
    };
    const loop = startWorkLoop(queue, (job) => runQueuedJob(deps, job, withMp), {
      concurrency,
      pollMs: 1000,
      log: deps.log,
      isTransient: isTransientFailure,
      onEvent: (event) => {
        const what = `${event.job.name} ${JSON.stringify(event.job.data)}`;
        if (event.type === 'started') ctx.out.write(`started   ${event.id} ${what}\n`);
        else if (event.type === 'completed') ctx.out.write(`completed ${event.id} ${what}\n`);
        else ctx.out.write(`failed    ${event.id} ${what}: ${event.code}: ${event.message}\n`);
      },
    });
    const heartbeatPath = stringFlag(ctx.flags, 'heartbeat-file');
    const heartbeat = heartbeatPath ? startHeartbeatFile(heartbeatPath) : undefined;
    ctx.out.write(`worker: ${concurrency} slot(s) on queue ${queue.schema}; Ctrl-C stops after the running jobs\n`);
    // A second signal exits at once (1): the running jobs come back through the queue's lease.
    await onShutdown({ log: deps.log, stopping: 'worker stopping: the running jobs finish, no new one starts' });
    heartbeat?.stop();
    await loop.stop();
    await queue.close();
    ctx.err.write('worker stopped\n');
    return 0;
  },
};
