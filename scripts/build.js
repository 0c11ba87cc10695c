#!/usr/bin/env node
// Compiles cli/, jobs/, src/, migrations/, simulator/ and bench/ to dist/ (tsconfig.build.json) and stamps the build.
// Runs as `prepare`, so `npm ci` leaves a compiled CLI. Type errors are `npm run typecheck`'s job: the
// emit skips checking (noCheck), so it takes about a second and a type error never blocks an install.
//
//   node scripts/build.js [OUT_DIR]      (default dist/; tests build elsewhere)
import { spawnSync } from 'node:child_process';
import { rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { DIST, ROOT, STAMP_NAME } from '../bin/compiled-build.js';

const outDir = process.argv[2] ? resolve(process.argv[2]) : DIST;
const startedAt = new Date();
// typescript's package exports do not list bin/tsc, so find it next to its package.json.
const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');
rmSync(outDir, { recursive: true, force: true });
const result = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', outDir], { stdio: 'inherit' });
if (result.status !== 0) {
  console.error('mp-recon build: tsc failed; bin/mp-recon.js will run the sources through tsx');
  process.exit(result.status ?? 1);
}
// Written last, so a half-written build has no stamp. It carries the compile's start time: a source
// saved while tsc ran is newer than the stamp, so the build counts as stale.
const stamp = join(outDir, STAMP_NAME);
writeFileSync(stamp, `${startedAt.toISOString()}\n`);
utimesSync(stamp, startedAt, startedAt);
