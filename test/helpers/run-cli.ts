/** Runs the real `mp-recon` executable in a child process, as a user or the scheduler would. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/mp-recon.js', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** True when the process had to be killed after `timeoutMs` (it hung). */
  timedOut: boolean;
}

export interface CliOptions {
  /** Working directory (where a `.env` would be read); the test process's by default. */
  readonly cwd?: string;
  /** Kill the process after this long and report `timedOut`. */
  readonly timeoutMs?: number;
}

export function runCli(args: readonly string[], env: Record<string, string> = {}, options: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...process.env, LOG_LEVEL: 'warn', ...env }, maxBuffer: 64 * 1024 * 1024, cwd: options.cwd, timeout: options.timeoutMs ?? 0 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr, timedOut: error?.killed === true });
      },
    );
  });
}
