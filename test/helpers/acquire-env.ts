/**
 * What the acquisition tests share: a simulator on a manual clock with one seeded account, a test
 * database, deps with an MP client whose sleeps return at once (and are recorded), a pino logger with
 * mp-recon's redaction writing into an array, and small readers of what ended up in the database.
 */
import { mkdtempSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { AcquireDeps } from '../../jobs/acquire-reports.ts';
import { reportDir } from '../../src/acquire/report-store.ts';
import type { Deps } from '../../src/deps.ts';
import { createLogger } from '../../src/log.ts';
import { MpClient, type MpClientOptions } from '../../src/mp/client.ts';
import { createManualClock, type ManualClock } from '../../simulator/clock.ts';
import { type RunningSimulator, startSimulator } from '../../simulator/server.ts';
import type { ReportKind as SimKind } from '../../simulator/report-columns.ts';
import { createTestDb, type TestDb } from './test-db.ts';

export const TOKEN = 'APP_USR-5550001112223334-acquire-secret-do-not-log';

export interface AcquireEnv {
  readonly sim: RunningSimulator;
  readonly clock: ManualClock;
  /** Every log line written by deps built here. */
  readonly logLines: string[];
  /** Every wait the client or the job asked for, in ms. */
  readonly sleeps: number[];
  /** Deps on `base` with a fresh reports directory, `now` fixed and the MP client pointed at the simulator. */
  deps(base: Deps, options?: { now?: string; client?: Partial<MpClientOptions> }): AcquireDeps;
  /** Report tasks the simulator created (202) for a kind. */
  created(kind: SimKind): number;
  close(): Promise<void>;
}

export async function startAcquireEnv(start = '2026-03-10T12:00:00Z'): Promise<AcquireEnv> {
  const clock = createManualClock(start);
  const sim = await startSimulator({ clock });
  const logLines: string[] = [];
  const sleeps: number[] = [];
  const log = createLogger({ level: 'trace', destination: { write: (line: string) => void logLines.push(line) } });
  const sleep = async (ms: number) => {
    sleeps.push(ms);
  };
  return {
    sim,
    clock,
    logLines,
    sleeps,
    deps(base, options = {}) {
      const dataDir = mkdtempSync(join(tmpdir(), 'mp-recon-acq-'));
      const config = { ...base.config, dataDir };
      const mp = new MpClient({ baseUrl: sim.url, accessToken: TOKEN, log, sleep, random: () => 0.5, ...options.client });
      const now = new Date(options.now ?? start);
      return { ...base, config, log, now: () => now, mp, sleep };
    },
    created(kind) {
      return sim.state.accountByToken(TOKEN)?.reports[kind].tasks.length ?? 0;
    },
    close: () => sim.close(),
  };
}

/** Resets the simulator to one MLA account holding `movements`. */
export function seedAccount(env: AcquireEnv, movements: readonly unknown[] = []): void {
  env.sim.state.reset();
  env.sim.state.addAccount({ accessToken: TOKEN, siteId: 'MLA' });
  if (movements.length > 0) env.sim.state.addMovements(TOKEN, movements);
}

/** A payment approved at `at` (local -03:00 time written in full). */
export function payment(id: string, ref: string, amount: string, at: string, fee = '0.00'): Record<string, unknown> {
  return { type: 'payment', id, externalReference: ref, amount, fee, approvedAt: at, releasedAt: at };
}

/** Files (not temp files) left in the account's reports directory of a kind. */
export async function filesIn(deps: Deps, kind: 'settlement' | 'release'): Promise<string[]> {
  return readdir(reportDir(deps.config, deps.account.id, kind)).catch(() => []);
}

export async function count(deps: Deps, table: 'report_files' | 'mp_settlement_rows' | 'mp_release_rows' | 'mismatches' | 'runs'): Promise<number> {
  const { rows } = await deps.conn.pool.query<{ n: string }>(`select count(*) as n from ${table}`);
  return Number(rows[0]?.n ?? 0);
}

/** What a run of the acquisition leaves behind, without ids, names or times that differ between runs. */
export async function snapshot(deps: Deps): Promise<unknown> {
  const q = async (sql: string) => (await deps.conn.pool.query(sql)).rows;
  return {
    files: await q(`select kind, sha256, bytes::text, to_char(covers_from, 'YYYY-MM-DD') as f, to_char(covers_to, 'YYYY-MM-DD') as t, rows_stored, rows_rejected
                      from report_files order by kind, covers_from, sha256`),
    settlement: await q('select natural_key, occurrence, line, transaction_type, transaction_amount::text, external_reference from mp_settlement_rows order by natural_key, occurrence'),
    release: await q('select natural_key, occurrence, line, record_type, net_credit_amount::text, net_debit_amount::text from mp_release_rows order by natural_key, occurrence'),
    mismatches: await q('select kind, status, external_reference, difference::text from mismatches order by kind, external_reference'),
  };
}

/**
 * A fetch that holds the first request (and every later one) until `release()`: lets a test start a
 * job, wait until it holds its lock (`arrived`), and run a second one against it.
 */
export function gatedFetch(): { fetch: typeof fetch; arrived: Promise<void>; release: () => void } {
  let signalArrival!: () => void;
  const arrived = new Promise<void>((resolve) => {
    signalArrival = resolve;
  });
  let release!: () => void;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const gated: typeof fetch = async (input, init) => {
    signalArrival();
    await gate;
    return fetch(input, init);
  };
  return { fetch: gated, arrived, release };
}

/** One simulator and one test database for a whole test file, closed after it; read them inside tests. */
export function useAcquireEnv(start = '2026-03-10T12:00:00Z'): { readonly env: AcquireEnv; readonly db: TestDb } {
  const held: { env?: AcquireEnv; db?: TestDb } = {};
  beforeAll(async () => {
    held.env = await startAcquireEnv(start);
    held.db = await createTestDb();
  });
  afterAll(async () => {
    await held.env?.close();
    await held.db?.close();
  });
  return {
    get env() {
      if (!held.env) throw new Error('useAcquireEnv: read env inside a test or hook');
      return held.env;
    },
    get db() {
      if (!held.db) throw new Error('useAcquireEnv: read db inside a test or hook');
      return held.db;
    },
  };
}
