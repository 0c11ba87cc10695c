/**
 * Use case: backfill a range of business dates: acquire both report kinds for the days not yet covered
 * (every day with `force`), then reconcile the whole range. Resumable: a backfill that stopped half-way
 * is simply run again with the same dates, and only the chunks still missing are requested. One runner
 * at a time (advisory lock `backfill`); its runs row carries the acquisition counts and the
 * reconciliation's own run id.
 */
import { type ExclusiveResult, runExclusive } from '../src/runs/exclusive-run.ts';
import { throwIfStopping } from '../src/acquire/stop-signal.ts';
import { withCycleAlert } from '../src/alerts/send-alert.ts';
import { assertRange } from '../src/util/dates.ts';
import { type AcquireCounts, type AcquireDeps, type AcquireRequest, acquireRange } from './acquire-reports.ts';
import { type ReconcileCounts, reconcileWindow } from './reconcile-window.ts';

export interface BackfillRequest extends Omit<AcquireRequest, 'kind'> {}

export interface BackfillCounts extends Record<string, unknown> {
  readonly acquired: AcquireCounts;
  readonly reconciled: ReconcileCounts & { readonly runId: string };
}

export type BackfillResult = ExclusiveResult<BackfillCounts>;

export function backfill(deps: AcquireDeps, request: BackfillRequest): Promise<BackfillResult> {
  assertRange(request.from, request.to);
  const steps = () =>
    runExclusive(deps, 'backfill', { account: deps.account.id, from: request.from, to: request.to }, async () => {
      const acquired = await acquireRange(deps, { ...request, kind: 'both' });
      throwIfStopping(request.signal, `reconciling ${request.from}..${request.to}`);
      const reconciled = await reconcileWindow(deps, { from: request.from, to: request.to });
      return { acquired, reconciled };
    });
  return withCycleAlert(deps, { job: 'backfill', from: request.from, to: request.to }, steps);
}
