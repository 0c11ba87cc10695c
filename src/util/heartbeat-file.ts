/**
 * A file whose modification time says "this process is alive and its loop is turning", for container
 * healthchecks of processes that serve no HTTP (the worker, the scheduler): the check compares the
 * file's age with a limit, without a database round trip or a call to Mercado Pago.
 */
import { closeSync, openSync, utimesSync } from 'node:fs';

export interface Heartbeat {
  stop(): void;
}

export function startHeartbeatFile(path: string, everyMs = 10_000): Heartbeat {
  const beat = () => {
    const now = new Date();
    try {
      utimesSync(path, now, now);
    } catch {
      closeSync(openSync(path, 'a'));
    }
  };
  beat();
  const timer = setInterval(beat, everyMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
    },
  };
}
