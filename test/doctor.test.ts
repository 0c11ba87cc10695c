/**
 * `mp-recon doctor` as a user runs it (the real executable) against the simulator over HTTP and the test
 * database: a healthy installation passes every line and exits 0; each broken piece fails its own line
 * with the fix (the site the token belongs to, the PUT that adds a report's missing columns, mp-recon
 * migrate, DATABASE_URL) and the command exits 1. The token never appears in the output.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultReportConfig } from '../src/acquire/report-defaults.ts';
import { type RunningSimulator, startSimulator } from '../simulator/server.ts';
import { runCli } from './helpers/run-cli.ts';
import { createTestDb, type TestDb } from './helpers/test-db.ts';

const TOKEN = 'APP_USR-4242-doctor-token-never-printed';
let sim: RunningSimulator;
let db: TestDb;

beforeAll(async () => {
  sim = await startSimulator();
  db = await createTestDb({}, { connect: false });
});
afterAll(async () => {
  await sim.close();
  await db.close();
});

async function configure(kind: 'settlement_report' | 'release_report', columns: readonly string[] | 'default'): Promise<void> {
  const body = defaultReportConfig(kind === 'settlement_report' ? 'settlement' : 'release');
  const res = await fetch(`${sim.url}/v1/account/${kind}/config`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(columns === 'default' ? body : { ...body, columns: columns.map((key) => ({ key })) }),
  });
  expect(res.status).toBe(201);
}

function doctor(env: Record<string, string>) {
  return runCli(['doctor'], { ...db.cliEnv, MP_BASE_URL: sim.url, MP_ACCESS_TOKEN: TOKEN, ...env });
}

describe('mp-recon doctor', () => {
  it('passes every line of a healthy installation and exits 0', async () => {
    sim.state.reset();
    sim.state.addAccount({ accessToken: TOKEN, siteId: 'MLA', userId: 4242 });
    await configure('settlement_report', 'default');
    await configure('release_report', 'default');
    const r = await doctor({ MP_WEBHOOK_SECRET: 'whsec-doctor' });
    expect(r.stdout).toMatch(/^ok {4}database .*schema /m);
    expect(r.stdout).toMatch(/^ok {4}migrations .*applied, latest 2026-/m);
    expect(r.stdout).toMatch(/^ok {4}token .*user 4242, site MLA/m);
    expect(r.stdout).toMatch(/^ok {4}settlement config /m);
    expect(r.stdout).toMatch(/^ok {4}release schedule .*off/m);
    expect(r.stdout).toMatch(/^ok {4}webhook secret .*not shown/m);
    expect(r.stdout).toContain('all checks passed');
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
    expect(r.code).toBe(0);
  });

  it('fails the lines that are wrong, each with its fix, and exits 1', async () => {
    sim.state.reset();
    sim.state.addAccount({ accessToken: TOKEN, siteId: 'MLB', userId: 4242 });
    await configure('settlement_report', ['SOURCE_ID', 'TRANSACTION_AMOUNT', 'SETTLEMENT_DATE']);
    const r = await doctor({ RECON_SITE: 'MLA' });
    expect(r.stdout).toMatch(/^FAIL {2}token .*site MLB, but RECON_SITE is MLA\n.*fix: set RECON_SITE=MLB/m);
    expect(r.stdout).toMatch(/^FAIL {2}settlement config .*lacks columns mp-recon needs: TRANSACTION_TYPE\n.*fix: PUT \/v1\/account\/settlement_report\/config with \{"columns": \[\{"key":"SOURCE_ID"\}.*\{"key":"TRANSACTION_TYPE"\}/m);
    expect(r.stdout).toMatch(/^FAIL {2}release config .*none at Mercado Pago\n.*fix: run mp-recon fetch/m);
    expect(r.stdout).toMatch(/^WARN {2}webhook secret .*\n.*fix: set MP_WEBHOOK_SECRET/m);
    expect(r.stdout).toContain('3 check(s) failed');
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
    expect(r.code).toBe(1);
  });

  it('says to migrate a schema that is not migrated', async () => {
    const fresh = await doctor({ RECON_SCHEMA: 'doctor_unmigrated' });
    expect(fresh.stdout).toMatch(/^FAIL {2}migrations .*not applied.*\n.*fix: run mp-recon migrate/m);
    expect(fresh.code).toBe(1);
  });

  it('says to check DATABASE_URL when the database is unreachable', async () => {
    const gone = await doctor({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nowhere' });
    expect(gone.stdout).toMatch(/^FAIL {2}database .*not reachable.*\n.*fix: check DATABASE_URL/m);
    expect(gone.code).toBe(1);
  });
});
