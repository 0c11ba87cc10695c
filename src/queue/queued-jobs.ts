/**
 * The work a worker process can be handed: each job names one use case in jobs/ and carries only
 * plain JSON (the account's id, paths, dates, kinds), never a connection or a secret, because it waits
 * in a Postgres table until some worker on some machine picks it up. The worker reads the account's
 * token from where the accounts table says, on its own machine.
 */
import type { ReportKind } from '../parse/parse-report.ts';

export interface IngestFileJob {
  readonly name: 'ingest-file';
  readonly data: { readonly account: string; readonly path: string; readonly kind?: ReportKind; readonly from?: string; readonly to?: string };
}

export interface ReconcileWindowJob {
  readonly name: 'reconcile-window';
  readonly data: { readonly account: string; readonly from: string; readonly to: string };
}

/** One chunk of one report kind: request it from Mercado Pago, download it, ingest it (jobs/fetch-report-chunk.ts). */
export interface FetchChunkJob {
  readonly name: 'fetch-chunk';
  readonly data: {
    readonly account: string;
    readonly kind: ReportKind;
    readonly from: string;
    readonly to: string;
    /** The chunk's UTC bounds as ISO instants (JSON has no dates). */
    readonly start: string;
    readonly end: string;
    readonly days: number;
    readonly force: boolean;
  };
}

/** One account's nightly cycle (jobs/nightly-cycle.ts) for the business date it ends on; enqueued by `schedule` under the key nightly:<account>:<date>. */
export interface NightlyCycleJob {
  readonly name: 'nightly-cycle';
  readonly data: { readonly account: string; readonly businessDate: string };
}

/** The contingency search of one account's pending orders at Mercado Pago (jobs/sync-orders.ts). */
export interface SyncOrdersJob {
  readonly name: 'sync-orders';
  readonly data: { readonly account: string };
}

export type QueuedJob = IngestFileJob | ReconcileWindowJob | FetchChunkJob | NightlyCycleJob | SyncOrdersJob;
export type QueuedJobName = QueuedJob['name'];

/** The jobs of one step of an account's work: what a backfill or a night spreads over the workers. */
export type StageJob = Exclude<QueuedJob, NightlyCycleJob>;
export const STAGE_JOB_NAMES: readonly StageJob['name'][] = ['ingest-file', 'reconcile-window', 'fetch-chunk', 'sync-orders'];

export function isStageJob(job: QueuedJob): job is StageJob {
  return job.name !== 'nightly-cycle';
}

/** In the order a worker looks for work: finish what is under way (ingest, reconcile) before fetching more, and before starting another account's night. */
export const QUEUED_JOB_NAMES: readonly QueuedJobName[] = ['ingest-file', 'reconcile-window', 'fetch-chunk', 'sync-orders', 'nightly-cycle'];
