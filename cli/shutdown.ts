/**
 * How the long-running commands (ui, serve, sandbox, schedule) stop, written once. The first SIGTERM or
 * SIGINT starts a graceful stop: `onFirst` runs (schedule aborts its jobs' signal, which
 * src/acquire/stop-signal.ts turns into SHUTDOWN at the next step) and the promise resolves, so the
 * command closes what it opened and exits 0. A second signal ends the process at once: a command that
 * passes `log` (one with work in flight) logs it and exits 1; otherwise the listeners are gone after the
 * first signal, and Node's default ends the process by that signal.
 */
import type { Logger } from '../src/log.ts';

export interface ShutdownOptions {
  /** Called on the first signal, before the promise resolves. */
  readonly onFirst?: () => void;
  /** Logs both signals (the first with `stopping`), and makes a second one exit 1. */
  readonly log?: Logger;
  /** What a graceful stop does, for the log line of the first signal. */
  readonly stopping?: string;
}

export type Shutdown = Promise<void> & { dispose(): void };

/** Resolves on the first SIGTERM/SIGINT; `dispose()` removes the listeners when the command ends first. */
export function onShutdown({ onFirst, log, stopping = 'shutting down' }: ShutdownOptions = {}): Shutdown {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  let seen = false;
  const dispose = () => {
    process.off('SIGTERM', handler);
    process.off('SIGINT', handler);
  };
  function handler(signal: NodeJS.Signals) {
    if (seen) {
      log?.warn({ signal }, 'second shutdown signal: exiting now');
      process.exit(1);
    }
    seen = true;
    if (log) log.info({ signal }, stopping);
    else dispose();
    onFirst?.();
    resolve();
  }
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
  return Object.assign(promise, { dispose });
}
