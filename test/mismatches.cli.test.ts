/** The audit trail through the real CLI: assign, comment, show as JSON, and the list's new columns. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.ts';
import { createTestDb, type TestDb } from './helpers/test-db.ts';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb({}, { connect: false });
  for (const args of [
    ['import', 'orders', 'samples/mla/orders.csv'],
    ['import', 'payments', 'samples/mla/payments.csv'],
    ['ingest', 'samples/mla/settlement-2026-11-01.csv', '--from', '2026-11-01', '--to', '2026-11-07'],
    ['reconcile', '--from', '2026-11-01', '--to', '2026-11-07'],
  ]) {
    const r = await runCli(args, t.cliEnv);
    expect(r.code, r.stderr).toBe(0);
  }
}, 240_000);
afterAll(async () => t.close());

describe('mismatches on the command line', () => {
  it('assigns and comments with an actor, and show --format json returns the fields, evidence and events', async () => {
    const assigned = await runCli(['mismatches', 'assign', '3', '--to', 'bruno', '--actor', 'ana', '--note', 'yours'], t.cliEnv);
    expect(assigned.stdout).toBe('mismatch 3 assigned to bruno by ana\n');
    expect((await runCli(['mismatches', 'comment', '3', '--note', 'no actor flag'], t.cliEnv)).code).toBe(0);
    expect((await runCli(['mismatches', 'resolve', '3'], t.cliEnv)).code).toBe(2);

    const shown = await runCli(['mismatches', 'show', '3', '--format', 'json'], t.cliEnv);
    expect(shown.code, shown.stderr).toBe(0);
    const m = JSON.parse(shown.stdout);
    expect(m).toMatchObject({ id: '3', status: 'open', assignee: 'bruno', latest_note: 'no actor flag' });
    expect(m.evidence.report_file).toMatchObject({ kind: 'settlement', line: expect.any(Number) });
    expect(m.evidence).toHaveProperty('order');
    expect(m.evidence).toHaveProperty('payments');
    expect(m.evidence).toHaveProperty('refunds');
    expect(m.events.map((e: { actor: string; action: string; note: string | null }) => [e.actor, e.action, e.note])).toEqual([
      ['mp-recon', 'opened', null],
      ['ana', 'assigned', 'to bruno: yours'],
      [expect.any(String), 'commented', 'no actor flag'],
    ]);
    expect(m.events[2].actor).not.toBe('');

    const csv = await runCli(['mismatches', '--format', 'csv', '--assignee', 'bruno'], t.cliEnv);
    const [header, row, ...rest] = csv.stdout.trim().split('\r\n');
    expect(header).toMatch(/,assignee,latest_note$/);
    expect(row).toMatch(/^3,.*,bruno,no actor flag$/);
    expect(rest).toEqual([]);
    // Seven CLI processes in one test: generous on a busy machine.
  }, 240_000);
});
