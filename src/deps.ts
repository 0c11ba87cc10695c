/**
 * What every use case receives: the database, a scoped logger, the configuration and a clock. The CLI,
 * the scheduler and tests build it; nothing below reaches for globals.
 */
import type { Config } from './config.ts';
import type { Connection } from './db/connection.ts';
import type { Logger } from './log.ts';

export interface Deps {
  readonly conn: Connection;
  readonly log: Logger;
  readonly config: Config;
  readonly now: () => Date;
}
