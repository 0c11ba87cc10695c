/**
 * Graceful stop for long jobs. The scheduler aborts a signal on SIGTERM/SIGINT; jobs check it between
 * steps (a chunk, an ingest, a reconciliation always finishes once started) and waits made with
 * `stoppableSleep` end early, so a shutdown never waits out a long backoff. Either way the job fails
 * with SHUTDOWN, which its run row records.
 */
import { ReconError } from '../errors.ts';

export function throwIfStopping(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) {
    throw new ReconError('SHUTDOWN', `stopped by a shutdown signal before ${what}; the next run picks up from here`);
  }
}

/** A sleep that rejects with SHUTDOWN as soon as `signal` aborts. */
export function stoppableSleep(signal: AbortSignal): (ms: number) => Promise<void> {
  return (ms) =>
    new Promise<void>((resolve, reject) => {
      const stop = () => {
        clearTimeout(timer);
        reject(new ReconError('SHUTDOWN', 'stopped by a shutdown signal while waiting; the next run picks up from here'));
      };
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', stop);
        resolve();
      }, ms);
      if (signal.aborted) stop();
      else signal.addEventListener('abort', stop, { once: true });
    });
}
