/**
 * The notifications table as a small durable queue. The receiver records a delivery before answering
 * MP; one row per topic and resource (dedupe_key), so a repeated delivery is recorded once and counted
 * (deliveries). A repeat after processing makes the row due again: MP re-notifies when the resource
 * changed, and processing always reads the resource's current state, so doing it again converges.
 *
 * The worker claims due rows (`for update skip locked`, a lease in next_attempt_at so a crash mid-way
 * only delays a row), then completes or fails them. Completion checks that no delivery arrived while it
 * worked (deliveries unchanged); otherwise the row stays due and is processed once more.
 *
 * A row belongs to the account its user_id routed it to (route-notification.ts), or to none. The
 * dedupe key names the account, so one account's row never absorbs another's delivery; the default
 * account keeps the bare key, as rows recorded before accounts existed have it. The worker is
 * engine-wide: it claims every account's due rows and processes each one for its own account.
 */
import { type Kysely, sql } from 'kysely';
import { DEFAULT_ACCOUNT_ID } from '../accounts/account.ts';
import type { Database } from '../db/database.ts';
import type { ParsedNotification } from './parse-notification.ts';

type Db = Kysely<Database>;

export interface Incoming {
  readonly notification: ParsedNotification;
  /** The account it was routed to; null when none has its user (then status is ignored or rejected). */
  readonly accountId: string | null;
  readonly requestId: string | null;
  /** null: no signature was checked (no secret, or an unsigned IPN). */
  readonly signatureValid: boolean | null;
  readonly status: 'received' | 'ignored' | 'rejected';
  readonly note: string | null;
}

export interface Recorded {
  readonly id: string;
  readonly duplicate: boolean;
}

/** `payment:123` (the default account), `br/payment:123`, `?/payment:123` (no account); `rejected:` before the topic when refused. */
export function dedupeKey(accountId: string | null, rejected: boolean, topic: string, resourceId: string | null): string {
  // Account ids never hold '/' or '?' (account.ts), so no account's key can be another's.
  const owner = accountId === DEFAULT_ACCOUNT_ID ? '' : `${accountId ?? '?'}/`;
  return `${owner}${rejected ? 'rejected:' : ''}${topic}:${resourceId ?? ''}`;
}

export async function recordNotification(db: Db, input: Incoming, now: Date): Promise<Recorded> {
  const n = input.notification;
  const key = dedupeKey(input.accountId, input.status === 'rejected', n.topic, n.resourceId);
  const received = input.status === 'received';
  const row = await sql<{ id: string; inserted: boolean }>`
    insert into notifications (account_id, dedupe_key, channel, topic, resource_id, action, query, body, request_id, signature_valid,
                               status, received_at, last_received_at, next_attempt_at, last_error)
    values (${input.accountId}, ${key}, ${n.channel}, ${n.topic}, ${n.resourceId}, ${n.action}, ${JSON.stringify(n.query)}::jsonb,
            ${n.body === null ? null : JSON.stringify(n.body)}::jsonb, ${input.requestId}, ${input.signatureValid},
            ${input.status}, ${now}, ${now}, ${received ? now : null}, ${input.note})
    on conflict (dedupe_key) do update set
      deliveries = notifications.deliveries + 1,
      last_received_at = excluded.last_received_at,
      channel = excluded.channel,
      action = coalesce(excluded.action, notifications.action),
      query = excluded.query,
      body = excluded.body,
      request_id = excluded.request_id,
      signature_valid = excluded.signature_valid,
      status = case when excluded.status = 'received' then 'received' else notifications.status end,
      attempts = case when excluded.status = 'received' then 0 else notifications.attempts end,
      next_attempt_at = case when excluded.status = 'received' then excluded.next_attempt_at else notifications.next_attempt_at end
    returning id, (xmax = 0) as inserted
  `.execute(db);
  const r = row.rows[0]!;
  return { id: r.id, duplicate: !r.inserted };
}

export interface Claimed {
  readonly id: string;
  /** Only routed rows are ever due, so a claimed row always has its account. */
  readonly accountId: string;
  readonly topic: string;
  readonly resourceId: string;
  readonly deliveries: number;
  readonly attempts: number;
}

/** Takes up to `limit` due rows, leasing them until now + leaseMs. */
export async function claimDue(db: Db, now: Date, limit: number, leaseMs: number): Promise<Claimed[]> {
  const rows = await sql<{ id: string; account_id: string; topic: string; resource_id: string; deliveries: number; attempts: number }>`
    update notifications set attempts = attempts + 1, next_attempt_at = ${new Date(now.getTime() + leaseMs)}
     where id in (select id from notifications
                   where status in ('received', 'failed') and next_attempt_at <= ${now} and resource_id is not null
                     and account_id is not null
                   order by next_attempt_at, id limit ${limit} for update skip locked)
    returning id, account_id, topic, resource_id, deliveries, attempts
  `.execute(db);
  return rows.rows.map((r) => ({ id: r.id, accountId: r.account_id, topic: r.topic, resourceId: r.resource_id, deliveries: r.deliveries, attempts: r.attempts }));
}

/** Done; unless a delivery came in meanwhile, which leaves it due now with a fresh budget. */
export async function completeNotification(db: Db, c: Claimed, now: Date, outcome: 'processed' | 'ignored', note: string | null): Promise<void> {
  await sql`
    update notifications
       set status = case when deliveries = ${c.deliveries} then ${outcome}::text else 'received' end,
           processed_at = ${now},
           next_attempt_at = case when deliveries = ${c.deliveries} then null else ${now}::timestamptz end,
           attempts = case when deliveries = ${c.deliveries} then attempts else 0 end,
           last_error = ${note}
     where id = ${c.id}
  `.execute(db);
}

/** Failed: retried at `retryAt`, or left failed for good when it is null. A delivery meanwhile makes it due now. */
export async function failNotification(db: Db, c: Claimed, now: Date, error: string, retryAt: Date | null): Promise<void> {
  await sql`
    update notifications
       set status = case when deliveries = ${c.deliveries} then 'failed' else 'received' end,
           next_attempt_at = case when deliveries = ${c.deliveries} then ${retryAt}::timestamptz else ${now}::timestamptz end,
           attempts = case when deliveries = ${c.deliveries} then attempts else 0 end,
           last_error = ${error.slice(0, 2000)}
     where id = ${c.id}
  `.execute(db);
}
