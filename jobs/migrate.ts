/**
 * Use case: `mp-recon migrate`. Creates or updates the configured schema; safe to run twice, or from two
 * processes at once (src/db/migrate.ts says how). Returns the schema and what each migration did.
 */
import type { MigrationResult } from 'kysely';
import type { EngineDeps } from '../src/deps.ts';
import { migrateToLatest } from '../src/db/migrate.ts';

export async function migrateSchema(deps: EngineDeps): Promise<{ schema: string; results: MigrationResult[] }> {
  return { schema: deps.config.schema, results: await migrateToLatest(deps.conn) };
}
