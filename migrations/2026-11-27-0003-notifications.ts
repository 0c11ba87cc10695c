/**
 * Order sync: the `notifications` table the receiver writes before it answers Mercado Pago (durable
 * record, dedupe, retry schedule), and the columns order sync and refunds need on the internal side:
 * order_payments learn MP's refunded amount and merchant order, refunds learn their reason, origin,
 * idempotency key and last error. Frozen in time: never import application code here.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table notifications (
      id bigserial primary key,
      dedupe_key text not null unique,
      channel text not null check (channel in ('ipn','webhook')),
      topic text not null,
      resource_id text,
      action text,
      query jsonb not null default '{}',
      body jsonb,
      request_id text,
      signature_valid boolean,
      status text not null default 'received' check (status in ('received','processed','failed','ignored','rejected')),
      deliveries integer not null default 1,
      attempts integer not null default 0,
      received_at timestamptz not null,
      last_received_at timestamptz not null,
      next_attempt_at timestamptz,
      processed_at timestamptz,
      last_error text
    );
    create index notifications_due_idx on notifications (next_attempt_at) where next_attempt_at is not null;
    comment on table notifications is 'Every notification Mercado Pago delivered to the receiver, one row per topic and resource; deliveries counts repeats.';
    comment on column notifications.dedupe_key is 'topic:resource_id (rejected ones: rejected:topic:resource_id): a repeated delivery updates this row.';
    comment on column notifications.status is 'received (to process), processed, failed (retried at next_attempt_at; given up when null), ignored (unknown topic), rejected (bad signature).';
    comment on column notifications.deliveries is 'How many times Mercado Pago delivered it; a delivery after processing makes it due again.';
    comment on column notifications.attempts is 'Processing attempts since the last delivery.';

    alter table order_payments add column amount_refunded numeric not null default 0;
    alter table order_payments add column mp_merchant_order_id text;

    alter table refunds add column reason text;
    alter table refunds add column origin text not null default 'import' check (origin in ('import','command','mercadopago'));
    alter table refunds add column idempotency_key text unique;
    alter table refunds add column last_error text;
    create index refunds_mp_refund_idx on refunds (mp_refund_id);

    create index orders_pending_idx on orders (created_at) where status = 'pending';
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop index if exists orders_pending_idx;
    drop index if exists refunds_mp_refund_idx;
    alter table refunds drop column if exists last_error, drop column if exists idempotency_key,
      drop column if exists origin, drop column if exists reason;
    alter table order_payments drop column if exists mp_merchant_order_id, drop column if exists amount_refunded;
    drop table if exists notifications;
  `.execute(db);
}
