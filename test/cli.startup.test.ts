/**
 * The CLI starts from compiled JavaScript (dist/, built by `npm ci` through `prepare`) and falls back
 * to the TypeScript sources through tsx when the build is missing or older than a source file.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isBuildFresh, ROOT, SOURCE_DIRS, STAMP } from '../bin/compiled-build.js';
import { runNode as run } from './helpers/run-cli.ts';
import { createTestDb, type TestDb } from './helpers/test-db.ts';

const scratch = mkdtempSync(join(tmpdir(), 'mp-recon-build-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the compiled CLI', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb({}, { connect: false });
  });
  afterAll(async () => db.close());

  it('is left in dist/ by the install, stamped, and answers --help', async () => {
    expect(existsSync(STAMP), 'no dist/.built-at: run `npm run build` (npm ci runs it as prepare)').toBe(true);
    const r = await run([join(ROOT, 'dist/cli/run.js'), '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/commands:[\s\S]*mismatches[\s\S]*environment:[\s\S]*DATABASE_URL/);
  });

  it('is built from the current sources and migrates, reconciles and lists mismatches from JavaScript alone', async () => {
    // Beside a node_modules link, as dist/ sits beside the real one, so packages resolve the same way.
    const root = join(scratch, 'built');
    mkdirSync(root);
    symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
    const build = await run([join(ROOT, 'scripts/build.js'), join(root, 'dist')]);
    expect(build.code, build.stderr).toBe(0);
    expect(existsSync(join(root, 'dist/.built-at'))).toBe(true);
    expect(existsSync(join(root, 'dist/cli/run.ts'))).toBe(false);

    const cli = (args: string[]) => run([join(root, 'dist/cli/run.js'), ...args], db.cliEnv);
    const migrate = await cli(['migrate']);
    expect(migrate.code, migrate.stderr).toBe(0);
    const reconcile = await cli(['reconcile', '--from', '2026-11-01', '--to', '2026-11-02']);
    expect(reconcile.code, reconcile.stderr).toBe(0);
    const list = await cli(['mismatches', '--format', 'json']);
    expect(list.code, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual([]);
    const help = await cli(['demo', '--help']);
    expect(help.stdout).toMatch(/usage: mp-recon demo/);
  }, 180_000); // a build and four CLI starts; on the embedded backend each start opens PGlite

  it('compiles every folder whose freshness the bin checks', () => {
    const config = JSON.parse(readFileSync(join(ROOT, 'tsconfig.build.json'), 'utf8')) as { include: string[] };
    expect(config.include).toEqual(expect.arrayContaining([...SOURCE_DIRS]));
  });
});

describe('bin/mp-recon.js picks compiled JavaScript or the sources', () => {
  // A copy of the bin in a small tree whose "CLI" only says which copy ran.
  const root = join(scratch, 'fallback');
  const source = join(root, 'cli/run.ts');
  const past = new Date(Date.now() - 60_000);
  const writeAt = (path: string, text: string, at: Date) => {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    utimesSync(path, at, at);
  };
  const stamp = (at: Date) => writeAt(join(root, 'dist/.built-at'), 'stamp\n', at);
  const ranBy = async () => (await run([join(root, 'bin/mp-recon.js')])).stdout.trim();

  beforeAll(() => {
    mkdirSync(join(root, 'bin'), { recursive: true });
    for (const file of ['mp-recon.js', 'compiled-build.js']) copyFileSync(join(ROOT, 'bin', file), join(root, 'bin', file));
    symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
    writeFileSync(join(root, 'package.json'), '{ "type": "module" }\n');
    // Type annotations, so only tsx can run it.
    writeAt(source, "const ran: string = 'sources';\nconsole.log(ran);\n", past);
    writeAt(join(root, 'jobs/nested/job.ts'), 'export const job: number = 1;\n', past);
    writeAt(join(root, 'dist/cli/run.js'), "console.log('compiled');\n", past);
  });

  it('runs the compiled CLI when the build is newer than every source', async () => {
    stamp(new Date());
    expect(isBuildFresh(root)).toBe(true);
    expect(await ranBy()).toBe('compiled');
  });

  it('runs the sources through tsx once a source file, in any compiled folder, is newer than the build', async () => {
    stamp(new Date());
    utimesSync(source, new Date(Date.now() + 60_000), new Date(Date.now() + 60_000));
    expect(await ranBy()).toBe('sources');
    utimesSync(source, past, past);
    utimesSync(join(root, 'jobs/nested/job.ts'), new Date(Date.now() + 60_000), new Date(Date.now() + 60_000));
    expect(isBuildFresh(root)).toBe(false);
    utimesSync(join(root, 'jobs/nested/job.ts'), past, past);
    expect(isBuildFresh(root)).toBe(true);
  });

  it('runs the sources through tsx when the build never finished (no stamp)', async () => {
    rmSync(join(root, 'dist/.built-at'));
    expect(await ranBy()).toBe('sources');
  });
});
