import type { Command } from '../command.ts';
import { ingestCommand } from './ingest.ts';
import { migrateCommand } from './migrate.ts';

export const COMMANDS: readonly Command[] = [migrateCommand, ingestCommand];
