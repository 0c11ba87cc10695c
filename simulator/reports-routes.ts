/**
 * The reconciliation reports API (§2), identical for settlement_report and release_report:
 * config POST/GET/PUT, manual creation (202 task; 400 invalid_begin_date / invalid_end_date /
 * end_date_before_begin_date; > 60 days → 400 or 203 by quirk; 203 by fault), list, schedule on/off and
 * download by file name (404 not_found; numeric task id → 403 by default, as observed).
 */
import { formatDisplayDate } from './display-time.ts';
import { csvFile, fail, json, mpError, notFound, parseJson, type SimResponse } from './http-io.ts';
import { isReportKind, type ReportKind } from './report-columns.ts';
import { createConfig, effectiveConfig, updateConfig } from './report-config.ts';
import type { KindState, TaskFate } from './account-state.ts';
import { advanceTasks, createTask, listTasks } from './report-tasks.ts';
import type { ApiContext, RouteModule } from './router.ts';

const DAY_MS = 86_400_000;
const MAX_RANGE_MS = 60 * DAY_MS;
const UTC_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

export const reportRoutes: RouteModule = (router) => {
  router.api('POST', '/v1/account/:kind/config', (ctx) => {
    const { kind, ks } = target(ctx);
    if (ks.config) fail(409, 'conflict', 'Duplicated id', [{ code: 'duplicated_id', description: `${kind} config already exists; use PUT to change it` }]);
    ks.config = createConfig(kind, parseJson(ctx.body), ctx.state.quirks);
    return json(201, ks.config);
  });

  router.api('GET', '/v1/account/:kind/config', (ctx) => {
    const { kind, ks } = target(ctx);
    return ks.config ? json(200, ks.config) : notFound(`/account/${kind}/config/`);
  });

  router.api('PUT', '/v1/account/:kind/config', (ctx) => {
    const { kind, ks } = target(ctx);
    if (!ks.config) return notFound(`/account/${kind}/config/`);
    ks.config = updateConfig(kind, ks.config, parseJson(ctx.body), ctx.state.quirks);
    return json(200, ks.config);
  });

  router.api('POST', '/v1/account/:kind/schedule', (ctx) => {
    const { kind, ks } = target(ctx);
    if (!ks.config) return notFound(`/account/${kind}/config/`);
    const pending = ks.tasks.find((t) => t.record.created_from === 'schedule' && t.record.status === 'pending');
    if (pending) return json(200, pending.record);
    ks.config = { ...ks.config, scheduled: true };
    const task = createTask(ctx.state, ctx.account, kind, nextPeriod(ctx, ks), 'schedule', { kind: 'stuck' });
    return json(200, task.record);
  });

  router.api('DELETE', '/v1/account/:kind/schedule', (ctx) => {
    const { kind, ks } = target(ctx);
    if (!ks.config) return notFound(`/account/${kind}/config/`);
    ks.config = { ...ks.config, scheduled: false };
    const pending = ks.tasks.find((t) => t.record.created_from === 'schedule' && t.record.status === 'pending');
    if (!pending) return notFound(`/account/${kind}/schedule/`);
    pending.record.status = 'deleted';
    pending.record.last_modified = formatDisplayDate(ctx.state.now(), effectiveConfig(ks.config).zone);
    return json(200, pending.record);
  });

  router.api('GET', '/v1/account/:kind/list', (ctx) => {
    const { kind } = target(ctx);
    advanceTasks(ctx.state, ctx.account, kind, true);
    return json(200, listTasks(ctx.state, ctx.account, kind, { limit: intParam(ctx, 'limit', 1, 1000), offset: intParam(ctx, 'offset', 0, 1e9) }));
  });

  router.api('POST', '/v1/account/:kind', (ctx) => createReport(ctx));

  router.api('GET', '/v1/account/:kind/:fileName', (ctx) => {
    const { kind, ks } = target(ctx);
    const name = ctx.params.fileName ?? '';
    advanceTasks(ctx.state, ctx.account, kind, false);
    const body = ks.files.get(name);
    if (body) return csvFile(body);
    if (/^\d+$/.test(name) && ks.tasks.some((t) => String(t.record.id) === name) && ctx.state.quirks.numericIdDownload === 403) {
      return mpError(403, 'forbidden', 'Access denied: download reports by file_name.');
    }
    return notFound(`/account/${kind}/${name}/`);
  });
};

function createReport(ctx: ApiContext): SimResponse {
  const { kind, ks } = target(ctx);
  const body = parseJson(ctx.body) ?? {};
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return fail(400, 'bad_request', 'Body must be a JSON object.');
  const { begin_date: beginText, end_date: endText } = body as Record<string, unknown>;
  const begin = utcDate(beginText, 'invalid_begin_date', 'begin_date');
  const end = utcDate(endText, 'invalid_end_date', 'end_date');
  if (end <= begin) fail(400, 'end_date_before_begin_date', 'Begin date should be before end date.');
  const notCreated = () =>
    mpError(203, 'report_not_created', 'The report could not be created. Request it again with the dates indicated in the system.');
  if (end.getTime() - begin.getTime() > MAX_RANGE_MS) {
    if (ctx.state.quirks.over60Days === 'not_created') return notCreated();
    fail(400, 'invalid_date_range', 'The report period cannot be longer than 60 days.');
  }
  if (!ks.config && ctx.state.quirks.missingConfig === 'not_found') return notFound(`/account/${kind}/config/`);
  if (ctx.consumeFault(['not_created'])) return notCreated();
  const fault = ctx.consumeFault(['stuck_pending', 'report_error']);
  const fate: TaskFate =
    fault?.type === 'stuck_pending' ? { kind: 'stuck' } : fault?.type === 'report_error' ? { kind: 'error', status: fault.status ?? 'error' } : { kind: 'normal' };
  const task = createTask(ctx.state, ctx.account, kind, { begin, end }, 'manual', fate);
  if (ctx.state.quirks.createAnswersId) return json(202, task.record);
  const { id: _id, report_id: _reportId, ...withoutId } = task.record;
  return json(202, withoutId);
}

function target(ctx: ApiContext): { kind: ReportKind; ks: KindState } {
  const kind = ctx.params.kind ?? '';
  if (!isReportKind(kind)) fail(404, 'not_found', `Resource /account/${kind}/ not found.`);
  return { kind, ks: ctx.account.reports[kind] };
}

function utcDate(value: unknown, error: string, field: string): Date {
  if (value === undefined || value === null || value === '') return fail(400, error, `Must specify ${field} parameter.`);
  if (typeof value !== 'string' || !UTC_RE.test(value) || Number.isNaN(Date.parse(value))) {
    return fail(400, error, `Invalid ${field}: use ISO-8601 UTC, e.g. 2019-05-01T00:00:00Z.`);
  }
  return new Date(value);
}

function intParam(ctx: ApiContext, name: string, min: number, max: number): number | undefined {
  const text = ctx.query.get(name);
  if (text === null || text === '') return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) return fail(400, 'bad_request', `Invalid ${name}: must be an integer ≥ ${min}.`);
  return Math.min(n, max);
}

/** The next scheduled period: from the coming local midnight, one day / week / 30 days long. */
function nextPeriod(ctx: ApiContext, ks: KindState): { begin: Date; end: Date } {
  const config = ks.config ?? {};
  const zone = effectiveConfig({ columns: [], file_name_prefix: '', ...config }).zone;
  const now = ctx.state.now();
  const offsetMs = zone.offsetMinutes(now) * 60_000;
  const begin = new Date(Math.floor((now.getTime() + offsetMs) / DAY_MS) * DAY_MS + DAY_MS - offsetMs);
  const type = (config.frequency as { type?: string } | undefined)?.type;
  const days = type === 'weekly' ? 7 : type === 'monthly' ? 30 : 1;
  return { begin, end: new Date(begin.getTime() + days * DAY_MS) };
}
