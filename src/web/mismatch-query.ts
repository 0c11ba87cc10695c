/** The mismatch list's query string: filters, sort and page, parsed once and written back into links. */
import type { MismatchStatus } from '../db/database.ts';
import { type MismatchFilter, MISMATCH_SORTS, type MismatchSort } from '../mismatches/list-mismatches.ts';

export const PAGE_SIZE = 50;
const STATUSES = ['open', 'acknowledged', 'resolved', 'all'] as const;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export interface ListQuery {
  account: string;
  kind: string;
  status: MismatchStatus | 'all';
  from: string;
  to: string;
  assignee: string;
  q: string;
  sort: MismatchSort | '';
  page: number;
}

export function parseListQuery(raw: Record<string, unknown>): ListQuery {
  const text = (name: string) => (typeof raw[name] === 'string' ? (raw[name] as string).trim().slice(0, 200) : '');
  const status = text('status');
  const sort = text('sort');
  const sortKey = sort.replace(/^-/, '');
  return {
    account: text('account'),
    kind: text('kind'),
    status: (STATUSES as readonly string[]).includes(status) ? (status as ListQuery['status']) : 'open',
    from: DATE.test(text('from')) ? text('from') : '',
    to: DATE.test(text('to')) ? text('to') : '',
    assignee: text('assignee'),
    q: text('q'),
    sort: (MISMATCH_SORTS as readonly string[]).includes(sortKey) ? (sort as MismatchSort) : '',
    page: Math.max(1, Math.min(10_000, Number.parseInt(text('page'), 10) || 1)),
  };
}

export function toFilter(q: ListQuery, paged: boolean): MismatchFilter {
  const opt = (v: string) => v || undefined;
  return {
    status: q.status,
    accounts: q.account ? [q.account] : undefined,
    kind: opt(q.kind),
    from: opt(q.from),
    to: opt(q.to),
    assignee: opt(q.assignee),
    text: opt(q.q),
    sort: q.sort || undefined,
    ...(paged ? { limit: PAGE_SIZE + 1, offset: (q.page - 1) * PAGE_SIZE } : {}),
  };
}

export function queryString(q: ListQuery, change: Partial<ListQuery> = {}): string {
  const merged = { ...q, ...change };
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(merged)) {
    if (value === '' || (key === 'page' && value === 1) || (key === 'status' && value === 'open')) continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
