import type { Command } from '../command.ts';
import { backfillCommand } from './backfill.ts';
import { cancelCommand } from './cancel.ts';
import { demoCommand } from './demo.ts';
import { doctorCommand } from './doctor.ts';
import { fetchCommand } from './fetch.ts';
import { importCommand } from './import.ts';
import { ingestCommand } from './ingest.ts';
import { migrateCommand } from './migrate.ts';
import { mismatchesCommand } from './mismatches.ts';
import { reconcileCommand } from './reconcile.ts';
import { refundCommand } from './refund.ts';
import { reportCommand } from './report.ts';
import { sandboxCommand } from './sandbox.ts';
import { scheduleCommand } from './schedule.ts';
import { serveCommand } from './serve.ts';
import { syncCommand } from './sync.ts';

export const COMMANDS: readonly Command[] = [demoCommand, migrateCommand, importCommand, ingestCommand, reconcileCommand, mismatchesCommand, fetchCommand, backfillCommand, scheduleCommand, sandboxCommand, reportCommand, serveCommand, syncCommand, refundCommand, cancelCommand, doctorCommand];
