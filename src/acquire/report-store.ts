/**
 * Where downloaded reports live: `<RECON_DATA_DIR>/reports/<RECON_SCHEMA>/<account>/<kind>/<from>_<to>_<MP file name>`
 * (one folder per schema and account, so two schemas on one data directory, or two accounts asking for
 * the same days, never share files). Files
 * are kept after ingest (design: report files are kept, with their sha256 in report_files). Prefixing
 * the chunk's business dates lets a re-run find a file that was downloaded but never ingested (the
 * process died in between) and ingest it instead of asking MP for the same report again, when the
 * database recorded asking for it (report-requests.ts).
 */
import { readdir, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Config } from '../config.ts';
import type { ReportKind } from '../parse/parse-report.ts';

/** Appended to a kept file that ingest refused, so it is not resumed. */
export const FAILED_SUFFIX = '.failed';

/** A temp file untouched this long belongs to a download that died with its process. */
const STALE_PART_MS = 15 * 60_000;

/** The account id is safe as a path segment (accounts/account.ts: a-z, 0-9, _ and -). */
export function reportDir(config: Config, account: string, kind: ReportKind): string {
  return resolve(config.dataDir, 'reports', config.schema, account, kind);
}

export function localName(from: string, to: string, mpFileName: string): string {
  return `${from}_${to}_${mpFileName}`;
}

export interface StoredReport {
  readonly path: string;
  /** The name MP gave the file (recorded in report_files.file_name). */
  readonly mpFileName: string;
}

/** Complete downloads of exactly this chunk, newest first. */
export async function downloadsOf(dir: string, from: string, to: string): Promise<StoredReport[]> {
  const prefix = localName(from, to, '');
  const names = await readdir(dir).catch(() => [] as string[]);
  const found = await Promise.all(
    names
      .filter((name) => name.startsWith(prefix) && name.length > prefix.length && !name.endsWith(FAILED_SUFFIX))
      .map(async (name) => ({ name, mtime: (await stat(join(dir, name))).mtimeMs })),
  );
  return found
    .sort((a, b) => b.mtime - a.mtime)
    .map(({ name }) => ({ path: join(dir, name), mpFileName: name.slice(prefix.length) }));
}

/** Removes temp files that a killed process left behind for this chunk (downloads clean up after themselves otherwise). */
export async function removeStaleParts(dir: string, from: string, to: string, nowMs: number): Promise<number> {
  const prefix = `.${localName(from, to, '')}`;
  const names = await readdir(dir).catch(() => [] as string[]);
  let removed = 0;
  for (const name of names.filter((n) => n.startsWith(prefix) && n.endsWith('.part'))) {
    const path = join(dir, name);
    const info = await stat(path).catch(() => undefined);
    if (info && nowMs - info.mtimeMs > STALE_PART_MS) {
      await rm(path, { force: true });
      removed += 1;
    }
  }
  return removed;
}
