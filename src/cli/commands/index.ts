import type { Command } from '../command.ts';
import { importCommand } from './import.ts';
import { ingestCommand } from './ingest.ts';
import { migrateCommand } from './migrate.ts';
import { mismatchesCommand } from './mismatches.ts';
import { reconcileCommand } from './reconcile.ts';

export const COMMANDS: readonly Command[] = [migrateCommand, importCommand, ingestCommand, reconcileCommand, mismatchesCommand];
