/**
 * Every migration, by name. Listed statically rather than read from the folder so they load the same
 * way under the CLI, the test runner and a bundler. Add new files here; names sort by date.
 */
import type { Migration } from 'kysely';
import * as core from './2026-11-27-0001-core.ts';
import * as notifications from './2026-11-27-0003-notifications.ts';
import * as finance from './2026-11-27-0004-finance.ts';
import * as release from './2026-11-27-0005-release.ts';
import * as reportCoverage from './2026-11-27-0006-report-coverage.ts';
import * as ingestThroughput from './2026-11-30-0001-ingest-throughput.ts';
import * as ingestIntegrity from './2026-11-30-0020-ingest-integrity.ts';
import * as orderSyncCursor from './2026-11-30-0030-order-sync-cursor.ts';
import * as reportTasks from './2026-11-30-0030-report-tasks.ts';
import * as workbench from './2026-11-30-0040-workbench.ts';
import * as reconcileIndexes from './2026-11-30-0050-reconcile-indexes.ts';
import * as mismatchEventsHashJoin from './2026-11-30-0060-mismatch-events-hash-join.ts';
import * as userEvents from './2026-12-01-0040-user-events.ts';
import * as accounts from './2026-12-01-0050-accounts.ts';
import * as accountOwnership from './2026-12-01-0060-account-ownership.ts';

export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '2026-11-27-0001-core': core,
  '2026-11-27-0003-notifications': notifications,
  '2026-11-27-0004-finance': finance,
  '2026-11-27-0005-release': release,
  '2026-11-27-0006-report-coverage': reportCoverage,
  '2026-11-30-0001-ingest-throughput': ingestThroughput,
  '2026-11-30-0020-ingest-integrity': ingestIntegrity,
  '2026-11-30-0030-order-sync-cursor': orderSyncCursor,
  '2026-11-30-0030-report-tasks': reportTasks,
  '2026-11-30-0040-workbench': workbench,
  '2026-11-30-0050-reconcile-indexes': reconcileIndexes,
  '2026-11-30-0060-mismatch-events-hash-join': mismatchEventsHashJoin,
  '2026-12-01-0040-user-events': userEvents,
  '2026-12-01-0050-accounts': accounts,
  '2026-12-01-0060-account-ownership': accountOwnership,
};
