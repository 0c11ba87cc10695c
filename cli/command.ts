/**
 * The shape of a CLI command: its flags (node:util parseArgs options), its help text and what it runs.
 * Commands are thin: they parse input, build deps, call one use case from jobs/ and print its result.
 * The long-running ones (schedule, serve, ui, sandbox) are entry points instead: they wire building
 * blocks (a cron timer, the receiver, the web app, the simulator) and stop through shutdown.ts. The
 * demo's use case is run-demo.ts, here because it composes the simulator with the engine.
 */
import type { ParseArgsConfig } from 'node:util';
import type { Deps, EngineDeps } from '../src/deps.ts';

export type Flags = NonNullable<ParseArgsConfig['options']>;
export type FlagValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface CommandContext {
  readonly args: readonly string[];
  readonly flags: FlagValues;
  /** Opens the database (and migrates nothing): call only when the command needs it. */
  engine(): Promise<EngineDeps>;
  /** engine() narrowed to the one account `--account` names (or the only one there is). */
  deps(): Promise<Deps>;
  /** engine() narrowed to each account `--account ID|all` names, in id order. */
  accountDeps(): Promise<Deps[]>;
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
  /**
   * The command works on one account's books ('one') or on one or all of them ('many'): main adds
   * `--account` to its flags and help.
   */
  readonly accounts?: 'one' | 'many';
  run(ctx: CommandContext): Promise<number>;
}
