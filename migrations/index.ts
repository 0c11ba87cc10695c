/**
 * Every migration, by name. Listed statically rather than read from the folder so they load the same
 * way under the CLI, the test runner and a bundler. Add new files here; names sort by date.
 */
import type { Migration } from 'kysely';
import * as core from './2026-11-27-0001-core.ts';

export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '2026-11-27-0001-core': core,
};
