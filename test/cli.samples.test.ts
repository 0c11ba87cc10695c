import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.ts';
import { createTestDb, type TestDb } from './helpers/test-db.ts';

const expected = JSON.parse(readFileSync(new URL('../samples/expected-mismatches.json', import.meta.url), 'utf8')) as Record<
  string,
  { kind: string; external_reference: string | null; order_id: string | null }[]
>;

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb({}, { connect: false });
});
afterAll(async () => t.close());

async function ok(args: string[], env: Record<string, string>) {
  const r = await runCli(args, { ...t.cliEnv, ...env });
  expect(r.stderr.replace(/^mp-recon: using the embedded database.*\n/m, '')).toBe('');
  expect(r.code).toBe(0);
  return r.stdout;
}

/** Each test starts the CLI up to ten times; on the embedded database every start opens PGlite. */
const CLI_RUNS_TIMEOUT = 240_000;

describe.each([
  ['mla', 'MLA', 'recon_mla', ['settlement-2026-11-01.csv', 'settlement-2026-11-07.csv']],
  ['mlb', 'MLB', 'recon_mlb', ['settlement-2026-11-01.csv']],
] as const)('the %s samples through the CLI', (dir, site, schema, reports) => {
  const env = { RECON_SITE: site, RECON_SCHEMA: schema };

  it('find exactly the planted mismatches', async () => {
    expect(await ok(['migrate'], env)).toMatch(/applied: 2026-11-27-0001-core/);
    for (const kind of ['orders', 'payments', 'refunds']) await ok(['import', kind, `samples/${dir}/${kind}.csv`], env);
    const ingested = await ok(['ingest', `samples/${dir}/${reports[0]}`, '--from', '2026-11-01', '--to', '2026-11-07'], env);
    expect(ingested).toMatch(/rejected 0/);
    for (const more of reports.slice(1)) expect(await ok(['ingest', `samples/${dir}/${more}`], env)).toMatch(/stored 0, duplicate \d+, rejected 0/);
    expect(await ok(['reconcile', '--from', '2026-11-01', '--to', '2026-11-07'], env)).toMatch(/mismatches: \d+ found/);

    const json = JSON.parse(await ok(['mismatches', '--format', 'json'], env)) as Record<string, unknown>[];
    const got = json.map((m) => ({ kind: m.kind, external_reference: m.external_reference, order_id: m.order_id }));
    const sort = (a: { kind: unknown; external_reference: unknown }, b: typeof a) =>
      `${a.kind}|${a.external_reference}`.localeCompare(`${b.kind}|${b.external_reference}`);
    expect(got.sort(sort)).toEqual([...expected[dir]!].sort(sort));
    for (const m of json) {
      expect(Object.keys(m)).toEqual(['id', 'kind', 'status', 'site', 'currency', 'business_date', 'external_reference', 'order_id', 'mp_payment_id', 'expected_amount', 'actual_amount', 'difference', 'first_seen_at', 'last_seen_at', 'details', 'assignee', 'latest_note']);
      for (const amount of ['expected_amount', 'actual_amount', 'difference']) expect(m[amount] === null || typeof m[amount] === 'string').toBe(true);
    }
  }, CLI_RUNS_TIMEOUT);

  it('do not duplicate anything when everything runs again', async () => {
    for (const kind of ['orders', 'payments', 'refunds']) await ok(['import', kind, `samples/${dir}/${kind}.csv`], env);
    expect(await ok(['ingest', `samples/${dir}/${reports[0]}`], env)).toMatch(/already ingested/);
    expect(await ok(['reconcile', '--from', '2026-11-01', '--to', '2026-11-07'], env)).toMatch(/\(0 new, 0 reopened, \d+ already open\), 0 resolved/);
    const csv = await ok(['mismatches', 'export'], env);
    expect(csv.trimEnd().split('\r\n')).toHaveLength(expected[dir]!.length + 1);
  }, CLI_RUNS_TIMEOUT);
});
