/**
 * The work a worker process can be handed: each job names one use case in jobs/ and carries only
 * plain JSON (paths, dates, kinds), never a connection or a secret, because it waits in a Postgres
 * table until some worker on some machine picks it up.
 */
import type { ReportKind } from '../parse/parse-report.ts';

export interface IngestFileJob {
  readonly name: 'ingest-file';
  readonly data: { readonly path: string; readonly kind?: ReportKind; readonly from?: string; readonly to?: string };
}

export interface ReconcileWindowJob {
  readonly name: 'reconcile-window';
  readonly data: { readonly from: string; readonly to: string };
}

/** One chunk of one report kind: request it from Mercado Pago, download it, ingest it (jobs/fetch-report-chunk.ts). */
export interface FetchChunkJob {
  readonly name: 'fetch-chunk';
  readonly data: {
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

export type QueuedJob = IngestFileJob | ReconcileWindowJob | FetchChunkJob;
export type QueuedJobName = QueuedJob['name'];

/** In the order a worker looks for work: finish what is under way (ingest, reconcile) before fetching more. */
export const QUEUED_JOB_NAMES: readonly QueuedJobName[] = ['ingest-file', 'reconcile-window', 'fetch-chunk'];
