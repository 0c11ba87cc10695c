/**
 * `mp-recon doctor` (jobs/doctor.ts): a checklist of the installation, one line per check with its fix;
 * exit 1 if any line fails (warnings do not).
 */
import { runDoctor } from '../../jobs/doctor.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { mpClientFromConfig } from '../../src/mp/client-from-config.ts';
import type { Command } from '../command.ts';

const MARK = { ok: 'ok  ', warn: 'WARN', fail: 'FAIL' } as const;

export const doctorCommand: Command = {
  usage: 'doctor',
  flags: {},
  flagHelp: [],
  details: 'Changes nothing. Exit 0 when no line fails (warnings allowed), 1 otherwise.',
  async run(ctx) {
    const config = loadConfig();
    // The checklist is the output: the client's own retry warnings would only repeat it.
    const log = createLogger({ level: 'silent' });
    const mp = config.mpAccessToken ? mpClientFromConfig(config, log, { maxAttempts: 2 }) : undefined;
    const lines = await runDoctor({ config, openDatabase: async () => (await ctx.engine()).conn, mp });
    const width = Math.max(...lines.map((l) => l.check.length));
    for (const l of lines) {
      ctx.out.write(`${MARK[l.status]}  ${l.check.padEnd(width)}  ${l.detail}\n`);
      if (l.fix) ctx.out.write(`      ${' '.repeat(width)}  fix: ${l.fix}\n`);
    }
    const failures = lines.filter((l) => l.status === 'fail').length;
    ctx.out.write(failures === 0 ? 'all checks passed\n' : `${failures} check(s) failed\n`);
    return failures === 0 ? 0 : 1;
  },
};
