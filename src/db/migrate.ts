/**
 * Runs the kysely migrations listed in migrations/index.ts (frozen, date-prefixed files). Kysely takes a lock for the
 * run, so two concurrent `mp-recon migrate` calls are safe, and a second run finds nothing to do.
 */
import { type MigrationResult, Migrator, sql } from 'kysely';
import { MIGRATIONS } from '../../migrations/index.ts';
import { PG_UNIQUE_VIOLATION, ReconError } from '../errors.ts';
import type { Connection } from './connection.ts';

export async function migrateToLatest(conn: Connection): Promise<MigrationResult[]> {
  await ensureSchema(conn);
  const migrator = new Migrator({
    db: conn.db,
    provider: { getMigrations: async () => ({ ...MIGRATIONS }) },
    migrationTableSchema: conn.schema,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? '(unknown)';
    throw new ReconError('MIGRATION_FAILED', `migration ${failed} failed: ${(error as Error).message ?? String(error)}`, { cause: error });
  }
  return results ?? [];
}

async function ensureSchema(conn: Connection): Promise<void> {
  try {
    await sql`create schema if not exists ${sql.id(conn.schema)}`.execute(conn.db);
  } catch (err) {
    // Two processes creating the schema at once: the loser sees a unique violation; the schema exists.
    if ((err as { code?: string }).code !== PG_UNIQUE_VIOLATION) throw err;
  }
}

/**
 * Long-running commands (schedule, serve) check this at start: without it they would log the missing
 * tables at every tick instead of exiting with the one error that says to run `mp-recon migrate`.
 */
export async function assertSchemaInstalled(conn: Connection): Promise<void> {
  const found = await sql<{ installed: boolean }>`select to_regclass('runs') is not null and to_regclass('notifications') is not null as installed`.execute(conn.db);
  if (found.rows[0]?.installed !== true) {
    throw new ReconError('SCHEMA_MISSING', `schema ${conn.schema} has no mp-recon tables: the schema is not installed; run mp-recon migrate first`);
  }
}
