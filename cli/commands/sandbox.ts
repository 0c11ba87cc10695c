/**
 * `mp-recon sandbox`: the Mercado Pago simulator on loopback, for demos, local runs and users' own
 * staging. Prints the URL and an `export` line that points mp-recon at it with a seeded test account,
 * then runs until SIGINT/SIGTERM. Needs no database.
 */
import { loadConfig } from '../../src/config.ts';
import { ReconError } from '../../src/errors.ts';
import { type SeededAccount, seedFromFile } from '../../simulator/seed-file.ts';
import { startSimulator } from '../../simulator/server.ts';
import { integerFlag, PORT_RANGE, stringFlag } from '../args.ts';
import type { Command } from '../command.ts';
import { onShutdown } from '../shutdown.ts';

/** Fixed so scripts and docs can use it; the sandbox only listens on 127.0.0.1. */
export const SANDBOX_TOKEN = 'TEST-0000000000000000-mp-recon-sandbox';

export const sandboxCommand: Command = {
  usage: 'sandbox [--port N] [--seed FILE]',
  flags: { port: { type: 'string' }, seed: { type: 'string' } },
  flagHelp: [
    ['--port N', 'port on 127.0.0.1 (default: a free one)'],
    ['--seed FILE', 'seed the ledger: a JSON seed ({"accounts": [...]}) or a settlement report CSV such as samples/mla/settlement-2026-11-01.csv'],
  ],
  details:
    'The simulator answers the reports API like api.mercadopago.com (config, create, list, download) from its\n' +
    'ledger, and has an admin API under /__sim (accounts, ledger, faults, quirks). Stop it with Ctrl-C.',
  async run(ctx) {
    const config = loadConfig();
    const port = integerFlag(ctx.flags, 'port', PORT_RANGE, 0);
    const sim = await startSimulator({ port });
    let seeded: SeededAccount[];
    try {
      const seed = stringFlag(ctx.flags, 'seed');
      const defaults = { accessToken: SANDBOX_TOKEN, siteId: config.site };
      seeded = seed
        ? await seedFromFile(sim.state, seed, defaults)
        : [{ account: sim.state.addAccount(defaults), movements: 0, skipped: [] }];
    } catch (err) {
      await sim.close();
      throw new ReconError('USAGE', `--seed: ${(err as Error).message}`);
    }
    const lines = [`Mercado Pago simulator listening on ${sim.url} (admin API: ${sim.url}/__sim/state)`];
    for (const s of seeded) {
      const a = s.account;
      lines.push(`account ${a.userId}: site ${a.siteId}, ${a.currency}, ${s.movements} ledger movement(s), token ${a.accessToken}`);
      for (const why of s.skipped.slice(0, 20)) lines.push(`  not replayed: ${why}`);
      if (s.skipped.length > 20) lines.push(`  ... and ${s.skipped.length - 20} more not replayed`);
    }
    const first = seeded[0]?.account.accessToken ?? SANDBOX_TOKEN;
    lines.push('', 'point mp-recon at it (in another shell):', `export MP_BASE_URL=${sim.url} MP_ACCESS_TOKEN=${first}`, '', 'Ctrl-C stops it.');
    ctx.out.write(`${lines.join('\n')}\n`);

    await onShutdown();
    await sim.close();
    ctx.err.write('simulator stopped\n');
    return 0;
  },
};
