/** Runs the real `mp-recon` executable in a child process, as a user or the scheduler would. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/mp-recon.js', import.meta.url));
const RUN_TS = fileURLToPath(new URL('../../bin/run-ts.js', import.meta.url));
const RUN_COMMANDS = fileURLToPath(new URL('./run-commands.ts', import.meta.url));

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
  return runNode([BIN, ...args], env, options);
}

/** `node ARGS...` in a child process, quiet logs unless `env` says otherwise. */
export function runNode(args: readonly string[], env: Record<string, string> = {}, options: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...args],
      { env: { ...process.env, LOG_LEVEL: 'warn', ...env }, maxBuffer: 64 * 1024 * 1024, cwd: options.cwd, timeout: options.timeoutMs ?? 0 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr, timedOut: error?.killed === true });
      },
    );
  });
}

export interface CommandResult {
  readonly args: string[];
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs several commands one after the other in one spawned process (test/helpers/run-commands.ts):
 * the results of those that ended, and whether the process had to be killed (a command hung).
 */
export function runCommands(
  commands: readonly (readonly string[])[],
  env: Record<string, string> = {},
  options: CliOptions = {},
): Promise<{ results: CommandResult[]; timedOut: boolean; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [RUN_TS, RUN_COMMANDS, JSON.stringify(commands)],
      { env: { ...process.env, LOG_LEVEL: 'warn', ...env }, maxBuffer: 64 * 1024 * 1024, cwd: options.cwd, timeout: options.timeoutMs ?? 0 },
      (error, stdout, stderr) => {
        const results = stdout
          .split('\n')
          .filter((line) => line.startsWith('{'))
          .map((line) => JSON.parse(line) as CommandResult);
        resolve({ results, timedOut: error?.killed === true, stderr });
      },
    );
  });
}
