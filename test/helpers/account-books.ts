/**
 * An account's books written straight into its tables (orders, payments, one settlement file and its
 * rows), for tests that put several accounts in one database and compare what each reconciles. Every
 * row names its account, as the real import and ingest write them; the same order ids, references
 * and payment ids may be used in several accounts on purpose.
 */
import type { Deps } from '../../src/deps.ts';
import { businessWindow } from '../../src/util/dates.ts';

export interface Books {
  readonly orders: readonly { id: string; amount: string; status?: 'paid' | 'pending'; paidAt?: string }[];
  readonly payments?: readonly { id: string; order: string; amount: string }[];
  /** One settlement file covering the window, with these rows. */
  readonly rows: readonly { ref?: string; payment: string; amount: string; at: string; type?: string }[];
  readonly window: { readonly from: string; readonly to: string };
}

let files = 0;

export async function writeBooks(deps: Deps, books: Books): Promise<void> {
  const db = deps.conn.db;
  const account = deps.account.id;
  const { site, currency, timezone } = deps.config;
  for (const o of books.orders) {
    const paidAt = o.status === 'pending' ? null : new Date(o.paidAt ?? '2026-11-03T10:00:00-03:00');
    await db
      .insertInto('orders')
      .values({ account_id: account, order_id: o.id, external_reference: `REF-${o.id}`, site, currency, amount: o.amount, status: o.status ?? 'paid', created_at: new Date('2026-11-01T00:00:00-03:00'), paid_at: paidAt, mp_merchant_order_id: null })
      .execute();
  }
  for (const p of books.payments ?? []) {
    await db
      .insertInto('order_payments')
      .values({ account_id: account, mp_payment_id: p.id, order_id: p.order, amount: p.amount, currency, status: 'approved', approved_at: new Date('2026-11-03T10:00:00-03:00') })
      .execute();
  }
  const { start, end } = businessWindow(books.window.from, books.window.to, timezone);
  const file = await db
    .insertInto('report_files')
    .values({
      account_id: account,
      kind: 'settlement',
      file_name: `${account}-settlement-${books.window.from}-${books.window.to}.csv`,
      sha256: `${account}-${++files}`,
      bytes: 1,
      site,
      covers_from: books.window.from,
      covers_to: books.window.to,
      covered_start: start,
      covered_end: end,
      separator: ';',
      header_style: 'upper',
      number_style: 'dot',
      retracted_at: null,
      retract_note: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  let line = 1;
  for (const r of books.rows) {
    line += 1;
    const type = r.type ?? 'SETTLEMENT';
    await db
      .insertInto('mp_settlement_rows')
      .values({
        account_id: account,
        report_file_id: file.id,
        line,
        natural_key: `${r.payment}:${type}:${line}`,
        occurrence: 1,
        booked_at: new Date(r.at),
        external_reference: r.ref ?? null,
        source_id: r.payment,
        user_id: null,
        site,
        transaction_type: type,
        payment_method: null,
        payment_method_type: null,
        transaction_amount: r.amount,
        transaction_currency: currency,
        transaction_date: new Date(r.at),
        fee_amount: '0',
        settlement_net_amount: r.amount,
        settlement_currency: currency,
        settlement_date: new Date(r.at),
        real_amount: null,
        coupon_amount: null,
        mkp_fee_amount: null,
        financing_fee_amount: null,
        shipping_fee_amount: null,
        taxes_amount: '0',
        installments: null,
        order_id: null,
        pack_id: null,
        money_release_date: null,
        description: null,
        extra: '{}',
      })
      .execute();
  }
}
