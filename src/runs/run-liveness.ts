/**
 * Which `running` runs still have a live process behind them, so any command that starts a run can
 * close out the ones a killed or crashed process left behind (ABANDONED) without touching a run
 * another process is still doing.
 *
 * On a server each process holds a session advisory lock per run it is running, on one connection of
 * its own outside the pool (the pool closes idle connections, which would drop the locks). A process
 * that dies, or loses that connection, drops them: a run whose lock can be taken has no owner. The
 * lock is taken inside the transaction that inserts the run, so no other process ever sees the run
 * unlocked while its owner lives. The embedded database serves one process: a running run this
 * process did not start was left by a dead one.
 */
import type { Kysely } from 'kysely';
import pg from 'pg';
import type { Database } from '../db/database.ts';
import { lockRun, tryLockRun, unlockRun } from './locks.ts';

export interface RunLiveness {
  /** Marks the run as this process's; call before the transaction that inserts it commits. */
  hold(runId: string): Promise<void>;
  /** The run ended: let it go. */
  release(runId: string): Promise<void>;
  /** True when no live process owns the run. */
  isOrphan(runId: string): Promise<boolean>;
  close(): Promise<void>;
}

const registry = new WeakMap<Kysely<Database>, RunLiveness>();

export function registerRunLiveness(db: Kysely<Database>, liveness: RunLiveness): void {
  registry.set(db, liveness);
}

/** Undefined for a Kysely instance built outside openConnection: its runs are not tracked. */
export function runLivenessOf(db: Kysely<Database>): RunLiveness | undefined {
  return registry.get(db);
}

export function inProcessRunLiveness(): RunLiveness {
  const held = new Set<string>();
  return {
    hold: async (runId) => void held.add(runId),
    release: async (runId) => void held.delete(runId),
    isOrphan: async (runId) => !held.has(runId),
    close: async () => held.clear(),
  };
}

export function serverRunLiveness(config: pg.ClientConfig, schema: string): RunLiveness {
  const held = new Set<string>();
  let client: Promise<pg.Client> | undefined;
  const connect = (): Promise<pg.Client> => {
    client ??= (async () => {
      const c = new pg.Client(config);
      // A lost connection (server restart, pg_terminate_backend) drops our locks with it; the runs
      // they guarded fail on their own connections. Forget it so the next run connects afresh.
      c.on('error', () => {
        client = undefined;
      });
      c.on('end', () => {
        client = undefined;
      });
      await c.connect();
      return c;
    })().catch((err: unknown) => {
      client = undefined;
      throw err;
    });
    return client;
  };
  return {
    async hold(runId) {
      await lockRun(await connect(), schema, runId);
      held.add(runId);
    },
    async release(runId) {
      if (!held.delete(runId) || !client) return;
      await unlockRun(await client, schema, runId).catch(() => {});
    },
    async isOrphan(runId) {
      // Our own session would be granted its own lock again: a run of ours is never an orphan.
      if (held.has(runId)) return false;
      const c = await connect();
      if (!(await tryLockRun(c, schema, runId))) return false;
      await unlockRun(c, schema, runId);
      return true;
    },
    async close() {
      const open = client;
      client = undefined;
      held.clear();
      if (open) await (await open.catch(() => undefined))?.end().catch(() => {});
    },
  };
}
