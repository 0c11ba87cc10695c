/**
 * The reconciliation reports API for both kinds (settlement_report, release_report): configuration,
 * manual generation (202 task; 203 = MP_REPORT_NOT_CREATED, ask again later), listing, schedule
 * on/off, waiting for a task and downloading its file. Report creation is safe to retry (a duplicate task
 * is harmless); config creation is not (a retry after a lost 201 would read as 409).
 */
import { downloadToFile } from './download.ts';
import type { MpHttp, MpRequest } from './http.ts';
import type {
  DownloadResult,
  ProcessedReportTask,
  ReportConfig,
  ReportKind,
  ReportTask,
  WaitOptions,
} from './report-types.ts';
import type { TaskRef } from './report-readiness.ts';
import { waitForReport } from './wait-for-report.ts';

export interface ReportRange {
  /** Inclusive start; a Date or an ISO-8601 UTC string ending in Z. */
  readonly beginDate: Date | string;
  /** End of the range; MP wants it after beginDate and at most 60 days later. */
  readonly endDate: Date | string;
}

export interface ListOptions {
  readonly limit?: number;
  readonly offset?: number;
}

export class ReportsApi {
  readonly #http: MpHttp;

  constructor(http: MpHttp) {
    this.#http = http;
  }

  async getConfig(kind: ReportKind): Promise<ReportConfig> {
    return this.object<ReportConfig>({ method: 'GET', path: `/v1/account/${kind}/config` });
  }

  /** First-time configuration (201). A second call fails with MP_CONFLICT: use updateConfig. */
  async createConfig(kind: ReportKind, config: ReportConfig): Promise<ReportConfig> {
    return this.object<ReportConfig>({ method: 'POST', path: `/v1/account/${kind}/config`, body: config });
  }

  /** To change `frequency` while scheduled, MP wants: disableSchedule → updateConfig → enableSchedule. */
  async updateConfig(kind: ReportKind, config: Partial<ReportConfig>): Promise<ReportConfig> {
    return this.object<ReportConfig>({ method: 'PUT', path: `/v1/account/${kind}/config`, body: config });
  }

  /** Asks MP to generate a report for [beginDate, endDate] (UTC). Resolves with the pending task (202). */
  async create(kind: ReportKind, range: ReportRange): Promise<ReportTask> {
    const req: MpRequest = {
      method: 'POST',
      path: `/v1/account/${kind}`,
      body: { begin_date: utcText(range.beginDate), end_date: utcText(range.endDate) },
      idempotent: true,
    };
    const res = await this.#http.json(req);
    if (res.status === 203) {
      const said = isRecord(res.body) && typeof res.body.message === 'string' ? `: ${res.body.message}` : '';
      throw this.#http.error('MP_REPORT_NOT_CREATED', req, `answered 203, the report was not created${said}; request it again later`, {
        status: 203,
        ...(isRecord(res.body) ? { mpError: res.body } : {}),
      });
    }
    return this.createdTask(res.body, range);
  }

  async list(kind: ReportKind, options: ListOptions = {}): Promise<ReportTask[]> {
    const req: MpRequest = { method: 'GET', path: `/v1/account/${kind}/list`, query: { limit: options.limit, offset: options.offset } };
    const { body } = await this.#http.json(req);
    if (!Array.isArray(body)) throw this.#http.error('MP_BAD_RESPONSE', req, 'did not answer with a JSON array of report tasks', { retryable: false });
    return body.map((item) => this.task(req, item));
  }

  /** Turns on automatic generation (config.scheduled = true); resolves with the next scheduled task. */
  async enableSchedule(kind: ReportKind): Promise<ReportTask> {
    const req: MpRequest = { method: 'POST', path: `/v1/account/${kind}/schedule`, idempotent: true };
    return this.task(req, (await this.#http.json(req)).body);
  }

  /** Turns it off; resolves with the cancelled task (`status: deleted`). */
  async disableSchedule(kind: ReportKind): Promise<ReportTask> {
    const req: MpRequest = { method: 'DELETE', path: `/v1/account/${kind}/schedule` };
    return this.task(req, (await this.#http.json(req)).body);
  }

  /**
   * Polls list() (every page) until the task has a file. `task` is what create answered, or an id, or
   * the dates of a manual task when create answered without an id.
   */
  waitForReport(kind: ReportKind, task: TaskRef | number | string, options: WaitOptions = {}): Promise<ProcessedReportTask> {
    const ref: TaskRef = typeof task === 'object' ? task : { id: task };
    return waitForReport(this.#http, (k, page) => this.list(k, page), kind, ref, options);
  }

  /**
   * Downloads `fileName` into `targetDir` (created if missing), atomically: the file appears under its
   * final name only when complete. `saveAs` overrides the local name.
   */
  download(kind: ReportKind, fileName: string, targetDir: string, options: { saveAs?: string } = {}): Promise<DownloadResult> {
    const req: MpRequest = { method: 'GET', path: `/v1/account/${kind}/${encodeURIComponent(fileName)}`, accept: 'text/csv' };
    return downloadToFile(this.#http, req, targetDir, options.saveAs ?? fileName);
  }

  private async object<T>(req: MpRequest): Promise<T> {
    const { body } = await this.#http.json(req);
    if (!isRecord(body)) throw this.#http.error('MP_BAD_RESPONSE', req, 'did not answer with a JSON object', { retryable: false });
    return body as T;
  }

  /**
   * Create's 202 answer. The reference shows a task with an id; if MP answers without one, the task is
   * found later by its dates (and created_from manual), so the dates we sent fill in what is missing.
   */
  private createdTask(value: unknown, range: ReportRange): ReportTask {
    const body = isRecord(value) ? value : {};
    const id = typeof body.id === 'number' || typeof body.id === 'string' ? body.id : '';
    return {
      ...body,
      id,
      begin_date: typeof body.begin_date === 'string' ? body.begin_date : utcText(range.beginDate),
      end_date: typeof body.end_date === 'string' ? body.end_date : utcText(range.endDate),
      created_from: typeof body.created_from === 'string' ? body.created_from : 'manual',
    };
  }

  private task(req: MpRequest, value: unknown): ReportTask {
    if (!isRecord(value) || (typeof value.id !== 'number' && typeof value.id !== 'string')) {
      throw this.#http.error('MP_BAD_RESPONSE', req, 'answered with something that is not a report task (no id)', { retryable: false });
    }
    return value as unknown as ReportTask;
  }
}

/** `2019-05-01T00:00:00Z`: whole seconds without milliseconds, as MP's examples write them. */
export function utcText(value: Date | string): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) throw new TypeError(`'${String(value)}' is not a date`);
  const iso = date.toISOString();
  return date.getUTCMilliseconds() === 0 ? `${iso.slice(0, 19)}Z` : iso;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
