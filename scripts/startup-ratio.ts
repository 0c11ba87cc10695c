/**
 * Start-up cost of the CLI against a bare node: median wall time of `node bin/mp-recon.js --help` over
 * median `node -e 0`. Runs alternate between the two so load from other processes hits both alike.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { isBuildFresh } from '../bin/compiled-build.js';

const BIN = fileURLToPath(new URL('../bin/mp-recon.js', import.meta.url));

export interface StartupFigures {
  readonly nodeMs: number;
  readonly helpMs: number;
  readonly ratio: number;
  /** False when dist/ is missing or older than a source, so the CLI ran through tsx. */
  readonly compiled: boolean;
}

function timeMs(args: readonly string[]): number {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${r.status}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function measureStartup(runs = 10, cliArgs: readonly string[] = ['--help']): StartupFigures {
  const bare = ['-e', '0'];
  const cli = [BIN, ...cliArgs];
  timeMs(bare);
  timeMs(cli);
  const nodeTimes: number[] = [];
  const helpTimes: number[] = [];
  for (let i = 0; i < runs; i++) {
    nodeTimes.push(timeMs(bare));
    helpTimes.push(timeMs(cli));
  }
  const nodeMs = median(nodeTimes);
  const helpMs = median(helpTimes);
  return { nodeMs, helpMs, ratio: helpMs / nodeMs, compiled: isBuildFresh() };
}
