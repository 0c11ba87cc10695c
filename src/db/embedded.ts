/**
 * The embedded database: PGlite (Postgres compiled to WASM) in this process, on disk under
 * RECON_DATA_DIR, reached through PGlite's node-postgres adapter so kysely, pg's type parsing and our
 * SQL behave exactly as on a server. Its limits, and how we hold them:
 * - one process at a time: a lock file with our pid; a second process is told to wait or use a server;
 * - COPY FROM STDIN wedges PGlite for good: every client query is checked and such a statement refused;
 *   bulk loads go through PGlite's native COPY FROM '/dev/blob' (bulk-loader.ts) instead;
 * - the first start runs initdb (several seconds, close to 1 GB of memory): the caller is told first.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import type { Config } from '../config.ts';
import { ReconError } from '../errors.ts';

const COPY_FROM_STDIN = /^\s*copy\b[\s\S]*\bfrom\s+stdin\b/i;

export interface EmbeddedHandle {
  readonly pglite: import('@electric-sql/pglite').PGlite;
  readonly pool: pg.Pool;
  readonly dataDir: string;
  release(): Promise<void>;
}

export async function openEmbeddedDatabase(config: Config, notify: (line: string) => void): Promise<EmbeddedHandle> {
  const root = resolve(config.dataDir);
  const dataDir = join(root, 'pgdata');
  mkdirSync(root, { recursive: true });
  const lockPath = join(root, 'embedded.lock');
  takeLock(lockPath);
  try {
    const firstRun = !existsSync(join(dataDir, 'PG_VERSION'));
    notify(
      firstRun
        ? `using the embedded database in ${dataDir}: creating it now (first run takes several seconds); set DATABASE_URL to use a Postgres server`
        : `using the embedded database in ${dataDir} (set DATABASE_URL to use a Postgres server)`,
    );
    mkdirSync(dataDir, { recursive: true });
    const { PGlite } = await import('@electric-sql/pglite');
    const { createPgConfig } = await import('@electric-sql/pglite/node-postgres');
    const pglite = await PGlite.create({ dataDir });
    // One backend, one session: the search_path set here holds for every query the pool sends.
    await pglite.exec(`create schema if not exists ${config.schema}; set search_path = ${config.schema}, public;`);
    const pool = new pg.Pool(createPgConfig(pglite) as unknown as pg.PoolConfig);
    // As on a server (connection.ts): a client's 'error' event must not kill the process; the query fails.
    pool.on('error', () => {});
    pool.on('connect', (client) => {
      client.on('error', () => {});
      guardCopyFromStdin(client);
    });
    return {
      pglite,
      pool,
      dataDir,
      async release() {
        // A statement that failed inside the extended protocol (pg sends parse/bind/execute/sync as
        // separate messages) can leave PGlite waiting for a Sync; close() then spins at 100% CPU for
        // good. A query of PGlite's own ends with a Sync and brings the backend back to ready first.
        await pglite.query('select 1').catch(() => {});
        await pglite.close();
        rmSync(lockPath, { force: true });
      },
    };
  } catch (err) {
    rmSync(lockPath, { force: true });
    throw err;
  }
}

function guardCopyFromStdin(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const first = args[0];
    const text = typeof first === 'string' ? first : (first as { text?: string } | undefined)?.text;
    if (typeof text === 'string' && COPY_FROM_STDIN.test(text)) {
      throw new ReconError('EMBEDDED_COPY_STDIN', 'COPY FROM STDIN is not possible on the embedded database (it would hang it); use the bulk loader');
    }
    return query(...args);
  };
}

function takeLock(lockPath: string): void {
  if (existsSync(lockPath)) {
    const pid = Number(readFileSync(lockPath, 'utf8').trim());
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
      throw new ReconError(
        'EMBEDDED_BUSY',
        `another mp-recon process (pid ${pid}) is using the embedded database in ${lockPath.replace(/embedded\.lock$/, '')}; the embedded database serves one process at a time: wait for it to finish, or set DATABASE_URL to use a Postgres server`,
      );
    }
  }
  writeFileSync(lockPath, String(process.pid));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
