#!/usr/bin/env node
// Fails when a source file grows past 300 lines: past that, a file has become two concepts
// (docs/architecture.md). Run by `npm run lint`, so CI enforces it.
//
//   node scripts/check-file-size.js
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../bin/compiled-build.js';

const LIMIT = 300;
const FOLDERS = ['cli', 'jobs', 'src', 'simulator', 'migrations', 'samples', 'bench', 'scripts', 'bin', 'test'];

const tooLong = [];
for (const folder of FOLDERS) {
  let names;
  try {
    names = readdirSync(join(ROOT, folder), { recursive: true });
  } catch {
    continue;
  }
  for (const name of names) {
    if (!/\.(ts|js)$/.test(name)) continue;
    const path = join(folder, name);
    const lines = readFileSync(join(ROOT, path), 'utf8').split('\n').length - 1;
    if (lines > LIMIT) tooLong.push(`${path}: ${lines} lines`);
  }
}
if (tooLong.length > 0) {
  console.error(`source files over ${LIMIT} lines (split them by concept):\n  ${tooLong.join('\n  ')}`);
  process.exit(1);
}
console.log(`source files: none over ${LIMIT} lines`);
