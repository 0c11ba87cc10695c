/**
 * Where the compiled JavaScript lives (dist/, written by `npm run build`, which `npm ci` runs as the
 * `prepare` script) and whether it still matches the TypeScript sources.
 *
 * The build writes dist/.built-at last, with the modification time of the moment the compile started,
 * so a source edited during or after the compile makes the build stale. Freshness is one stat per
 * source file (about 160 files, a few milliseconds), cheap next to the tsx start-up it avoids.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DIST = join(ROOT, 'dist');
export const STAMP_NAME = '.built-at';
export const STAMP = join(DIST, STAMP_NAME);
/**
 * Folders whose sources the CLI runs; each is compiled (tsconfig.build.json's include, which adds
 * bench/). bench/ is left out here so that editing the bench does not send the CLI back to tsx.
 */
export const SOURCE_DIRS = ['cli', 'jobs', 'src', 'migrations', 'simulator'];

function mtimeMs(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

function sourceFiles(dir) {
  try {
    return readdirSync(dir, { recursive: true }).filter((name) => name.endsWith('.ts'));
  } catch {
    return [];
  }
}

/** True when `root`'s dist/ was built completely and no source file changed since the build started. */
export function isBuildFresh(root = ROOT) {
  const builtAt = mtimeMs(join(root, 'dist', STAMP_NAME));
  if (builtAt === undefined) return false;
  for (const dir of SOURCE_DIRS) {
    const base = join(root, dir);
    for (const name of sourceFiles(base)) {
      // A file that vanished between listing and stat counts as changed.
      if ((mtimeMs(join(base, name)) ?? Number.POSITIVE_INFINITY) > builtAt) return false;
    }
  }
  return true;
}
