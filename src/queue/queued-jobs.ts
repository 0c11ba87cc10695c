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

export type QueuedJob = IngestFileJob | ReconcileWindowJob;
export type QueuedJobName = QueuedJob['name'];

export const QUEUED_JOB_NAMES: readonly QueuedJobName[] = ['ingest-file', 'reconcile-window'];
