/**
 * What the acquisition commands (fetch, backfill, schedule) share: the Mercado Pago client built from
 * configuration, chunk progress (a bar on a terminal, one line per chunk otherwise), and Mercado Pago
 * failures printed like ReconErrors (code and a message that says what to do; never the token).
 */
import type { AcquireCounts, AcquireDeps, AcquireProgress } from '../jobs/acquire-reports.ts';
import type { Deps } from '../src/deps.ts';
import { mpClientFromConfig, type MpClientOverrides } from '../src/mp/client-from-config.ts';
import { MpApiError } from '../src/mp/errors.ts';
import type { Progress } from './progress.ts';
import { isLiveTerminal, progressReporter } from './progress.ts';

export function acquireDeps(deps: Deps, overrides: MpClientOverrides = {}): AcquireDeps {
  const mp = mpClientFromConfig(deps.config, deps.log, overrides);
  return overrides.sleep ? { ...deps, mp, sleep: overrides.sleep } : { ...deps, mp };
}

/** `settlement: 2 request(s) for 90 day(s), 0 already covered; release: ...` */
export function describePlan(counts: AcquireCounts): string {
  return Object.entries(counts.byKind)
    .map(([kind, p]) => `${kind}: ${p?.chunks ?? 0} request(s) for ${p?.requestedDays ?? 0} day(s), ${p?.coveredDays ?? 0} already covered`)
    .join('; ');
}

/** Progress of an acquisition on `stream`: a bar over the planned chunks, or a line per chunk. */
export function chunkProgress(stream: NodeJS.WritableStream, label: string): { onProgress: (event: AcquireProgress) => void; done: () => void } {
  const tty = isLiveTerminal(stream);
  let bar: Progress | undefined;
  return {
    onProgress(event) {
      if (event.type === 'planned') {
        if (tty && event.chunks > 0) bar = progressReporter(stream, `${label} chunks`, event.chunks);
        else if (!tty) stream.write(`${label}: ${event.chunks} report request(s) to make\n`);
        return;
      }
      if (bar) {
        bar.update(event.index);
        return;
      }
      const r = event.result;
      const what = r.ingest.status === 'ingested' ? `stored ${r.ingest.rowsStored} rows, rejected ${r.ingest.rowsRejected}` : 'already ingested, nothing new';
      const resumed = r.source === 'resumed' ? ' (downloaded by an earlier run)' : '';
      stream.write(`[${event.index}/${event.chunks}] ${r.kind} ${r.from}..${r.to}: ${r.fileName}${resumed} -> report file ${r.ingest.reportFileId}: ${what}\n`);
    },
    done() {
      bar?.done();
    },
  };
}

/**
 * Prints a Mercado Pago failure the way main prints a ReconError, and returns exit code 1; rethrows
 * anything else for main to handle.
 */
export function reportMpFailure(command: string, err: unknown, out: NodeJS.WritableStream): number {
  if (!(err instanceof MpApiError)) throw err;
  const hint = err.retryable ? ' What was fetched before the failure is kept: run the same command again to continue.' : '';
  out.write(`mp-recon ${command}: error ${err.code}: ${err.message}.${hint}\n`);
  return 1;
}

/**
 * One progress over the chunks of several accounts' acquisitions running side by side: a bar whose
 * total grows as each account plans, or a line per chunk naming its account.
 */
export function accountsChunkProgress(stream: NodeJS.WritableStream, label: string): { forAccount: (account: string) => (event: AcquireProgress) => void; done: () => void } {
  const tty = isLiveTerminal(stream);
  let planned = 0;
  let settled = 0;
  let bar: Progress | undefined;
  return {
    forAccount: (account) => (event) => {
      if (event.type === 'planned') {
        planned += event.chunks;
        if (tty) {
          bar ??= progressReporter(stream, `${label} chunks`, Math.max(planned, 1));
          bar.setTotal?.(planned);
        } else stream.write(`${label}: account ${account}: ${event.chunks} report request(s) to make\n`);
        return;
      }
      settled += 1;
      if (bar) {
        bar.update(settled);
        return;
      }
      const r = event.result;
      const what = r.ingest.status === 'ingested' ? `stored ${r.ingest.rowsStored} rows, rejected ${r.ingest.rowsRejected}` : 'already ingested, nothing new';
      stream.write(`[${settled}/${planned}] account ${account}: ${r.kind} ${r.from}..${r.to}: ${r.fileName} -> report file ${r.ingest.reportFileId}: ${what}\n`);
    },
    done() {
      bar?.done();
    },
  };
}
