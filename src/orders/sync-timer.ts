/**
 * The contingency search on a timer, for `mp-recon serve`: a lost notification then costs minutes, not
 * a night. Runs never overlap (a tick while one runs is skipped); a failed run is logged and the next
 * tick tries again. stop() waits for the run in progress.
 */
import type { Logger } from 'pino';

export interface SyncTimer {
  /** Resolves once the run in progress, if any, has finished. */
  stop(): Promise<void>;
}

export function startSyncTimer(everyMs: number, log: Logger, run: () => Promise<Record<string, unknown>>): SyncTimer {
  let current: Promise<void> | undefined;
  const tick = () => {
    if (current) return;
    current = run()
      .then((counts) => log.info(counts, 'contingency search done'))
      .catch((err: unknown) => log.error({ code: (err as { code?: string }).code, error: err instanceof Error ? err.message : String(err) }, 'contingency search failed; the next tick tries again'))
      .finally(() => {
        current = undefined;
      });
  };
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await current;
    },
  };
}
