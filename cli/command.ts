/**
 * The shape of a CLI command: its flags (node:util parseArgs options), its help text and what it runs.
 * Commands are thin: they parse input, build deps, call one use case from jobs/ and print its result.
 * The long-running ones (schedule, serve, ui, sandbox) are entry points instead: they wire building
 * blocks (a cron timer, the receiver, the web app, the simulator) and stop through shutdown.ts. The
 * demo's use case is run-demo.ts, here because it composes the simulator with the engine.
 */
import type { ParseArgsConfig } from 'node:util';
import type { Deps } from '../src/deps.ts';

export type Flags = NonNullable<ParseArgsConfig['options']>;
export type FlagValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface CommandContext {
  readonly args: readonly string[];
  readonly flags: FlagValues;
  /** Opens the database (and migrates nothing): call only when the command needs it. */
  deps(): Promise<Deps>;
  readonly out: NodeJS.WritableStream;
  readonly err: NodeJS.WritableStream;
}

/** A command's help and behaviour; its name and summary are in commands/index.ts. */
export interface Command {
  /** Usage line after `mp-recon `. */
  readonly usage: string;
  readonly flags: Flags;
  /** One line per flag: [flag, meaning]. */
  readonly flagHelp: ReadonlyArray<readonly [string, string]>;
  readonly details?: string;
  run(ctx: CommandContext): Promise<number>;
}
