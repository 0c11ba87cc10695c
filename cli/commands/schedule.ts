/**
 * `mp-recon schedule`: the long-running process that runs the nightly cycle on RECON_CRON, in the
 * merchant's timezone, with node-cron's noOverlap. Logs go to stderr as JSON (level info unless
 * LOG_LEVEL says otherwise). SIGTERM or SIGINT: no new cycle starts, a cycle in progress finishes the
 * step it is in and its run is marked failed with SHUTDOWN, the pool closes and the process exits 0;
 * a second signal exits at once. `--once` runs one cycle now and exits.
 */
import cron from 'node-cron';
import { type AccountNight, nightlyAllAccounts } from '../../jobs/nightly-all-accounts.ts';
import { stoppableSleep } from '../../src/acquire/stop-signal.ts';
import { assertSchemaInstalled } from '../../src/db/migrate.ts';
import type { Deps } from '../../src/deps.ts';
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
    'Each cycle, for every enabled account: fetch the reports of both kinds for its yesterday (and for any of the\n' +
    'RECON_REOPEN_DAYS days before it that are not covered yet), then reconcile yesterday and those days again.\n' +
    'On a Postgres server each account\'s night is a queued job (key nightly:<account>:<date>) that running workers\n' +
    'share. Replicas are safe: an account\'s night runs once (job key, advisory lock), and a date already done is\n' +
    'not done twice.\n' +
    'SIGTERM/SIGINT stop it gracefully (exit 0).',
  async run(ctx) {
    const engine = await ctx.engine();
    await assertSchemaInstalled(engine.conn);
    if (!engine.config.logLevelGiven) engine.log.level = 'info';
    const log = engine.log.child({ component: 'schedule' });
    const stop = new AbortController();
    const sleep = stoppableSleep(stop.signal);
    // On a Postgres server each account's night is a queued job, so running workers share the accounts.
    const queue = engine.config.databaseUrl ? await openJobQueue(engine.config.databaseUrl, engine.conn.schema, queueSettingsOf(engine.config)) : undefined;
    const withMp = (deps: Deps) => acquireDeps(deps, { sleep });

    let failed: unknown;
    let current: Promise<AccountNight[] | undefined> | undefined;
    const cycle = (): Promise<AccountNight[] | undefined> => {
      if (stop.signal.aborted) return Promise.resolve(undefined);
      current = nightlyAllAccounts(engine, { queue, signal: stop.signal, withMp })
        .then((nights) => {
          for (const n of nights) if (n.status === 'failed') log.error({ account: n.account, code: n.code, message: n.message }, 'nightly cycle failed; the next tick tries again');
          return nights;
        })
        .catch((err: unknown) => {
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
      const nights = await cycle();
      stopped.dispose();
      await queue?.close();
      if (failed !== undefined) {
        ctx.err.write(`mp-recon schedule: error ${errorCode(failed)}: ${(failed as Error).message}\n`);
        return 1;
      }
      ctx.out.write(`${describeNights(nights)}\n`);
      const failures = (nights ?? []).filter((n) => n.status === 'failed');
      for (const n of failures) if (n.status === 'failed') ctx.err.write(`mp-recon schedule: account ${n.account}: error ${n.code}: ${n.message}\n`);
      return failures.length > 0 ? 1 : 0;
    }

    const task = cron.schedule(engine.config.cron, () => cycle(), {
      name: 'mp-recon-nightly',
      timezone: engine.config.timezone,
      noOverlap: true,
      logger: cronLogger(log),
    });
    const heartbeatPath = stringFlag(ctx.flags, 'heartbeat-file');
    const heartbeat = heartbeatPath ? startHeartbeatFile(heartbeatPath) : undefined;
    task.on('execution:overlap', () => log.warn('the previous nightly cycle is still running; this tick is skipped'));
    log.info({ cron: engine.config.cron, timezone: engine.config.timezone, nextRun: task.getNextRun()?.toISOString() }, 'scheduler started');
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

/** One line per account; a lone account's line keeps the single-account wording. */
function describeNights(nights: readonly AccountNight[] | undefined): string {
  if (!nights) return 'nightly cycle stopped by a shutdown signal; its run is marked failed (SHUTDOWN)';
  if (nights.length === 0) return 'no enabled account: nothing to do (mp-recon accounts list)';
  const lines = nights.map((n) => (nights.length === 1 ? describeNight(n) : `${n.account}: ${describeNight(n)}`));
  return lines.join('\n');
}

function describeNight(n: AccountNight): string {
  if (n.status === 'done') {
    return `nightly cycle for ${n.businessDate} (run ${n.runId}): fetched ${n.files} file(s) (${n.rowsStored} rows); ${n.found} mismatch(es) found, ${n.resolved} resolved`;
  }
  if (n.status === 'failed') return `the nightly cycle for ${n.businessDate} failed: ${n.code}`;
  if (n.status === 'locked') return `another mp-recon process is running the nightly cycle for ${n.businessDate}; nothing to do`;
  return `the nightly cycle for ${n.businessDate} already ran${n.runId ? ` (run ${n.runId})` : ''}; nothing to do`;
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
