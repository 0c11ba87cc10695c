import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcileWindow } from '../jobs/reconcile-window.ts';
import { stageLines } from '../cli/stage-lines.ts';
import { createLogger } from '../src/log.ts';
import type { ReconcileStage } from '../src/reconcile/stages.ts';
import { load } from './helpers/fixtures.ts';
import { createTestDb, type TestDb } from './helpers/test-db.ts';

const WEEK = { from: '2026-11-01', to: '2026-11-07' };
const AT = '2026-11-03T10:00:00.000-03:00';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  await load(t.deps, {
    orders: [{ id: 'O1', amount: '70.00' }, { id: 'O2', amount: '30.00' }],
    reports: [
      {
        ...WEEK,
        rows: [
          { ref: 'REF-O1', payment: '1', amount: '69.00', at: AT },
          { ref: 'REF-O2', payment: '2', amount: '30.00', at: AT },
          { ref: 'UNKNOWN-1', payment: '3', amount: '10.00', at: AT },
        ],
      },
    ],
  });
});
afterAll(async () => t.close());

function collect(): { lines: string[]; stream: Writable & { isTTY?: boolean } } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, stream };
}

describe('reconcile reports its stages with counts', () => {
  it('reports each stage as it ends, in order, with what it produced', async () => {
    const stages: ReconcileStage[] = [];
    await reconcileWindow(t.deps, { ...WEEK, onStage: (s) => stages.push(s) });
    const again: ReconcileStage[] = [];
    await reconcileWindow(t.deps, { ...WEEK, onStage: (s) => again.push(s) });

    expect(stages.map((s) => s.text)).toEqual([
      'window rows 3',
      'orders in scope 2',
      'findings 2 (2 kinds)',
      'merged: 2 new, 0 reopened, 0 still open',
      'auto-resolved 0',
    ]);
    expect(again.map((s) => s.text)).toContain('merged: 0 new, 0 reopened, 2 still open');
    for (const s of stages) expect(s.seconds).toBeGreaterThanOrEqual(0);
  });

  it('logs each stage as an info line, for runs off a terminal', async () => {
    const { lines, stream } = collect();
    const log = createLogger({ level: 'info', destination: stream });
    await reconcileWindow({ ...t.deps, log }, WEEK);
    const stageLogs = lines.map((l) => JSON.parse(l) as { stage?: string; msg: string }).filter((l) => l.stage);
    expect(stageLogs.map((l) => [l.stage, l.msg])).toEqual([
      ['window', 'window rows 3'],
      ['scope', 'orders in scope 2'],
      ['findings', 'findings 2 (2 kinds)'],
      ['merged', 'merged: 0 new, 0 reopened, 2 still open'],
      ['auto-resolved', 'auto-resolved 0'],
    ]);
  });

  it('the CLI prints a line per stage on a terminal, and none elsewhere', () => {
    const tty = collect();
    tty.stream.isTTY = true;
    const onStage = stageLines(tty.stream, 'reconcile');
    onStage?.({ stage: 'window', text: 'window rows 200,000', seconds: 0.412 });
    expect(tty.lines).toEqual(['reconcile: window rows 200,000 (0.41 s)']);

    expect(stageLines(collect().stream, 'reconcile')).toBeUndefined();
  });
});
