/**
 * The stages a reconciliation run goes through, each reported with its count as it ends, so a long run
 * shows where it is (a line per stage on a terminal, a log line otherwise) instead of going quiet.
 */
import type { Logger } from '../log.ts';

export type ReconcileStageName = 'window' | 'scope' | 'findings' | 'release' | 'merged' | 'auto-resolved';

export interface ReconcileStage {
  readonly stage: ReconcileStageName;
  /** What the stage produced, e.g. "window rows 200,000". */
  readonly text: string;
  /** Seconds since the previous stage ended (or the run started). */
  readonly seconds: number;
}

export type OnReconcileStage = (stage: ReconcileStage) => void;

export const formatCount = (n: number): string => n.toLocaleString('en-US');

/** Reports each stage to the callback and as an info log line, with the time it took. */
export function stageReporter(log: Logger, onStage?: OnReconcileStage): (stage: ReconcileStageName, text: string) => void {
  let last = performance.now();
  return (stage, text) => {
    const now = performance.now();
    const seconds = (now - last) / 1000;
    last = now;
    log.info({ stage, seconds: Number(seconds.toFixed(3)) }, text);
    onStage?.({ stage, text, seconds });
  };
}
