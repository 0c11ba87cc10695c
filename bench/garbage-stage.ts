/**
 * Peak memory of an ingest whose rows are all bad (a broken export under a valid header), in a
 * process of its own. Prints one JSON line: { rows, rejected, peakRssMb }.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ingestFile } from '../jobs/ingest-file.ts';
import { openBenchDb, peakRssMb } from './bench-db.ts';
import { generateGarbage } from './generate.ts';

const { values } = parseArgs({ options: { rows: { type: 'string' }, server: { type: 'string' } } });
const rows = Number(values.rows ?? 100_000);
const dir = mkdtempSync(join(tmpdir(), 'mp-recon-bench-garbage-'));
const path = join(dir, 'garbage.csv');
await generateGarbage(rows, path);
const db = await openBenchDb(values.server, dir, 'garbage');
try {
  // A file none of whose rows can be stored may be refused as a whole; its memory is what is measured.
  await ingestFile(db.deps, { path, from: '2026-10-01', to: '2026-10-28' }).catch(() => undefined);
  const { rows: counted } = await db.conn.pool.query<{ n: string }>('select count(*) as n from rejected_rows');
  console.log(JSON.stringify({ rows, rejected: Number(counted[0]?.n ?? 0), peakRssMb: peakRssMb() }));
} finally {
  await db.drop();
  rmSync(dir, { recursive: true, force: true });
}
