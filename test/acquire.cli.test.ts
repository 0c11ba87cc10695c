/**
 * The acquisition commands as an operator runs them: `mp-recon sandbox` in its own process (seeded
 * through its admin API), then the real `fetch` and `schedule` executables pointed at it with the
 * printed export line. Checks the per-chunk lines off a terminal, the lock message, one nightly cycle
 * with `--once` (JSON logs on stderr, no token), and a graceful SIGTERM of the long-running scheduler.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withJobLock } from '../src/runs/job-lock.ts';
import { addDays, businessDateOf } from '../src/util/dates.ts';
import { runCli } from './helpers/run-cli.ts';
import { createTestDb, type TestDb, testBackend } from './helpers/test-db.ts';

const BIN = fileURLToPath(new URL('../bin/mp-recon.js', import.meta.url));
const TZ = 'America/Argentina/Buenos_Aires';
const yesterday = addDays(businessDateOf(new Date(), TZ), -1);

let db: TestDb;
let sandbox: ChildProcess;
let env: Record<string, string>;
let token: string;

/** Starts a process and resolves once `pattern` shows up in what it wrote to `stream`. */
function startUntil(args: string[], extraEnv: Record<string, string>, stream: 'stdout' | 'stderr', pattern: RegExp) {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = { stdout: '', stderr: '' };
  const ready = new Promise<RegExpExecArray>((resolve, reject) => {
    for (const name of ['stdout', 'stderr'] as const) {
      child[name]?.on('data', (chunk: Buffer) => {
        output[name] += chunk.toString();
        const m = name === stream ? pattern.exec(output[name]) : null;
        if (m) resolve(m);
      });
    }
    child.once('exit', (code) => reject(new Error(`exited with ${code} before ready:\n${output.stdout}\n${output.stderr}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output, ready, exited };
}

beforeAll(async () => {
  // The embedded database serves one process at a time: leave it to the spawned commands.
  db = await createTestDb({}, { connect: testBackend() === 'postgres' });
  const started = startUntil(['sandbox'], { RECON_SITE: 'MLA' }, 'stdout', /export MP_BASE_URL=(\S+) MP_ACCESS_TOKEN=(\S+)/);
  sandbox = started.child;
  const [, url, printed] = await started.ready;
  token = printed as string;
  env = { RECON_DATA_DIR: mkdtempSync(join(tmpdir(), 'mp-recon-cli-')), ...db.cliEnv, MP_BASE_URL: url as string, MP_ACCESS_TOKEN: token, LOG_LEVEL: 'info' };
  const seeded = await fetch(`${url}/__sim/ledger`, {
    method: 'POST',
    body: JSON.stringify({
      accessToken: token,
      movements: [{ type: 'payment', id: '6001', externalReference: 'REF-CLI', amount: '250.00', fee: '10.00', approvedAt: `${yesterday}T10:00:00-03:00` }],
    }),
  });
  expect(seeded.status).toBe(201);
});
afterAll(async () => {
  sandbox?.kill('SIGTERM');
  await db?.close();
});

describe('acquisition commands', () => {
  it('fetch prints one line per chunk off a terminal, then a summary', async () => {
    const r = await runCli(['fetch', '--from', addDays(yesterday, -2), '--to', yesterday, '--kind', 'settlement'], env);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`\\[1/1\\] settlement ${addDays(yesterday, -2)}\\.\\.${yesterday}: mp-recon-settlement-\\S+\\.csv -> report file \\d+: stored 1 rows, rejected 0`));
    expect(r.stdout).toMatch(/settlement: 1 request\(s\) for 3 day\(s\), 0 already covered/);
    expect(r.stdout + r.stderr).not.toContain(token);
  });

  // Across processes only a Postgres server can hold the lock; the embedded case is in acquire.backfill.test.ts.
  it.skipIf(testBackend() === 'embedded')('fetch says another run holds the lock and exits 0', async () => {
    const held = await withJobLock(db.deps.conn, `fetch:${db.deps.account.id}`, () => runCli(['fetch', '--from', yesterday, '--to', yesterday], env));
    expect(held.acquired).toBe(true);
    if (!held.acquired) return;
    expect(held.value.code).toBe(0);
    expect(held.value.stdout).toContain('another mp-recon fetch is running');
  });

  it('schedule --once runs one nightly cycle, logging JSON at info on stderr, and a second --once finds it done', async () => {
    const r = await runCli(['schedule', '--once'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`nightly cycle for ${yesterday}`);
    const logs = r.stderr.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as { level: number; msg: string });
    expect(logs.some((l) => l.level === 30 && l.msg === 'nightly cycle done')).toBe(true);
    expect(r.stderr).not.toContain(token);

    const again = await runCli(['schedule', '--once'], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`the nightly cycle for ${yesterday} already ran`);
  });

  it('schedule waits for its cron tick and stops gracefully on SIGTERM', async () => {
    const scheduler = startUntil(['schedule'], { ...env, RECON_CRON: '30 4 * * *' }, 'stderr', /"msg":"scheduler started"/);
    await scheduler.ready;
    scheduler.child.kill('SIGTERM');
    expect(await scheduler.exited).toBe(0);
    expect(scheduler.output.stderr).toContain('"msg":"scheduler stopped"');
  });
});
