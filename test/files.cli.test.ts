/**
 * What a user sees on the command line for the ingest-boundary checks: the encoding in the ingest
 * summary, SITE_MISMATCH and INGEST_ALL_REJECTED with exit 1, and `files list` / `files retract`.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTemp } from './helpers/fixtures.ts';
import { runCli } from './helpers/run-cli.ts';
import { createTestDb, type TestDb, testBackend } from './helpers/test-db.ts';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb({}, { connect: false });
});
afterAll(async () => t.close());

const cli = (args: string[]) => runCli(args, t.cliEnv);
const HEADER = 'EXTERNAL_REFERENCE;SOURCE_ID;SITE;TRANSACTION_TYPE;TRANSACTION_AMOUNT;SETTLEMENT_CURRENCY;SETTLEMENT_DATE;DESCRIPTION';
const latin1File = (text: string): string => {
  const path = writeTemp('');
  writeFileSync(path, Buffer.from(text, 'latin1'));
  return path;
};

let rejectedId: string | undefined;

// Server only: each spawned CLI opens the embedded database anew (about 15 s on the shared machine), and
// what is checked here is the CLI's wording and exit codes; the behaviour itself is tested on both
// backends in-process (ingest.integrity.test.ts, files.retract.test.ts).
describe.skipIf(testBackend() === 'embedded')('ingest and files on the command line', () => {
  // One spawn or two per test: a spawned CLI can take 15 s when the machine is busy.
  it('says the encoding in the ingest summary', async () => {
    const latin = await cli(['ingest', latin1File(`${HEADER}\nPEDIDO-AÑO-1;1;MLA;SETTLEMENT;10.00;ARS;2026-11-02T10:00:00.000-03:00;Café\n`)]);
    expect(latin.code).toBe(0);
    expect(latin.stdout).toMatch(/stored 1, duplicate 0, rejected 0 \(not valid UTF-8: read as Windows-1252\)/);
  });

  it('refuses a report of another site with SITE_MISMATCH, exit 1', async () => {
    const mlb = await cli(['ingest', writeTemp(`${HEADER}\nR;2;MLB;SETTLEMENT;10.00;BRL;2026-11-02T10:00:00.000-03:00;x\n`)]);
    expect(mlb.code).toBe(1);
    expect(mlb.stderr).toMatch(/error SITE_MISMATCH: .*line 2 belongs to another site: its SITE is MLB, but account default reconciles MLA/);
  });

  it('fails an all-rejected file with INGEST_ALL_REJECTED, exit 1, pointing at its rejected rows', async () => {
    const bad = await cli(['ingest', writeTemp(`${HEADER}\nR;3;MLA;SETTLEMENT;abc;ARS;2026-11-03T10:00:00.000-03:00;x\n`), '--from', '2026-11-03', '--to', '2026-11-03']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/error INGEST_ALL_REJECTED: .*all 1 row\(s\) were rejected.*rejected_rows where report_file_id = (\d+);/);
    // The refused MLB file used an id from the sequence and stored nothing.
    rejectedId = /report_file_id = (\d+)/.exec(bad.stderr)?.[1];
  });

  it('lists every file with its status and encoding', async () => {
    const list = await cli(['files', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^id\s+kind\s+status\s+covers_from\s+covers_to\s+rows_stored\s+rows_duplicate\s+rows_rejected\s+encoding/);
    expect(list.stdout).toMatch(/\n\s*1\s+settlement\s+ingested\s+2026-11-02\s+2026-11-02\s+1\s+0\s+0\s+windows-1252/);
    expect(list.stdout).toMatch(new RegExp(`\\n\\s*${rejectedId}\\s+settlement\\s+rejected\\s+2026-11-03\\s+2026-11-03\\s+0\\s+0\\s+1\\s+utf-8`));
  });

  it('retracts a file with a note (and asks for the note)', async () => {
    expect((await cli(['files', 'retract', '1'])).code).toBe(2);
    const retract = await cli(['files', 'retract', '1', '--note', 'test file']);
    expect(retract.code).toBe(0);
    expect(retract.stdout).toMatch(/report file 1 \(settlement, 2026-11-02\.\.2026-11-02\) retracted: 1 row\(s\) removed/);
  });

  it('lists a retracted file with its note as JSON', async () => {
    const json = JSON.parse((await cli(['files', 'list', '--format', 'json'])).stdout) as { id: string; status: string; retract_note: string | null }[];
    expect(json.map((f) => [f.id, f.status, f.retract_note])).toEqual([
      ['1', 'retracted', 'test file'],
      [rejectedId, 'rejected', null],
    ]);
  });
});
