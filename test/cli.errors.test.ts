import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTemp } from './helpers/fixtures.ts';
import { runCli } from './helpers/run-cli.ts';
import { createTestDb, type TestDb } from './helpers/test-db.ts';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb({}, { connect: false });
});
afterAll(async () => t.close());

const cli = (args: string[], env: Record<string, string> = {}) => runCli(args, { ...t.cliEnv, ...env });

describe('the CLI explains what went wrong, with exit codes', () => {
  it('lists every command and environment variable in --help', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    for (const word of ['migrate', 'import', 'ingest', 'reconcile', 'mismatches', 'DATABASE_URL', 'RECON_SCHEMA', 'RECON_SITE', 'RECON_TIMEZONE', 'RECON_GRACE_HOURS']) {
      expect(r.stdout).toContain(word);
    }
    const sub = await cli(['reconcile', '--help']);
    expect(sub.stdout).toMatch(/--from D[\s\S]*--to D[\s\S]*--dry-run[\s\S]*RECON_GRACE_HOURS/);
  });

  it('rejects an unknown command with exit code 2', async () => {
    const r = await cli(['reconsile']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown command 'reconsile'/);
  });

  it('rejects an unknown flag and a bad date with exit code 2', async () => {
    expect((await cli(['reconcile', '--form', '2026-11-01'])).code).toBe(2);
    const bad = await cli(['reconcile', '--from', '2026-13-01', '--to', '2026-11-07']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/BAD_DATE: --from: '2026-13-01' is not a calendar date/);
    const reversed = await cli(['reconcile', '--from', '2026-11-07', '--to', '2026-11-01']);
    expect(reversed.stderr).toMatch(/BAD_DATE_RANGE/);
  });

  it('rejects an unknown site as a configuration error, exit code 2', async () => {
    const r = await cli(['migrate'], { RECON_SITE: 'MLX' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/UNKNOWN_SITE: RECON_SITE='MLX' is not a Mercado Pago site/);
  });

  it('names the missing column and the file, exit code 1', async () => {
    expect((await cli(['migrate'])).code).toBe(0);
    const path = writeTemp('EXTERNAL_REFERENCE;SOURCE_ID;TRANSACTION_TYPE;SETTLEMENT_DATE\n', 'settlement-nov.csv');
    const r = await cli(['ingest', path]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/settlement-nov\.csv.*HEADER_MISSING_COLUMN.*TRANSACTION_AMOUNT/);
  });

  it('lists each bad line of an import and imports nothing', async () => {
    const path = writeTemp('order_id,external_reference,site,currency,amount,status,created_at,paid_at\nA,R,MLA,ARS,1O.00,paid,2026-11-01T10:00:00Z,\n');
    const r = await cli(['import', 'orders', path]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${path}:2: amount '1O.00' is not an amount`);
    expect(r.stderr).toMatch(/IMPORT_INVALID_ROWS: .*1 bad row\(s\); nothing was imported/);
  });

  it('reports a missing file', async () => {
    const r = await cli(['ingest', '/nonexistent/report.csv']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/FILE_NOT_FOUND/);
  });

  it('says when the database cannot be reached, without printing the password', async () => {
    const r = await runCli(['migrate'], { DATABASE_URL: 'postgres://finance:hunter2@127.0.0.1:1/nope' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/DB_UNREACHABLE: cannot connect to Postgres at 127\.0\.0\.1:1\/nope/);
    expect(r.stderr).not.toContain('hunter2');
  });
});
