/**
 * The contingency search's cursor: each order remembers when it was last looked up at Mercado Pago, so a
 * search takes the least recently synced orders first and no pile of abandoned orders starves newer
 * ones; orders older than the search window are marked stale and left out. Frozen in time.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table orders add column last_synced_at timestamptz;
    alter table orders add column sync_state text not null default 'active' check (sync_state in ('active','stale'));
    create index orders_sync_queue_idx on orders (site, last_synced_at nulls first, created_at) where status = 'pending' and sync_state = 'active';
    comment on column orders.last_synced_at is 'When the contingency search (or sync --order) last asked Mercado Pago about this order; null = never.';
    comment on column orders.sync_state is 'active, or stale: pending and older than RECON_SYNC_WINDOW_DAYS, no longer searched (sync --order still works).';
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop index orders_sync_queue_idx;
    alter table orders drop column sync_state;
    alter table orders drop column last_synced_at;
  `.execute(db);
}
