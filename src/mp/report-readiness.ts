/**
 * Which list item is our task, and whether it is ready, in every shape MP documents. The API reference
 * shows items with a `status` (`pending`, `processed`, `deleted`); the reports guide shows older items
 * with no status at all, only `id`, `begin_date`, `end_date`, `file_name`, `created_from` and
 * `date_created`. So a task is matched by id, else by its dates among manual tasks, and it is ready
 * when it has a `file_name` and either no status or `processed`.
 */
import type { ReportTask } from './report-types.ts';

/** What we know of the task we asked for: its id when create answered with one, always its dates. */
export interface TaskRef {
  readonly id?: number | string | undefined;
  readonly begin_date?: string | undefined;
  readonly end_date?: string | undefined;
}

export type Readiness = { readonly state: 'ready'; readonly fileName: string } | { readonly state: 'failed'; readonly status: string } | { readonly state: 'pending'; readonly status: string };

/** Statuses that end a task without a file. `deleted` is what disabling a schedule shows. */
export const FAILED_STATUSES: ReadonlySet<string> = new Set(['error', 'failed', 'deleted', 'cancelled', 'canceled', 'rejected', 'expired']);

export function matchTask(items: readonly ReportTask[], ref: TaskRef): ReportTask | undefined {
  if (ref.id !== undefined && ref.id !== null && String(ref.id) !== '') {
    const byId = items.find((t) => String(t.id) === String(ref.id));
    if (byId) return byId;
  }
  const begin = instant(ref.begin_date);
  const end = instant(ref.end_date);
  if (begin === undefined || end === undefined) return undefined;
  // Several manual tasks for the same dates (an earlier run asked too): the newest is ours.
  const same = items.filter((t) => t.created_from === 'manual' && instant(t.begin_date) === begin && instant(t.end_date) === end);
  return same.sort((a, b) => (instant(b.date_created ?? b.generation_date) ?? 0) - (instant(a.date_created ?? a.generation_date) ?? 0))[0];
}

export function readinessOf(task: ReportTask): Readiness {
  const status = typeof task.status === 'string' && task.status !== '' ? task.status : undefined;
  if (status !== undefined && FAILED_STATUSES.has(status)) return { state: 'failed', status };
  const fileName = typeof task.file_name === 'string' && task.file_name !== '' ? task.file_name : undefined;
  if (fileName !== undefined && (status === undefined || status === 'processed')) return { state: 'ready', fileName };
  return { state: 'pending', status: status ?? (fileName ? 'unknown' : 'no file yet') };
}

function instant(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}
