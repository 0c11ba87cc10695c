/**
 * Use case: run one step job (ingest a file, reconcile a window, fetch a chunk, sync orders) taken from
 * the queue, by handing it to the use case it names, on the books of the account the job names. A
 * whole night is run-worker-job.ts's: a night fans its own steps out, so it cannot be one of them. The output is what the queue keeps as the job's result (counts
 * and ids, never rows or secrets).
 */
import { scopeToAccount } from '../src/accounts/account-scope.ts';
import { resolveAccounts } from '../src/accounts/resolve-accounts.ts';
import { ensureReportConfig } from '../src/acquire/ensure-config.ts';
import type { Deps, EngineDeps } from '../src/deps.ts';
import { ReconError } from '../src/errors.ts';
import { mpClientFromConfig } from '../src/mp/client-from-config.ts';
import { MpApiError } from '../src/mp/errors.ts';
import type { StageJob } from '../src/queue/queued-jobs.ts';
import { type AcquireDeps, fetchChunk } from './fetch-report-chunk.ts';
import { ingestFile } from './ingest-file.ts';
import { reconcileWindow } from './reconcile-window.ts';
import { syncPendingOrders } from './sync-orders.ts';

/**
 * `withMp` adds the Mercado Pago client (the account's token) only for the jobs that call Mercado
 * Pago, so a worker without tokens still ingests and reconciles.
 */
export async function runStageJob(engine: EngineDeps, job: StageJob, withMp: (deps: Deps) => AcquireDeps): Promise<Record<string, unknown>> {
  const deps = await jobAccountDeps(engine, job.data.account);
  switch (job.name) {
    case 'ingest-file': {
      const { account: _, ...request } = job.data;
      const result = await ingestFile(deps, request);
      return {
        status: result.status,
        reportFileId: result.reportFileId,
        rowsStored: result.rowsStored,
        rowsDuplicate: result.rowsDuplicate,
        rowsRejected: result.rowsRejected,
      };
    }
    case 'reconcile-window': {
      const { runId, ...counts } = await reconcileWindow(deps, { from: job.data.from, to: job.data.to });
      return { runId, ...counts };
    }
    case 'fetch-chunk': {
      const { kind, from, to, start, end, days, force } = job.data;
      const acquire = withMp(deps);
      // Cheap when the config exists (one GET), and a fresh worker may be the first to ask.
      await ensureReportConfig(acquire.mp, kind, acquire.log);
      const result = await fetchChunk(acquire, kind, { from, to, start: new Date(start), end: new Date(end), days }, { force });
      return { ...result };
    }
    case 'sync-orders': {
      const { failures: _, ...counts } = await syncPendingOrders(withMp(deps));
      return counts;
    }
  }
}

/** The job's account as this worker sees it now: a job of an account since removed fails for good. */
export async function jobAccountDeps(engine: EngineDeps, accountId: string): Promise<Deps> {
  if ('account' in engine && (engine as Deps).account.id === accountId) return engine as Deps;
  const [account] = await resolveAccounts(engine.conn.db, engine.config, accountId);
  if (!account) throw new ReconError('ACCOUNT_NOT_FOUND', `no account ${accountId}`);
  return scopeToAccount(engine, account);
}

/** The account's deps with a Mercado Pago client on its own token: for a job of an account its runner was not built for. */
export function withOwnClient(deps: Deps): AcquireDeps {
  return { ...deps, mp: mpClientFromConfig(deps.config, deps.log) };
}

/** Codes that say "try again later" rather than "this job cannot succeed as asked". */
const TRANSIENT_CODES = new Set(['DB_UNREACHABLE', 'DB_CONNECTION_LOST', 'RUN_IN_PROGRESS', 'EMBEDDED_BUSY']);

/** Whether a queued job that threw deserves another attempt (the queue retries it with backoff). */
export function isTransientFailure(err: unknown): boolean {
  if (err instanceof MpApiError) return err.retryable;
  if (err instanceof ReconError) return TRANSIENT_CODES.has(err.code);
  // Anything unexpected (a bug, a dropped socket) is retried: the job is safe to repeat.
  return true;
}
