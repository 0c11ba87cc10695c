import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// One way to the database: use cases call repositories (kysely) and src/db's transaction; the raw pg
// client stays behind src/db/transaction.ts for COPY, and advisory locks live in src/runs/locks.ts.
const RAW_ACCESS = [/\.pool\b/, /\bclient\.query\b/, /\$\d+\b/, /select pg_(try_)?advisory/];

const sources = (dir: string) =>
  readdirSync(dir)
    .filter((name) => name.endsWith('.ts'))
    .map((name) => ({ path: join(dir, name), text: readFileSync(join(dir, name), 'utf8') }));

describe('database access', () => {
  it('no use case in jobs/ reaches for the pool, a raw client, $n text or an advisory lock of its own', () => {
    const offenders = sources('jobs').flatMap(({ path, text }) => RAW_ACCESS.filter((pattern) => pattern.test(text)).map((pattern) => `${path}: ${pattern}`));
    expect(offenders).toEqual([]);
  });

  it('takes advisory locks only in src/runs/locks.ts', () => {
    const dirs = ['src', ...readdirSync('src', { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => join('src', d.name))];
    const takers = dirs.flatMap(sources).filter(({ text }) => /select pg_(try_)?advisory/.test(text)).map(({ path }) => path);
    expect(takers).toEqual([join('src', 'runs', 'locks.ts')]);
  });
});
