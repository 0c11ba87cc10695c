import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ingestFile } from '../jobs/ingest-file.ts';
import { reconcileWindow } from '../jobs/reconcile-window.ts';
import { loadConfig } from '../src/config.ts';
import { type Connection, openConnection } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { inTransaction } from '../src/db/transaction.ts';
import type { Deps } from '../src/deps.ts';
import { createLogger } from '../src/log.ts';
import { withJobLock } from '../src/runs/job-lock.ts';
import { lockForTransaction, lockName } from '../src/runs/locks.ts';
import { settlementCsv, type SettlementRow, writeTemp } from './helpers/fixtures.ts';
import { createTestDb, type TestDb, testBackend } from './helpers/test-db.ts';

// Two installs in one database need a server: the embedded database is one process's, with one schema.
const onServer = testBackend() === 'postgres';

let t: TestDb;
let other: Connection | undefined;
let b: Deps;
beforeAll(async () => {
  t = await createTestDb();
  if (!onServer) return;
  const config = loadConfig({ LOG_LEVEL: 'silent', ...t.cliEnv, RECON_SCHEMA: 'recon_other' });
  other = await openConnection(config, createLogger({ level: 'silent' }));
  await migrateToLatest(other);
  b = { ...t.deps, conn: other, config };
});
afterAll(async () => {
  await other?.close();
  await t.close();
});
beforeEach(async () => t.reset());

const sale = (n: number): SettlementRow => ({ ref: `REF-${n}`, payment: `${n}`, amount: '10.00', fee: '-1.00', at: '2026-11-02T10:00:00.000-03:00' });
const window = { from: '2026-11-01', to: '2026-11-03' };

/** Holds one schema's transaction lock, as a running ingest or reconcile does, until `release` is called. */
async function holdLock(deps: Deps, purpose: 'ingest' | 'reconcile', kind?: string): Promise<{ release: () => Promise<void> }> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let taken!: () => void;
  const isTaken = new Promise<void>((resolve) => {
    taken = resolve;
  });
  const done = inTransaction(deps.conn, async (tx) => {
    await lockForTransaction(tx, deps.config.schema, purpose, deps.account.id, kind);
    taken();
    await released;
  });
  await isTaken;
  return {
    release: async () => {
      release();
      await done;
    },
  };
}

/** 'waiting' when the work has not finished within the time: it is queued behind a lock. */
const settledWithin = <T>(work: Promise<T>, ms: number): Promise<T | 'waiting'> =>
  Promise.race([work, new Promise<'waiting'>((resolve) => setTimeout(() => resolve('waiting'), ms))]);

it('names every lock by its schema', () => {
  expect(lockName('recon', 'reconcile', 'default')).not.toBe(lockName('recon_other', 'reconcile', 'default'));
  expect(lockName('recon', 'ingest', 'default', 'settlement')).toBe('mp-recon:recon:ingest:default:settlement');
});

describe.runIf(onServer)('locks across schemas', () => {
  it('gives each schema its own fetch runner and refuses a second one in the same schema', async () => {
    const outer = await withJobLock(t.deps.conn, 'fetch', async () => ({
      elsewhere: await withJobLock(b.conn, 'fetch', async () => 'ran'),
      same: await withJobLock(t.deps.conn, 'fetch', async () => 'ran'),
    }));
    expect(outer).toEqual({ acquired: true, value: { elsewhere: { acquired: true, value: 'ran' }, same: { acquired: false } } });
  });

  it('lets another schema ingest while one ingest holds its lock, and queues a second ingest of the same schema', async () => {
    const held = await holdLock(t.deps, 'ingest', 'settlement');
    try {
      const elsewhere = await settledWithin(ingestFile(b, { path: writeTemp(settlementCsv([sale(1)])) }), 10_000);
      expect(elsewhere).toMatchObject({ status: 'ingested', rowsStored: 1 });
      const same = ingestFile(t.deps, { path: writeTemp(settlementCsv([sale(2)])) });
      expect(await settledWithin(same, 500)).toBe('waiting');
      await held.release();
      expect(await same).toMatchObject({ status: 'ingested', rowsStored: 1 });
    } finally {
      await held.release();
    }
  });

  it('lets another schema reconcile while one reconciliation holds its lock, and queues a second of the same schema', async () => {
    await ingestFile(t.deps, { path: writeTemp(settlementCsv([sale(1)])) });
    await ingestFile(b, { path: writeTemp(settlementCsv([sale(1)])) });
    const held = await holdLock(t.deps, 'reconcile');
    try {
      const elsewhere = await settledWithin(reconcileWindow(b, window), 10_000);
      expect(elsewhere).toMatchObject({ rowsInWindow: 1, byKind: { payment_missing_internally: 1 } });
      const same = reconcileWindow(t.deps, window);
      expect(await settledWithin(same, 500)).toBe('waiting');
      await held.release();
      expect(await same).toMatchObject({ rowsInWindow: 1, byKind: { payment_missing_internally: 1 } });
    } finally {
      await held.release();
    }
  });
});
