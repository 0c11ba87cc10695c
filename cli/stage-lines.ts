/**
 * Reconcile's stages as lines on a terminal ("reconcile: window rows 200,000 (0.41 s)"), so a long run
 * shows where it is. Off a terminal nothing is written here: the job logs each stage as a pino line.
 */
import type { OnReconcileStage } from '../src/reconcile/stages.ts';

export function stageLines(stream: NodeJS.WritableStream, label: string): OnReconcileStage | undefined {
  if ((stream as NodeJS.WriteStream).isTTY !== true) return undefined;
  return ({ text, seconds }) => {
    stream.write(`${label}: ${text} (${seconds.toFixed(2)} s)\n`);
  };
}
