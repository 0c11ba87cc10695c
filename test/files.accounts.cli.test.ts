/**
 * `--account` on the ingest side of the command line: with two accounts, ingest and files refuse to
 * guess, each account ingests, lists and retracts only its own files, and coverage speaks per account
 * (one, all, or a site's).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settlementCsv, writeTemp } from './helpers/fixtures.ts';
import { runCommands } from './helpers/run-cli.ts';
import { addTestAccount } from './helpers/test-accounts.ts';
import { createTestDb, type TestDb, testBackend } from './helpers/test-db.ts';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  await addTestAccount(t.deps, { id: 'ar', site: 'MLA' });
  await addTestAccount(t.deps, { id: 'br', site: 'MLB' });
});
afterAll(async () => t.close());

const at = (d: number) => `2026-11-0${d}T10:00:00.000-03:00`;
const mla = writeTemp(settlementCsv([{ ref: 'AR-1', payment: '1', amount: '10.00', at: at(1) }]));
const mlb = writeTemp(settlementCsv([{ ref: 'BR-1', payment: '2', amount: '10.00', currency: 'BRL', at: at(3) }]).replace(';MLA;', ';MLB;'));

// Server only: the embedded database serves one process at a time and what is checked is wording and exit codes.
describe.skipIf(testBackend() === 'embedded')('--account on ingest, files and coverage', () => {
  it('refuses to guess between accounts, and keeps each account to its own files', async () => {
    const { results, timedOut } = await runCommands(
      [
        ['ingest', mla],
        ['ingest', '--account', 'ar', mla, '--from', '2026-11-01', '--to', '2026-11-01'],
        ['ingest', '--account', 'br', mlb, '--from', '2026-11-03', '--to', '2026-11-04'],
        ['ingest', '--account', 'br', mla],
        ['files', 'list', '--account', 'br', '--format', 'json'],
        ['files', 'retract', '1', '--account', 'br', '--note', 'not yours'],
        ['coverage', '--account', 'all'],
        ['coverage', '--account', 'MLB', '--format', 'json'],
      ],
      t.cliEnv,
      { timeoutMs: 120_000 },
    );
    expect(timedOut).toBe(false);
    const [ambiguous, ar, br, wrongSite, brFiles, retract, all, bySite] = results;
    expect(ambiguous?.code).toBe(2);
    expect(ambiguous?.stderr).toContain('ACCOUNT_AMBIGUOUS');
    expect(ar?.stdout).toMatch(/-> file 1: read 1, stored 1/);
    expect(br?.stdout).toMatch(/-> file 2: read 1, stored 1/);
    expect(wrongSite?.code).toBe(1);
    expect(wrongSite?.stderr).toMatch(/SITE_MISMATCH: .*its SITE is MLA, but account br reconciles MLB/);
    expect((JSON.parse(brFiles?.stdout ?? '[]') as { id: string }[]).map((f) => f.id)).toEqual(['2']);
    expect(retract?.code).toBe(1);
    expect(retract?.stderr).toMatch(/REPORT_FILE_NOT_FOUND: report file 1 does not exist for account br/);
    expect(all?.stdout).toBe(
      'account ar:\n  settlement: 2026-11-01..2026-11-01, 1 of 1 days covered\n  release: no report ingested\n' +
        'account br:\n  settlement: 2026-11-03..2026-11-04, 2 of 2 days covered\n  release: no report ingested\n',
    );
    expect(JSON.parse(bySite?.stdout ?? '[]')).toEqual([
      expect.objectContaining({ kind: 'settlement', account: 'br', from: '2026-11-03', covered_days: 2 }),
      expect.objectContaining({ kind: 'release', account: 'br', from: null }),
    ]);
  }, 180_000);
});
