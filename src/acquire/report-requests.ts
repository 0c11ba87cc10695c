/**
 * What each account asked Mercado Pago for. A report file on disk is reused (ingested instead of asked
 * for again) only when this database recorded the account's request for its kind and days, MP's name
 * for the file, and, once it was downloaded whole, its sha256. A file another database or account left
 * in the same directory (an old `./.mp-recon` under a fresh database) is never taken for this one's.
 *
 * A request whose download was renamed into place but not yet recorded (the process died in between)
 * is still recognised by MP's file name: downloads appear under their final name only when complete.
 */
import type { Deps } from '../deps.ts';
import type { ReportKind } from '../parse/parse-report.ts';
import { inspectFile } from '../parse/decode.ts';
import type { Chunk } from './plan-chunks.ts';
import type { StoredReport } from './report-store.ts';

/** `taskId` is absent when MP's create answered without one (the task was then found by its dates). */
export async function recordRequest(deps: Deps, kind: ReportKind, chunk: Chunk, taskId: string | number | undefined): Promise<string> {
  const row = await deps.conn.db
    .insertInto('report_requests')
    .values({ account_id: deps.account.id, kind, site: deps.config.site, covers_from: chunk.from, covers_to: chunk.to, mp_task_id: taskId === undefined ? null : String(taskId), file_name: null, sha256: null, downloaded_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function recordReady(deps: Deps, requestId: string, fileName: string): Promise<void> {
  await deps.conn.db.updateTable('report_requests').set({ file_name: fileName }).where('account_id', '=', deps.account.id).where('id', '=', requestId).execute();
}

export async function recordDownloaded(deps: Deps, requestId: string, sha256: string): Promise<void> {
  await deps.conn.db
    .updateTable('report_requests')
    .set({ sha256, downloaded_at: new Date() })
    .where('account_id', '=', deps.account.id)
    .where('id', '=', requestId)
    .execute();
}

/** The first of `candidates` (kept downloads of this chunk, newest first) that the account asked for. */
export async function requestedDownload(deps: Deps, kind: ReportKind, chunk: Chunk, candidates: readonly StoredReport[]): Promise<StoredReport | undefined> {
  if (candidates.length === 0) return undefined;
  const requests = await deps.conn.db
    .selectFrom('report_requests')
    .select(['id', 'file_name', 'sha256'])
    .where('account_id', '=', deps.account.id)
    .where('kind', '=', kind)
    .where('covers_from', '=', chunk.from)
    .where('covers_to', '=', chunk.to)
    .where('file_name', 'is not', null)
    .execute();
  for (const candidate of candidates) {
    for (const request of requests.filter((r) => r.file_name === candidate.mpFileName)) {
      const { sha256 } = await inspectFile(candidate.path, candidate.mpFileName);
      if (request.sha256 === null) await recordDownloaded(deps, request.id, sha256);
      else if (request.sha256 !== sha256) continue;
      return candidate;
    }
  }
  if (candidates.length > 0) deps.log.warn({ kind, chunk: `${chunk.from}..${chunk.to}`, files: candidates.length }, 'kept report files this database did not ask for are ignored');
  return undefined;
}
