/**
 * Progress for long commands: a live bar (cli-progress) when stderr is a terminal, nothing otherwise,
 * so logs and CI output stay clean. Counts are open-ended (a streamed file's row count is unknown).
 */
import cliProgress from 'cli-progress';
import { environmentValue } from '../src/environment.ts';

export interface Progress {
  update(count: number): void;
  /** A new total, when it grows as work is planned. */
  setTotal?(total: number): void;
  done(): void;
}

/** A terminal a person watches: not a pipe or file, and not a CI runner's pseudo-terminal. */
export function isLiveTerminal(stream: NodeJS.WritableStream): boolean {
  return (stream as NodeJS.WriteStream).isTTY === true && environmentValue('CI') !== 'true';
}

export function progressReporter(stream: NodeJS.WritableStream, label: string, total?: number): Progress {
  if (!isLiveTerminal(stream)) return { update() {}, done() {} };
  const bar = new cliProgress.SingleBar(
    {
      stream: stream as NodeJS.WriteStream,
      format: total ? `${label} [{bar}] {value}/{total} {percentage}% eta {eta_formatted}` : `${label} {value} rows`,
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total ?? 0, 0);
  return {
    update: (count) => bar.update(count),
    setTotal: (count) => bar.setTotal(count),
    done: () => bar.stop(),
  };
}
