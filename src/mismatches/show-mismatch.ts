/**
 * One mismatch with everything a person needs to decide: its fields, the evidence (report file and
 * line, the order, its payments, refunds and report rows) and its history. Amounts stay strings.
 * The evidence is read from the mismatch's own account only: another account may hold the same order
 * id, reference or payment id. Given an account, a mismatch of another account is not found.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { ReconError } from '../errors.ts';
import { notFound } from './act-on-mismatch.ts';
import { selectMismatchRecords } from './list-mismatches.ts';

const UTC = (column: string) => sql<string>`to_char(${sql.ref(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

export interface MismatchEvent {
  at: string;
  actor: string;
  action: string;
  note: string | null;
}

export interface MismatchEvidence {
  report_file: { id: string; file_name: string; kind: string; line: number | null } | null;
  order: Record<string, string | null> | null;
  payments: Record<string, string | null>[];
  refunds: Record<string, string | null>[];
  report_rows: Record<string, string | number | null>[];
}

export interface MismatchDetail {
  [field: string]: unknown;
  id: string;
  events: MismatchEvent[];
  evidence: MismatchEvidence;
}

export async function showMismatch(db: Kysely<Database>, id: string, account?: string): Promise<MismatchDetail> {
  if (!/^\d+$/.test(id)) throw new ReconError('USAGE', `mismatch id must be a number (got '${id}')`);
  let query = selectMismatchRecords(db)
    .select([
      'resolution',
      sql<string | null>`${UTC('resolved_at')}`.as('resolved_at'),
      sql<string | null>`report_file_id::text`.as('report_file_id'),
      'line',
    ])
    .where('id', '=', id);
  if (account !== undefined) query = query.where('account_id', '=', account);
  const m = await query.executeTakeFirst();
  if (!m) throw notFound(id, account);
  const events = await db
    .selectFrom('mismatch_events')
    .select([UTC('at').as('at'), 'actor', 'action', 'note'])
    .where('mismatch_id', '=', id)
    .orderBy('id')
    .execute();
  const { report_file_id, line, details, ...fields } = m;
  return { ...fields, details: details === null ? null : JSON.parse(details), evidence: await gatherEvidence(db, m.account_id!, m.order_id, m.mp_payment_id, m.external_reference, report_file_id, line), events };
}

async function gatherEvidence(
  db: Kysely<Database>,
  account: string,
  orderId: string | null,
  paymentId: string | null,
  reference: string | null,
  reportFileId: string | null,
  line: number | null,
): Promise<MismatchEvidence> {
  const file = reportFileId
    ? await db.selectFrom('report_files').select([sql<string>`id::text`.as('id'), 'file_name', 'kind']).where('account_id', '=', account).where('id', '=', reportFileId).executeTakeFirst()
    : undefined;
  const order = orderId
    ? await db
        .selectFrom('orders')
        .select(['order_id', 'external_reference', 'currency', sql<string>`amount::text`.as('amount'), 'status', UTC('paid_at').as('paid_at')])
        .where('account_id', '=', account)
        .where('order_id', '=', orderId)
        .executeTakeFirst()
    : undefined;
  const payments = await db
    .selectFrom('order_payments')
    .where('account_id', '=', account)
    .where((eb) => eb.or([...(orderId ? [eb('order_id', '=', orderId)] : []), ...(paymentId ? [eb('mp_payment_id', '=', paymentId)] : [])]))
    .select(['mp_payment_id', 'order_id', sql<string>`amount::text`.as('amount'), 'currency', 'status', UTC('approved_at').as('approved_at')])
    .orderBy('mp_payment_id')
    .execute();
  const refunds = orderId
    ? await db
        .selectFrom('refunds')
        .select(['refund_id', 'mp_payment_id', 'mp_refund_id', sql<string>`amount::text`.as('amount'), 'currency', 'status', UTC('created_at').as('created_at')])
        .where('account_id', '=', account)
        .where('order_id', '=', orderId)
        .orderBy('refund_id')
        .execute()
    : [];
  const reportRows = await db
    .selectFrom('mp_settlement_rows as r')
    .innerJoin('report_files as f', (join) => join.onRef('f.account_id', '=', 'r.account_id').onRef('f.id', '=', 'r.report_file_id'))
    .select(['f.file_name', 'r.line', 'r.transaction_type', 'r.source_id', sql<string>`r.transaction_amount::text`.as('amount'), 'r.transaction_currency as currency', UTC('r.booked_at').as('booked_at')])
    .where('r.account_id', '=', account)
    .where((eb) => eb.or([...(reference ? [eb('r.external_reference', '=', reference)] : []), ...(paymentId ? [eb('r.source_id', '=', paymentId)] : [])]))
    .orderBy('r.booked_at')
    .limit(50)
    .execute();
  return {
    report_file: file ? { ...file, line } : null,
    order: order ?? null,
    payments,
    refunds,
    report_rows: reportRows,
  };
}
