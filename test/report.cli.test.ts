import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultReportPath } from '../jobs/write-finance-report.ts';
import { runCli } from './helpers/run-cli.ts';
import { createTestDb, type TestDb } from './helpers/test-db.ts';

let t: TestDb;
let dir: string;
beforeAll(async () => {
  t = await createTestDb({}, { connect: false });
  dir = mkdtempSync(join(tmpdir(), 'mp-recon-report-cli-'));
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

const withoutEmbeddedNotice = (stderr: string) => stderr.replace(/^mp-recon: using the embedded database.*\n/m, '');

async function ok(args: string[]) {
  const r = await runCli(args, t.cliEnv);
  expect(r.code, r.stderr).toBe(0);
  return r;
}

describe('mp-recon report', () => {
  // Six spawned CLIs, each opening the database: on the embedded one that takes a while.
  it('writes the HTML file for the sample window and prints its path', { timeout: 240_000 }, async () => {
    for (const kind of ['orders', 'payments', 'refunds']) await ok(['import', kind, `samples/mla/${kind}.csv`]);
    await ok(['ingest', 'samples/mla/settlement-2026-11-01.csv', '--from', '2026-11-01', '--to', '2026-11-07']);
    const reconciled = (await ok(['reconcile', '--from', '2026-11-01', '--to', '2026-11-07'])).stdout;
    const found = Number(/mismatches: (\d+) found \((\d+) new/.exec(reconciled)?.[1]);
    expect(found).toBeGreaterThan(0);

    const out = join(dir, 'week.html');
    const r = await ok(['report', '--from', '2026-11-01', '--to', '2026-11-07', '--out', out]);
    expect(r.stdout).toBe(`${out}\n`);
    expect(withoutEmbeddedNotice(r.stderr)).toMatch(/^ {2}ARS: settled [\d,.]+, reconciled [\d,.]+, at risk [\d,.]+ \(\d+ open\)$/m);
    const page = readFileSync(out, 'utf8');
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain(`<h2>Open mismatches (${found})</h2>`);
    expect(page.match(/<tr data-mismatch-id=/g)).toHaveLength(found);
  });

  it('names the default file after the window', () => {
    expect(defaultReportPath('2026-11-01', '2026-11-07')).toBe('mp-recon-report-2026-11-01-2026-11-07.html');
  });

  it('refuses a missing or reversed window with a usage error and writes nothing', async () => {
    const missing = await runCli(['report', '--from', '2026-11-01', '--out', join(dir, 'no.html')], t.cliEnv);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/both --from and --to are required/);
    const reversed = await runCli(['report', '--from', '2026-11-07', '--to', '2026-11-01', '--out', join(dir, 'no.html')], t.cliEnv);
    expect(reversed.code).toBe(2);
    expect(reversed.stderr).toMatch(/BAD_DATE_RANGE/);
    expect(existsSync(join(dir, 'no.html'))).toBe(false);
  });

  it('is listed in the help', async () => {
    const help = await runCli(['--help']);
    expect(help.stdout).toMatch(/^ {2}report +write the finance summary/m);
  });
});
