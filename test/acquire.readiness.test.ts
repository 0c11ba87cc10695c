/**
 * Report readiness as Mercado Pago documents it, fetched over HTTP from the simulator in both list
 * shapes MP shows: the API reference's items (with `status`) and the reports guide's older items (no
 * status: a `file_name` means ready), with and without an id in create's answer (then the task is found
 * by its dates among manual tasks). The list is paged until the task shows up; the wait has a cap from
 * RECON_REPORT_WAIT_MINUTES; a task that outlives it is remembered and the next run waits for it.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { type AcquireDeps, acquireReports } from '../jobs/acquire-reports.ts';
import { loadConfig } from '../src/config.ts';
import type { SimQuirks } from '../simulator/quirks.ts';
import { count, payment, seedAccount, useAcquireEnv } from './helpers/acquire-env.ts';

const RANGE = { from: '2026-03-01', to: '2026-03-09', kind: 'settlement' as const };
const world = useAcquireEnv('2026-03-10T12:00:00Z');
let deps: AcquireDeps;

async function remembered(): Promise<{ task_id: string | null; runs_waited: number }[]> {
  return deps.conn.db.selectFrom('report_tasks').select(['task_id', 'runs_waited']).execute();
}

const SHAPES: [string, Partial<SimQuirks>][] = [
  ['the API reference shape (status: processed)', { listShape: 'reference' }],
  ['the guide shape (no status, file_name when ready)', { listShape: 'guide' }],
  ['the guide shape, with create answering no id', { listShape: 'guide', createAnswersId: false }],
];

describe.each(SHAPES)('report readiness in %s', (_name, quirks) => {
  beforeEach(async () => {
    await world.db.reset();
    seedAccount(world.env, [payment('7001', 'REF-7001', '1500.00', '2026-03-05T10:00:00-03:00', '90.00')]);
    world.env.sim.state.setQuirks(quirks);
    world.env.sim.state.reportDelayMs = 0;
    world.env.clock.set('2026-03-10T12:00:00Z');
    world.env.sleeps.length = 0;
    deps = world.env.deps(world.db.deps);
  });

  it('fetches, downloads and ingests the report', async () => {
    const r = await acquireReports(deps, RANGE);
    expect(r.status === 'done' && r.files.map((f) => [f.source, f.status])).toEqual([['requested', 'ingested']]);
    expect(await count(deps, 'mp_settlement_rows')).toBe(1);
    expect(await remembered()).toEqual([]);
  });

  it('pages through the list until it finds its task behind other reports', async () => {
    world.env.sim.state.setQuirks({ listOrder: 'oldest_first' });
    for (let day = 1; day <= 5; day += 1) {
      await deps.mp.reports.create('settlement_report', { beginDate: `2026-02-0${day}T03:00:00Z`, endDate: `2026-02-0${day + 1}T03:00:00Z` });
    }
    const r = await acquireReports(deps, { ...RANGE, tuning: { wait: { pageSize: 2, pollMs: 1_000, timeoutMs: 60_000 } } });
    expect(r.status).toBe('done');
    expect(await count(deps, 'mp_settlement_rows')).toBe(1);
  });

  it('remembers a task still pending at the wait cap, and the next run waits for it instead of asking again', async () => {
    world.env.sim.state.reportDelayMs = 2 * 3_600_000;
    await expect(acquireReports(deps, { ...RANGE, tuning: { wait: { pollMs: 5_000, timeoutMs: 60_000 } } })).rejects.toMatchObject({ code: 'MP_REPORT_NOT_READY' });
    expect(await remembered()).toEqual([{ task_id: quirks.createAnswersId === false ? null : expect.any(String), runs_waited: 1 }]);
    expect(world.env.created('settlement_report')).toBe(1);

    world.env.clock.advance(2 * 3_600_000);
    const r = await acquireReports(deps, RANGE);
    expect(r.status === 'done' && r.files.map((f) => f.status)).toEqual(['ingested']);
    expect(world.env.created('settlement_report')).toBe(1);
    expect(await remembered()).toEqual([]);
  });

  it('fails a task MP marks as failed, and forgets it so the next run asks afresh', async () => {
    world.env.sim.state.addFault({ method: 'POST', path: '/v1/account/settlement_report', type: 'report_error', status: 'error', times: 1 });
    await expect(acquireReports(deps, RANGE)).rejects.toMatchObject({ code: 'MP_REPORT_FAILED' });
    expect(await remembered()).toEqual([]);
    expect((await acquireReports(deps, RANGE)).status).toBe('done');
    expect(world.env.created('settlement_report')).toBe(2);
  });
});

describe('the report wait cap', () => {
  beforeEach(async () => {
    await world.db.reset();
    seedAccount(world.env, []);
    world.env.sleeps.length = 0;
  });

  it('comes from RECON_REPORT_WAIT_MINUTES, with a default above the old fixed 10 minutes', async () => {
    expect(loadConfig({}).reportWaitMinutes).toBe(60);
    deps = world.env.deps(await world.db.depsWith({ RECON_REPORT_WAIT_MINUTES: '2' }));
    world.env.sim.state.addFault({ method: 'POST', path: '/v1/account/settlement_report', type: 'stuck_pending', times: 1 });
    await expect(acquireReports(deps, RANGE)).rejects.toMatchObject({ code: 'MP_REPORT_NOT_READY', message: expect.stringContaining('RECON_REPORT_WAIT_MINUTES') });
    const slept = world.env.sleeps.reduce((a, b) => a + b, 0);
    expect(slept).toBeGreaterThan(60_000);
    expect(slept).toBeLessThanOrEqual(120_000);
  });
});
