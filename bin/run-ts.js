#!/usr/bin/env node
// Runs a TypeScript entry file given as the first argument (used by `npm run bench`).
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

const [entry] = process.argv.splice(2, 1);
if (!entry) {
  console.error('usage: run-ts.js FILE.ts [args...]');
  process.exit(2);
}
register();
await import(pathToFileURL(resolve(entry)).href);
