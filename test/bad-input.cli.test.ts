/**
 * Bad input and faults met through the real executable (issue 10): every command ends with one clear
 * error and the documented exit code, on both backends. Spawned processes are slow, so each test
 * batches its assertions; on the embedded database the spawns run one at a time (one process per
 * data directory).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { openConnection } from '../src/db/connection.ts';
import { createLogger } from '../src/log.ts';
import { ordersCsv, writeTemp } from './helpers/fixtures.ts';
import { type CliResult, type CommandResult, runCli, runCommands } from './helpers/run-cli.ts';
import { createTestDb, type TestDb, testBackend } from './helpers/test-db.ts';

// Configuration and usage errors are found before any database is opened: one backend is enough.
const databaseFree = it.runIf(testBackend() === 'postgres');

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb({}, { connect: false });
});
afterAll(async () => t.close());

const cli = (args: string[], env: Record<string, string> = {}, options = {}) => runCli(args, { ...t.cliEnv, ...env }, { timeoutMs: 60_000, ...options });

/**
 * Runs the spawns a few at a time on a server (the machine has few cores: all at once would starve
 * them into timeouts), one at a time on the embedded database (it serves one process).
 */
async function each(runs: readonly (() => Promise<CliResult>)[]): Promise<CliResult[]> {
  const width = t.backend === 'postgres' ? 3 : 1;
  const results: CliResult[] = new Array(runs.length);
  let next = 0;
  const worker = async () => {
    while (next < runs.length) {
      const i = next++;
      results[i] = await runs[i]!();
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
  return results;
}

/** The failure is told in exactly one `error CODE:` line, with no stack trace. */
function expectOneErrorLine(r: CliResult | CommandResult, what: string): void {
  expect(r.stderr.split('\n').filter((l) => / error [A-Z_]+: /.test(l)), what).toHaveLength(1);
  expect(r.stderr, what).not.toMatch(/\n\s+at /);
}

describe('every command exits after its error when the schema is missing', () => {
  it('prints SCHEMA_MISSING and exits 1 instead of hanging or retrying forever', async () => {
    const orders = writeTemp(ordersCsv([{ id: 'A', amount: '10.00' }]));
    const commands: string[][] = [
      ['import', 'orders', orders],
      ['ingest', 'samples/mla/settlement-2026-11-07.csv'],
      ['reconcile', '--from', '2026-11-01', '--to', '2026-11-02'],
      ['mismatches'],
      ['mismatches', '--format', 'csv'],
      ['mismatches', 'export'],
      ['mismatches', 'ack', '1', '--note', 'x'],
      ['report', '--from', '2026-11-01', '--to', '2026-11-02', '--out', join(tmpdir(), 'mp-recon-never-written.html')],
      ['sync'],
      ['refund', '1', '--amount', '1'],
      ['cancel', '1'],
      ['fetch', '--from', '2026-11-01', '--to', '2026-11-02'],
      ['backfill', '--from', '2026-11-01', '--to', '2026-11-02'],
      ['schedule'],
      ['serve', '--port', '0'],
    ];
    const env = { RECON_SCHEMA: 'recon_not_installed', MP_ACCESS_TOKEN: 'APP_USR-test', MP_BASE_URL: 'http://127.0.0.1:9' };
    // One process runs them all (start-up costs seconds per process); a command that hangs stops the list.
    const { results, timedOut, stderr } = await runCommands(commands, { ...t.cliEnv, ...env }, { timeoutMs: 150_000 });
    expect({ timedOut, ended: results.length, stderr }).toEqual({ timedOut: false, ended: commands.length, stderr: '' });
    for (const r of results) {
      const what = r.args.join(' ');
      expect(r.code, what).toBe(1);
      expect(r.stderr, what).toMatch(/error SCHEMA_MISSING: .*run mp-recon migrate first/);
      expectOneErrorLine(r, what);
    }
  }, 240_000);
});

describe('configuration and usage errors exit 2 with a code that says what to fix', () => {
  databaseFree('refuses reserved schema names, a bad setting in .env, and unknown mismatch kinds and statuses; the environment wins over .env', async () => {
    const withEnvFile = mkdtempSync(join(tmpdir(), 'mp-recon-env-'));
    writeFileSync(join(withEnvFile, '.env'), 'RECON_SITE=MLX\nRECON_GRACE_HOURS=24\n');
    const [pgCatalog, infoSchema, pub, badEnvFile, envWins, kindTypo, statusTypo] = await each([
      () => cli(['mismatches'], { RECON_SCHEMA: 'pg_catalog' }),
      () => cli(['mismatches'], { RECON_SCHEMA: 'information_schema' }),
      () => cli(['migrate'], { RECON_SCHEMA: 'public' }),
      () => cli(['mismatches'], {}, { cwd: withEnvFile }),
      () => cli(['mismatches', '--status', 'all'], { RECON_SITE: 'MLA' }, { cwd: withEnvFile }),
      () => cli(['mismatches', '--kind', 'amount_mismatches']),
      () => cli(['mismatches', '--status', 'opened']),
    ]);
    for (const r of [pgCatalog!, infoSchema!, pub!]) {
      expect(r.stderr).toMatch(/SCHEMA_RESERVED/);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/error SCHEMA_RESERVED: RECON_SCHEMA='(pg_catalog|information_schema|public)' is reserved/);
      expectOneErrorLine(r, 'reserved schema');
    }
    expect(badEnvFile!.code).toBe(2);
    expect(badEnvFile!.stderr).toMatch(/error UNKNOWN_SITE: RECON_SITE='MLX'/);
    expect(envWins!.code).toBe(0);
    expect(kindTypo!.code).toBe(2);
    expect(kindTypo!.stderr).toMatch(/--kind must be one of payment_missing_internally, .*amount_mismatch, .*payout_mismatch \(got 'amount_mismatches'\)/);
    expect(statusTypo!.code).toBe(2);
    expect(statusTypo!.stderr).toMatch(/--status must be one of open, acknowledged, resolved, all/);
  }, 180_000);

  databaseFree('says FILE_IS_DIRECTORY for ingest or import of a directory, exit 1', async () => {
    const [ingest, imported] = await each([() => cli(['ingest', 'samples/mla']), () => cli(['import', 'orders', 'samples/mla'])]);
    expect(ingest!.code).toBe(1);
    expect(ingest!.stderr).toMatch(/samples\/mla: error FILE_IS_DIRECTORY: samples\/mla is a directory; name the files in it/);
    expect(imported!.code).toBe(1);
    expect(imported!.stderr).toMatch(/error FILE_IS_DIRECTORY/);
  }, 120_000);
});

describe('mismatch output cannot act on the reader', () => {
  it('neutralises formulas in csv and export, keeps amounts numbers, and escapes terminal controls in the table', async () => {
    const conn = await openConnection(loadConfig({ LOG_LEVEL: 'silent', ...t.cliEnv }), createLogger({ level: 'silent' }));
    try {
      const run = await conn.pool.query<{ id: string }>(`insert into runs (account_id, job, status) values ('default', 'reconcile', 'succeeded') returning id`);
      await conn.pool.query(
        `insert into mismatches (account_id, kind, subject, site, currency, business_date, external_reference, order_id, mp_payment_id,
                                 expected_amount, actual_amount, difference, first_seen_run, last_seen_run)
         values ('default', 'amount_mismatch', 's1', 'MLA', 'ARS', '2026-11-03', $1, $2, '@SUM(A1:A9)', 25010.00, 25000.00, -10.00, $3, $3)`,
        ['=HYPERLINK("http://evil.example","x")', '+cmd|\' /C calc\'!A0', run.rows[0]!.id],
      );
      await conn.pool.query(
        `insert into mismatches (account_id, kind, subject, site, currency, business_date, external_reference, order_id,
                                 expected_amount, actual_amount, difference, first_seen_run, last_seen_run)
         values ('default', 'payment_missing_internally', 's2', 'MLA', 'ARS', '2026-11-04', $1, '-1', null, 5.00, 5.00, $2, $2)`,
        ['\u001b]0;pwned\u0007\u001b[2J\u009b31mred\u007f', run.rows[0]!.id],
      );
    } finally {
      await conn.close();
    }
    const { results } = await runCommands([['mismatches', '--format', 'csv'], ['mismatches', 'export'], ['mismatches']], t.cliEnv, { timeoutMs: 120_000 });
    const [csv, exported, table] = results;
    for (const r of [csv!, exported!]) {
      expect(r.code).toBe(0);
      const [header, first, second] = parse(r.stdout) as string[][];
      const cell = (row: string[] | undefined, column: string) => row![header!.indexOf(column)];
      expect(cell(first, 'external_reference')).toBe(`'=HYPERLINK("http://evil.example","x")`);
      expect(cell(first, 'order_id')).toBe(`'+cmd|' /C calc'!A0`);
      expect(cell(first, 'mp_payment_id')).toBe(`'@SUM(A1:A9)`);
      expect(cell(first, 'difference')).toBe('-10.00');
      expect(cell(first, 'expected_amount')).toBe('25010.00');
      expect(cell(second, 'order_id')).toBe(`'-1`);
    }
    expect(table!.code).toBe(0);
    expect([...table!.stdout].filter((ch) => ch !== '\n' && /\p{Cc}/u.test(ch))).toEqual([]);
    expect(table!.stdout).toContain('\\x1b]0;pwned\\x07\\x1b[2J\\x9b31mred\\x7f');
    expect(table!.stdout).toMatch(/-10\.00/);
  }, 120_000);
});
