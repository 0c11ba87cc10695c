/**
 * `mp-recon ui`: the finance web UI. Runs until SIGINT/SIGTERM. On the embedded database it is the one
 * process; on a Postgres server any number of UI processes may run behind a load balancer (sessions and
 * the login rate limit live in the database).
 */
import { ReconError } from '../../src/errors.ts';
import { integerFlag, PORT_RANGE, stringFlag } from '../args.ts';
import type { Command } from '../command.ts';
import { onShutdown } from '../shutdown.ts';

export const uiCommand: Command = {
  usage: 'ui [--port N] [--host ADDRESS]',
  flags: { port: { type: 'string' }, host: { type: 'string' } },
  flagHelp: [
    ['--port N', 'port to listen on (default 8081)'],
    ['--host ADDRESS', 'address to listen on (default 127.0.0.1; put HTTPS in front for other hosts)'],
  ],
  details: 'Add people first with mp-recon users add NAME --role viewer|analyst|admin. GET /healthz answers 200 while the database is reachable.',
  async run(ctx) {
    const port = integerFlag(ctx.flags, 'port', PORT_RANGE, 8081);
    // Every account's mismatches, in one UI: the engine, not one account.
    const deps = await ctx.engine();
    // Loaded here, not at start-up: fastify is only needed by this command.
    const { buildWebApp } = await import('../../src/web/app.ts');
    const app = await buildWebApp(deps, { secureCookies: deps.config.uiUrl?.startsWith('https://') === true });
    let url: string;
    try {
      url = await app.listen({ port, host: stringFlag(ctx.flags, 'host') ?? '127.0.0.1' });
    } catch (err) {
      throw new ReconError('UI_LISTEN_FAILED', `cannot listen on port ${port}: ${(err as Error).message}`);
    }
    ctx.out.write(`mp-recon UI on ${url} (health: ${url}/healthz); Ctrl-C stops\n`);
    await onShutdown();
    await app.close();
    ctx.err.write('UI stopped\n');
    return 0;
  },
};
