#!/usr/bin/env node
// Runs the compiled CLI (dist/, built by `npm ci` through the `prepare` script) when it is at least as
// new as every source file; otherwise (no build, or a source edited since) runs the TypeScript sources
// through tsx, so an edit takes effect at once, at tsx's start-up cost. `npm run build` restores speed.
import { isBuildFresh } from './compiled-build.js';

if (isBuildFresh()) {
  await import('../dist/cli/run.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../cli/run.ts');
}
