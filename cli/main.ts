/**
 * mp-recon's command line. Parses the command and its flags, builds deps on demand, runs the command
 * and maps failures to exit codes: 0 done, 1 the work failed (a ReconError says why), 2 usage error.
 */
import { parseArgs } from 'node:util';
import type { Connection } from '../src/db/connection.ts';
import { asConnectionLost } from '../src/db/connection-lost.ts';
import type { Deps, EngineDeps } from '../src/deps.ts';
import { ENVIRONMENT, type EnvironmentVariable, environmentValue, shownDefault } from '../src/environment.ts';
import { type ErrorCode, PG_UNDEFINED_TABLE, ReconError } from '../src/errors.ts';
import { MpApiError } from '../src/mp/errors.ts';
import type { Command, CommandContext, Flags } from './command.ts';
import { COMMANDS, type CommandEntry } from './commands/index.ts';

const EXIT_USAGE = 2;
/** Errors in how mp-recon was called or configured (flags, environment, .env): fixed by the caller. */
const USAGE_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['USAGE', 'BAD_DATE', 'BAD_DATE_RANGE', 'CONFIG_INVALID', 'UNKNOWN_SITE', 'SCHEMA_RESERVED', 'ACCOUNT_AMBIGUOUS']);

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const lines = [
    'mp-recon: reconcile Mercado Pago reports against your orders, refunds and payments in Postgres',
    '',
    'usage: mp-recon <command> [flags]      mp-recon <command> --help',
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    environmentHelp(),
    '',
    'exit codes: 0 done, 1 failed (the message says why), 2 usage error',
  ];
  return `${lines.join('\n')}\n`;
}

function environmentHelp(): string {
  const variables: [string, EnvironmentVariable][] = Object.entries(ENVIRONMENT);
  const width = Math.max(...variables.map(([name]) => name.length));
  return ['environment:', ...variables.map(([name, v]) => `  ${name.padEnd(width)}  ${v.meaning} (default: ${shownDefault(v)})`)].join('\n');
}

const ACCOUNT_FLAG_HELP = {
  one: ['--account ID', 'the account to work on (mp-recon accounts list); needed when the database holds several'],
  many: ['--account ID|all', 'the account to work on, or all enabled ones (mp-recon accounts list); needed when the database holds several'],
} as const;

function flagHelpOf(command: Command): ReadonlyArray<readonly [string, string]> {
  return command.accounts ? [ACCOUNT_FLAG_HELP[command.accounts], ...command.flagHelp] : command.flagHelp;
}

function commandHelp(entry: CommandEntry, command: Command): string {
  const flagHelp = flagHelpOf(command);
  const width = Math.max(0, ...flagHelp.map(([flag]) => flag.length));
  const lines = [`usage: mp-recon ${command.usage}`, '', entry.summary];
  if (command.details) lines.push('', command.details);
  if (flagHelp.length > 0) {
    lines.push('', 'flags:', ...flagHelp.map(([flag, meaning]) => `  ${flag.padEnd(width)}  ${meaning}`));
  }
  lines.push('', environmentHelp());
  return `${lines.join('\n')}\n`;
}

export interface CliIo {
  readonly out: NodeJS.WritableStream;
  readonly err: NodeJS.WritableStream;
}

export async function main(argv: readonly string[], io: CliIo = { out: process.stdout, err: process.stderr }): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out.write(mainHelp());
    return name ? 0 : EXIT_USAGE;
  }
  if (name === '--version') {
    io.out.write('mp-recon 0.1.0\n');
    return 0;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    io.err.write(`mp-recon: unknown command '${name}'. Commands: ${COMMANDS.map((c) => c.name).join(', ')}. See mp-recon --help.\n`);
    return EXIT_USAGE;
  }
  const command = await entry.load();
  let parsed: ReturnType<typeof parseArgs>;
  try {
    const accountOption: Flags = command.accounts ? { account: { type: 'string' } } : {};
    parsed = parseArgs({ args: [...rest], options: { ...command.flags, ...accountOption, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (err) {
    io.err.write(`mp-recon ${name}: ${(err as Error).message}. See mp-recon ${name} --help.\n`);
    return EXIT_USAGE;
  }
  if (parsed.values.help) {
    io.out.write(commandHelp(entry, command));
    return 0;
  }

  let conn: Connection | undefined;
  // Loaded here and in deps(), not at the top, so that --help never pays for pino, node-cron, pg or kysely.
  const { createLogger } = await import('../src/log.ts');
  // Until deps() loads the configuration (and .env), the shell's LOG_LEVEL, else info.
  const log = createLogger({ level: environmentValue('LOG_LEVEL') });
  const accountFlag = typeof parsed.values.account === 'string' ? parsed.values.account : undefined;
  const engine = async (): Promise<EngineDeps> => {
    const [{ loadConfig }, { openConnection }] = await Promise.all([import('../src/config.ts'), import('../src/db/connection.ts')]);
    const config = loadConfig();
    log.level = config.logLevel;
    conn ??= await openConnection(config, log, (line) => io.err.write(`mp-recon: ${line}\n`));
    return { conn, log, config, now: () => new Date() };
  };
  const accountDeps = async (): Promise<Deps[]> => {
    const [base, { resolveAccounts }, { scopeToAccount }] = await Promise.all([
      engine(),
      import('../src/accounts/resolve-accounts.ts'),
      import('../src/accounts/account-scope.ts'),
    ]);
    const accounts = await resolveAccounts(base.conn.db, base.config, accountFlag);
    return accounts.map((account) => scopeToAccount(base, account));
  };
  const ctx: CommandContext = {
    args: parsed.positionals,
    flags: parsed.values,
    out: io.out,
    err: io.err,
    engine,
    accountDeps,
    async deps(): Promise<Deps> {
      if (accountFlag === 'all') throw new ReconError('USAGE', `mp-recon ${name} works on one account at a time: --account ID`);
      const [one] = await accountDeps();
      if (!one) throw new ReconError('ACCOUNT_NOT_FOUND', 'no enabled account');
      return one;
    },
  };
  try {
    return await command.run(ctx);
  } catch (caught) {
    const err = asConnectionLost(caught);
    if (err instanceof ReconError) {
      io.err.write(`mp-recon ${name}: error ${err.code}: ${err.message}\n`);
      return USAGE_CODES.has(err.code) ? EXIT_USAGE : 1;
    }
    if (err instanceof MpApiError) {
      io.err.write(`mp-recon ${name}: error ${err.code}: ${err.message}\n`);
      return 1;
    }
    if ((err as { code?: string })?.code === PG_UNDEFINED_TABLE) {
      io.err.write(`mp-recon ${name}: error SCHEMA_MISSING: ${(err as Error).message}: the schema is not installed; run mp-recon migrate first\n`);
      return 1;
    }
    io.err.write(`mp-recon ${name}: unexpected error: ${(err as Error)?.stack ?? String(err)}\n`);
    return 1;
  } finally {
    // After a lost connection closing can fail too; the error above is the one to tell.
    await conn?.close().catch(() => {});
  }
}
