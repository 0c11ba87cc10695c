/**
 * Doctor's checks of this machine: the data folder (exists or can be made, writable) and the database
 * (reachable, every migration applied, server version), and whether the webhook secret is set.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { sql } from 'kysely';
import { MIGRATIONS } from '../../migrations/index.ts';
import type { Config } from '../config.ts';
import type { Connection } from '../db/connection.ts';
import { ReconError } from '../errors.ts';
import { type CheckLine, failed, ok, warn } from './check-line.ts';

export async function checkDataDir(config: Config): Promise<CheckLine> {
  const dir = resolve(config.dataDir);
  const probe = join(dir, `.doctor-${randomBytes(4).toString('hex')}`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(probe, 'ok');
    await rm(probe);
    return ok('data folder', `${dir} is writable`);
  } catch (err) {
    return failed('data folder', `${dir} cannot be written (${(err as NodeJS.ErrnoException).code ?? 'error'})`, 'set RECON_DATA_DIR to a folder mp-recon can write, or fix its permissions');
  }
}

export async function checkDatabase(open: () => Promise<Connection>): Promise<CheckLine[]> {
  let conn: Connection;
  try {
    conn = await open();
  } catch (err) {
    const message = err instanceof ReconError ? `${err.code}: ${err.message}` : String(err);
    return [failed('database', `not reachable (${message})`, 'check DATABASE_URL (or unset it to use the embedded database) and that the server is running')];
  }
  const version = await sql<{ v: string }>`select current_setting('server_version') as v`.execute(conn.db);
  const reach = ok('database', `${conn.backend} ${version.rows[0]?.v ?? '?'}, schema ${conn.schema}`);
  const applied = await appliedMigrations(conn);
  const missing = Object.keys(MIGRATIONS).filter((name) => !applied.has(name));
  const latest = [...applied].sort().at(-1) ?? 'none';
  const migrated =
    missing.length === 0
      ? ok('migrations', `${applied.size} applied, latest ${latest}`)
      : failed('migrations', `${missing.length} not applied (${missing.join(', ')}); latest applied ${latest}`, 'run mp-recon migrate');
  return [reach, migrated];
}

async function appliedMigrations(conn: Connection): Promise<Set<string>> {
  try {
    const { rows } = await sql<{ name: string }>`select name from ${sql.id(conn.schema, 'kysely_migration')}`.execute(conn.db);
    return new Set(rows.map((r) => r.name));
  } catch {
    return new Set();
  }
}

export function checkWebhookSecret(config: Config): CheckLine {
  if (config.webhookSecret) {
    const window = config.webhookMaxAgeSeconds === 0 ? 'no timestamp window' : `timestamp window ${config.webhookMaxAgeSeconds} s`;
    return ok('webhook secret', `MP_WEBHOOK_SECRET is set (not shown); ${window}`);
  }
  return warn(
    'webhook secret',
    'MP_WEBHOOK_SECRET is not set: Webhooks are accepted unsigned (each is still re-read from the API)',
    'set MP_WEBHOOK_SECRET to the secret of your application (Your integrations > Webhooks) so forged Webhooks get 401',
  );
}
