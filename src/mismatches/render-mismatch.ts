/** `mismatches show` for people: the mismatch's fields, its evidence and its history as plain text. */
import { toTable } from '../output/format-rows.ts';
import type { MismatchDetail } from './show-mismatch.ts';

const FIELDS = ['id', 'account_id', 'kind', 'status', 'site', 'currency', 'business_date', 'external_reference', 'order_id', 'mp_payment_id', 'expected_amount', 'actual_amount', 'difference', 'assignee', 'latest_note', 'resolution', 'resolved_at', 'first_seen_at', 'last_seen_at'];

export function renderMismatchText(m: MismatchDetail): string {
  const width = Math.max(...FIELDS.map((f) => f.length));
  const lines = FIELDS.map((f) => `${f.padEnd(width)}  ${m[f] ?? ''}`.trimEnd());
  const { evidence } = m;
  lines.push('', 'evidence:');
  lines.push(evidence.report_file ? `  report file ${evidence.report_file.file_name} (${evidence.report_file.kind}), line ${evidence.report_file.line ?? '-'}` : '  report file: none (the internal side only)');
  lines.push(evidence.order ? `  order ${evidence.order.order_id}: ${evidence.order.currency} ${evidence.order.amount}, ${evidence.order.status}` : '  order: none known');
  section(lines, 'payments', evidence.payments);
  section(lines, 'refunds', evidence.refunds);
  section(lines, 'report rows', evidence.report_rows);
  lines.push('', 'history:');
  if (m.events.length === 0) lines.push('  (no events)');
  else lines.push(indent(toTable(['at', 'actor', 'action', 'note'], m.events.map((e) => [e.at, e.actor, e.action, e.note]))));
  return `${lines.join('\n')}\n`;
}

function section(lines: string[], title: string, rows: readonly Record<string, string | number | null>[]): void {
  if (rows.length === 0) {
    lines.push(`  ${title}: none`);
    return;
  }
  const columns = Object.keys(rows[0]!);
  lines.push(`  ${title}:`, indent(toTable(columns, rows.map((r) => columns.map((c) => (r[c] === null || r[c] === undefined ? null : String(r[c])))), new Set(['amount']))));
}

const indent = (text: string) =>
  text
    .trimEnd()
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
