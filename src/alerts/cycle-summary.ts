/**
 * What a nightly cycle or backfill of one account changed, for the alert: new, reopened and resolved
 * mismatches by kind (from the audit trail since the cycle started), money at risk per currency with
 * its change, failed runs with their codes, and the coverage gaps of the window. Only the account's:
 * another account's cycle running at the same time sends its own alert.
 */
import { Decimal } from 'decimal.js';
import { type Kysely, sql } from 'kysely';
import { reportCoverage } from '../finance/report-coverage.ts';
import type { Database } from '../db/database.ts';
import { type AtRisk, amountAtRisk } from '../finance/at-risk.ts';

export interface CycleSummary {
  account: string;
  job: string;
  window: { from: string; to: string };
  status: 'succeeded' | 'failed' | 'skipped';
  changes: { new: Record<string, number>; reopened: Record<string, number>; resolved: Record<string, number> };
  at_risk: { site: string; currency: string; amount: string; change: string }[];
  failed_steps: { job: string; run_id: string; error_code: string | null; error_message: string | null }[];
  coverage_gaps: { kind: string; from: string; to: string; days: number }[];
  ui_url: string | null;
  text: string;
}

export async function cycleSummary(
  db: Kysely<Database>,
  cycle: { account: string; job: string; from: string; to: string; startedAt: Date; riskBefore: readonly AtRisk[]; failed: boolean; skipped: boolean; uiUrl: string | undefined },
): Promise<CycleSummary> {
  const { rows: events } = await sql<{ action: string; kind: string; n: number }>`
    select e.action, m.kind, count(*)::int as n from mismatch_events e join mismatches m on m.id = e.mismatch_id
     where m.account_id = ${cycle.account} and e.at >= ${cycle.startedAt} and e.action in ('opened', 'reopened', 'auto_resolved', 'resolved') group by 1, 2 order by 1, 2`.execute(db);
  const changes: CycleSummary['changes'] = { new: {}, reopened: {}, resolved: {} };
  for (const e of events) {
    const bucket = e.action === 'opened' ? changes.new : e.action === 'reopened' ? changes.reopened : changes.resolved;
    bucket[e.kind] = (bucket[e.kind] ?? 0) + e.n;
  }
  const after = await amountAtRisk(db, { account: cycle.account });
  const key = (r: { site: string; currency: string }) => `${r.site} ${r.currency}`;
  const before = new Map(cycle.riskBefore.map((r) => [key(r), r.amount]));
  const keys = new Set([...after.map(key), ...before.keys()]);
  const at_risk = [...keys].sort().map((k) => {
    const [site, currency] = k.split(' ') as [string, string];
    const amount = after.find((r) => key(r) === k)?.amount ?? '0';
    return { site, currency, amount, change: new Decimal(amount).minus(before.get(k) ?? '0').toFixed() };
  });
  const failed_steps = (
    await db
      .selectFrom('runs')
      .select([sql<string>`id::text`.as('run_id'), 'job', 'error_code', 'error_message'])
      .where('account_id', '=', cycle.account)
      .where('status', '=', 'failed')
      .where('started_at', '>=', cycle.startedAt)
      .orderBy('id')
      .execute()
  ).map((r) => ({ job: r.job, run_id: r.run_id, error_code: r.error_code, error_message: r.error_message }));
  const coverage_gaps = (await reportCoverage(db, { accounts: [cycle.account], from: cycle.from, to: cycle.to })).flatMap((c) => c.gaps.map((g) => ({ kind: c.kind, ...g })));
  const summary = {
    account: cycle.account,
    job: cycle.job,
    window: { from: cycle.from, to: cycle.to },
    status: cycle.failed ? ('failed' as const) : cycle.skipped ? ('skipped' as const) : ('succeeded' as const),
    changes,
    at_risk,
    failed_steps,
    coverage_gaps,
    ui_url: cycle.uiUrl ? `${cycle.uiUrl}/mismatches?account=${encodeURIComponent(cycle.account)}` : null,
  };
  return { ...summary, text: alertText(summary) };
}

function alertText(s: Omit<CycleSummary, 'text'>): string {
  const count = (m: Record<string, number>) => Object.values(m).reduce((a, b) => a + b, 0);
  const byKind = (m: Record<string, number>) => Object.entries(m).map(([k, n]) => `${k} ${n}`).join(', ');
  const lines = [`*mp-recon ${s.job} ${s.account} ${s.window.from}..${s.window.to}: ${s.status}*`];
  for (const [label, m] of [['New', s.changes.new], ['Reopened', s.changes.reopened], ['Resolved', s.changes.resolved]] as const) {
    if (count(m) > 0) lines.push(`${label}: ${count(m)} (${byKind(m)})`);
  }
  if (count(s.changes.new) + count(s.changes.reopened) + count(s.changes.resolved) === 0) lines.push('No mismatch changed.');
  for (const r of s.at_risk) lines.push(`At risk ${r.site} ${r.currency} ${r.amount} (${r.change.startsWith('-') ? r.change : `+${r.change}`})`);
  for (const f of s.failed_steps) lines.push(`Failed: ${f.job} run ${f.run_id} ${f.error_code ?? ''}`.trimEnd());
  for (const g of s.coverage_gaps) lines.push(`Gap: ${g.kind} ${g.from === g.to ? g.from : `${g.from}..${g.to}`}`);
  if (s.ui_url) lines.push(`Open: ${s.ui_url}`);
  return lines.join('\n');
}
