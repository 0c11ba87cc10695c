/**
 * `mp-recon schedule`: the long-running process that runs the nightly cycle on RECON_CRON, in the
 * merchant's timezone, with node-cron's noOverlap. Logs go to stderr as JSON (level info unless
 * LOG_LEVEL says otherwise). SIGTERM or SIGINT: no new cycle starts, a cycle in progress finishes the
 * step it is in and its run is marked failed with SHUTDOWN, the pool closes and the process exits 0;
 * a second signal exits at once. `--once` runs one cycle now and exits.
 */
import cron from 'node-cron';
import { type NightlyResult, nightlyCycle } from '../../jobs/nightly-cycle.ts';
import { stoppableSleep } from '../../src/acquire/stop-signal.ts';
import { assertSchemaInstalled } from '../../src/db/migrate.ts';
import { ReconError } from '../../src/errors.ts';
import type { Logger } from '../../src/log.ts';
import { openJobQueue, queueSettingsOf } from '../../src/queue/job-queue.ts';
import { MpApiError } from '../../src/mp/errors.ts';
import { acquireDeps } from '../acquire-support.ts';
import { stringFlag } from '../args.ts';
import type { Command } from '../command.ts';
import { onShutdown } from '../shutdown.ts';
import { startHeartbeatFile } from '../../src/util/heartbeat-file.ts';

export const scheduleCommand: Command = {
  usage: 'schedule [--once] [--heartbeat-file PATH]',
  flags: { once: { type: 'boolean' }, 'heartbeat-file': { type: 'string' } },
  flagHelp: [
    ['--once', 'run one nightly cycle now and exit (for operators and tests)'],
    ['--heartbeat-file PATH', 'touch PATH every 10 s while waiting for the next tick (for container healthchecks)'],
  ],
  details:
    'Each cycle fetches the reports of both kinds for yesterday (and for any of the RECON_REOPEN_DAYS days before\n' +
    'it that are not covered yet), then reconciles yesterday and those days again. Replicas are safe: one runs\n' +
    'the cycle, the others skip it (advisory lock), and a date already done is not done twice.\n' +
    'SIGTERM/SIGINT stop it gracefully (exit 0).',
  async run(ctx) {
    const base = await ctx.deps();
    await assertSchemaInstalled(base.conn);
    if (!base.config.logLevelGiven) base.log.level = 'info';
    const log = base.log.child({ component: 'schedule' });
    const stop = new AbortController();
    const sleep = stoppableSleep(stop.signal);
    const deps = acquireDeps(base, { sleep });
    // On a Postgres server each night's report chunks go through the job queue, so running workers share them.
    const queue = base.config.databaseUrl ? await openJobQueue(base.config.databaseUrl, base.conn.schema, queueSettingsOf(base.config)) : undefined;

    let failed: unknown;
    let current: Promise<NightlyResult | undefined> | undefined;
    const cycle = (): Promise<NightlyResult | undefined> => {
      if (stop.signal.aborted) return Promise.resolve(undefined);
      current = nightlyCycle(deps, { signal: stop.signal, queue }).catch((err: unknown) => {
        if (err instanceof ReconError && err.code === 'SHUTDOWN') {
          log.info('nightly cycle stopped by shutdown; its run is marked failed (SHUTDOWN)');
        } else {
          failed = err;
          log.error({ code: errorCode(err), message: (err as Error)?.message }, 'nightly cycle failed; the next tick tries again');
        }
        return undefined;
      });
      return current;
    };
    const stopped = onShutdown({ log, stopping: 'shutting down: no new cycle starts; the step in progress finishes', onFirst: () => stop.abort() });

    if (ctx.flags.once === true) {
      // A signal aborts `stop`, which ends the cycle at its next step boundary.
      const result = await cycle();
      stopped.dispose();
      await queue?.close();
      if (failed !== undefined) {
        ctx.err.write(`mp-recon schedule: error ${errorCode(failed)}: ${(failed as Error).message}\n`);
        return 1;
      }
      ctx.out.write(`${describe(result)}\n`);
      return 0;
    }

    const task = cron.schedule(deps.config.cron, () => cycle(), {
      name: 'mp-recon-nightly',
      timezone: deps.config.timezone,
      noOverlap: true,
      logger: cronLogger(log),
    });
    const heartbeatPath = stringFlag(ctx.flags, 'heartbeat-file');
    const heartbeat = heartbeatPath ? startHeartbeatFile(heartbeatPath) : undefined;
    task.on('execution:overlap', () => log.warn('the previous nightly cycle is still running; this tick is skipped'));
    log.info({ cron: deps.config.cron, timezone: deps.config.timezone, nextRun: task.getNextRun()?.toISOString() }, 'scheduler started');
    await stopped;
    heartbeat?.stop();
    await task.stop();
    await current;
    await task.destroy();
    stopped.dispose();
    await queue?.close();
    log.info('scheduler stopped');
    return 0;
  },
};

function describe(result: NightlyResult | undefined): string {
  if (!result) return 'nightly cycle stopped by a shutdown signal; its run is marked failed (SHUTDOWN)';
  if (result.status === 'locked') return `another mp-recon process is running the nightly cycle for ${result.businessDate}; nothing to do`;
  if (result.status === 'already_done') return `the nightly cycle for ${result.businessDate} already ran (run ${result.runId}); nothing to do`;
  const a = result.acquired;
  const c = result.reconciled;
  return (
    `nightly cycle for ${result.businessDate} (run ${result.runId}): fetched ${a.files.length} file(s) (${a.rowsStored} rows) for ${a.requestedDays} day(s); ` +
    `reconciled ${a.from}..${a.to} (run ${c.runId}): ${c.found} mismatch(es) found (${c.new} new), ${c.resolved} resolved`
  );
}

function errorCode(err: unknown): string {
  if (err instanceof ReconError || err instanceof MpApiError) return err.code;
  return 'UNEXPECTED';
}

/** node-cron's own messages (missed executions and the like) as JSON log lines. */
function cronLogger(log: Logger) {
  return {
    info: (message: string) => log.info(message),
    warn: (message: string) => log.warn(message),
    error: (message: string | Error, err?: Error) => log.error({ message: String(err?.message ?? message) }, 'node-cron error'),
    debug: (message: string | Error) => log.debug(String(message)),
  };
}
