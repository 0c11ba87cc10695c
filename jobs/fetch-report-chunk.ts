/**
 * One chunk of one report kind, from Mercado Pago to the database: create the report (a 203 "not
 * created" is asked again later, with backoff, a bounded number of times), wait until MP lists it as
 * processed, download it atomically next to the other kept reports, and ingest it with the chunk's
 * business dates as its declared coverage. Every step is safe to repeat: the download appears under its
 * final name only when complete, ingest is one transaction and a no-op for a file it has seen (same
 * sha256). A file downloaded by a run that died before ingesting it is ingested on the next run instead
 * of being requested again.
 */
import { rename } from 'node:fs/promises';
import type { Chunk } from '../src/acquire/plan-chunks.ts';
import { mpKind } from '../src/acquire/report-defaults.ts';
import { recordDownloaded, recordReady, recordRequest, requestedDownload } from '../src/acquire/report-requests.ts';
import { awaitChunkReport } from '../src/acquire/report-task-memory.ts';
import { downloadsOf, FAILED_SUFFIX, localName, removeStaleParts, reportDir } from '../src/acquire/report-store.ts';
import type { Deps } from '../src/deps.ts';
import { ReconError } from '../src/errors.ts';
import type { MpClient } from '../src/mp/client.ts';
import { MpApiError } from '../src/mp/errors.ts';
import type { ReportTask, WaitOptions } from '../src/mp/report-types.ts';
import type { ReportKind } from '../src/parse/parse-report.ts';
import { type IngestResult, ingestFile } from './ingest-file.ts';

export interface AcquireDeps extends Deps {
  readonly mp: MpClient;
  /** Waits between 203 retries and download retries; tests pass one that returns at once. */
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface RetryPolicy {
  /** Attempts in total, the first included. */
  readonly attempts: number;
  readonly baseMs: number;
  readonly maxMs: number;
}

export interface ChunkOptions {
  readonly force: boolean;
  readonly wait?: WaitOptions;
  /** For 203 answers to report creation. Default 6 attempts, 30 s doubling up to 10 min. */
  readonly notCreated?: RetryPolicy;
  /** For downloads cut short (truncated body, stalled stream). Default 3 attempts from 2 s. */
  readonly download?: RetryPolicy;
}

export interface ChunkResult {
  readonly kind: ReportKind;
  readonly from: string;
  readonly to: string;
  readonly days: number;
  /** `resumed`: a file an earlier run downloaded but did not ingest. */
  readonly source: 'requested' | 'resumed';
  readonly taskId: string | undefined;
  readonly fileName: string;
  readonly path: string;
  readonly ingest: IngestResult;
}

const NOT_CREATED_DEFAULT: RetryPolicy = { attempts: 6, baseMs: 30_000, maxMs: 600_000 };
const DOWNLOAD_DEFAULT: RetryPolicy = { attempts: 3, baseMs: 2_000, maxMs: 30_000 };

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function fetchChunk(deps: AcquireDeps, kind: ReportKind, chunk: Chunk, options: ChunkOptions): Promise<ChunkResult> {
  const log = deps.log.child({ kind, chunk: `${chunk.from}..${chunk.to}` });
  const dir = reportDir(deps.config, deps.account.id, kind);
  // Wall-clock time, not deps.now(): it is compared with file modification times.
  await removeStaleParts(dir, chunk.from, chunk.to, Date.now());

  if (!options.force) {
    // Only a file this database asked for (report-requests.ts), never one found by its name alone.
    const left = await requestedDownload(deps, kind, chunk, await downloadsOf(dir, chunk.from, chunk.to));
    if (left) {
      log.info({ path: left.path }, 'ingesting a report an earlier run downloaded but did not ingest');
      const ingest = await ingestChunk(deps, kind, chunk, left.path, left.mpFileName);
      return { kind, from: chunk.from, to: chunk.to, days: chunk.days, source: 'resumed', taskId: undefined, fileName: left.mpFileName, path: left.path, ingest };
    }
  }

  const { taskId, ready } = await awaitChunkReport(deps, kind, chunk, () => createReport(deps, kind, chunk, options.notCreated ?? NOT_CREATED_DEFAULT), options.wait);
  // Recorded once MP names the file: only a file this database asked for is ever reused (report-requests.ts).
  const requestId = await recordRequest(deps, kind, chunk, taskId);
  await recordReady(deps, requestId, ready.file_name);
  const saveAs = localName(chunk.from, chunk.to, ready.file_name);
  const policy = options.download ?? DOWNLOAD_DEFAULT;
  const file = await retrying(deps, policy, isCutShort, () => deps.mp.reports.download(mpKind(kind), ready.file_name, dir, { saveAs }), (attempt, err) =>
    log.warn({ attempt, code: err.code }, 'report download cut short, downloading again'),
  );
  await recordDownloaded(deps, requestId, file.sha256);
  const ingest = await ingestChunk(deps, kind, chunk, file.path, ready.file_name);
  return { kind, from: chunk.from, to: chunk.to, days: chunk.days, source: 'requested', taskId, fileName: ready.file_name, path: file.path, ingest };
}

/**
 * Ingests a kept file. A file ingest refuses for what it holds (a missing column, say) is renamed
 * `.failed`: kept for inspection, but never resumed, so the next run asks MP for a fresh one.
 */
async function ingestChunk(deps: AcquireDeps, kind: ReportKind, chunk: Chunk, path: string, fileName: string): Promise<IngestResult> {
  try {
    return await ingestFile(deps, { path, kind, from: chunk.from, to: chunk.to, fileName });
  } catch (err) {
    if (err instanceof ReconError) {
      await rename(path, `${path}${FAILED_SUFFIX}`).catch(() => {});
      deps.log.warn({ kind, chunk: `${chunk.from}..${chunk.to}`, code: err.code, path: `${path}${FAILED_SUFFIX}` }, 'report file refused by ingest; kept aside');
    }
    throw err;
  }
}

/** POST the report; a 203 means MP did not create it and wants it asked again later. */
async function createReport(deps: AcquireDeps, kind: ReportKind, chunk: Chunk, policy: RetryPolicy): Promise<ReportTask> {
  try {
    return await retrying(
      deps,
      policy,
      (err) => err.code === 'MP_REPORT_NOT_CREATED',
      () => deps.mp.reports.create(mpKind(kind), { beginDate: chunk.start, endDate: chunk.end }),
      (attempt, _err, delayMs) => deps.log.warn({ kind, chunk: `${chunk.from}..${chunk.to}`, attempt, delayMs }, 'mp answered 203 (report not created); asking again later'),
    );
  } catch (err) {
    if (err instanceof MpApiError && err.code === 'MP_REPORT_NOT_CREATED') {
      throw new MpApiError(
        'MP_REPORT_NOT_CREATED',
        `Mercado Pago did not create the ${kind} report for ${chunk.from}..${chunk.to} (it answered 203 ${policy.attempts} times); ask again later`,
        { status: 203, method: err.method, path: err.path, attempts: policy.attempts, ...(err.mpError ? { mpError: err.mpError } : {}) },
      );
    }
    throw err;
  }
}

function isCutShort(err: MpApiError): boolean {
  return err.code === 'MP_TRUNCATED_DOWNLOAD' || err.code === 'MP_TIMEOUT';
}

/** Calls `work` until it succeeds, fails with an error `retry` rejects, or runs out of attempts. */
async function retrying<T>(
  deps: AcquireDeps,
  policy: RetryPolicy,
  retry: (err: MpApiError) => boolean,
  work: () => Promise<T>,
  onRetry: (attempt: number, err: MpApiError, delayMs: number) => void,
): Promise<T> {
  const sleep = deps.sleep ?? realSleep;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (err) {
      if (!(err instanceof MpApiError) || !retry(err) || attempt >= policy.attempts) throw err;
      const delayMs = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1));
      onRetry(attempt, err, delayMs);
      await sleep(delayMs);
    }
  }
}
