/**
 * Recognises a database connection that died under a query (server restart, failover,
 * pg_terminate_backend, network cut) and turns it into one ReconError, DB_CONNECTION_LOST, that the
 * CLI prints as one line and run bookkeeping records.
 */
import { ReconError } from '../errors.ts';

// Class 08 is "connection exception"; 57P01-57P03 are the server shutting the session down.
const LOST_SQLSTATE = /^(08...|57P0[123])$/;
const LOST_MESSAGE = /Connection terminated|connection error and is not queryable|terminating connection|server closed the connection/i;
const LOST_ERRNO = new Set(['ECONNRESET', 'EPIPE', 'ECONNREFUSED', 'ETIMEDOUT', 'EHOSTUNREACH']);

export function isConnectionLost(err: unknown): boolean {
  if (err instanceof ReconError) return err.code === 'DB_CONNECTION_LOST';
  const code = (err as { code?: unknown })?.code;
  if (typeof code === 'string' && (LOST_SQLSTATE.test(code) || LOST_ERRNO.has(code))) return true;
  return err instanceof Error && LOST_MESSAGE.test(err.message);
}

/** The error as DB_CONNECTION_LOST when it is a lost connection, else unchanged. */
export function asConnectionLost(err: unknown): unknown {
  if (!isConnectionLost(err) || err instanceof ReconError) return err;
  return new ReconError(
    'DB_CONNECTION_LOST',
    `the connection to the database was lost (${(err as Error).message}); nothing of the interrupted transaction was stored: run the command again once the database is back`,
    { cause: err },
  );
}
